"""Processes sharing a model cache (a server's workers) train a missing pack model once: the others wait, load."""

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tandem.models import pack_models
from tandem.nlu.dataset import Dataset
from tandem.nlu.intent_model import IntentModel


def _tiny_model() -> IntentModel:
    texts = ["where is my parcel", "track my order", "refund please", "i want my money back"]
    labels = ["order_status", "order_status", "refund", "refund"]
    model = IntentModel(("tfidf",))
    model.fit_vocabulary(texts)
    return model.fit_features(model.featurize(texts), labels)


def test_two_processes_asking_at_once_train_the_model_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    trained: list[int] = []

    def slow_training(data: Dataset, representations: tuple[str, ...], *args: Any, **kwargs: Any) -> IntentModel:
        trained.append(threading.get_ident())
        time.sleep(0.5)  # long enough for the other caller to find the model missing and wait
        return _tiny_model()

    monkeypatch.setattr(pack_models, "train_pack_model", slow_training)
    got: list[IntentModel] = []
    callers = [threading.Thread(target=lambda: got.append(pack_models.pack_model("ecommerce", tmp_path))) for _ in "ab"]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(timeout=30)

    assert len(trained) == 1  # one trained; the other waited, then loaded what it saved
    assert len(got) == 2 and all(model.labels == ("order_status", "refund") for model in got)
    assert [p.suffix for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == [".joblib"]
