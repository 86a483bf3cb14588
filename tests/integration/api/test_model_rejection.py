"""A retrained model that scores worse is rejected, and the API says why: which held-out figures fell, from what
to what. Held-out scoring is replaced by recorded figures (the real thing runs in test_learning_loop.py): a pack
holding the approved lesson scores worse than the pack alone."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tandem.dialogue.assistants import Assistants
from tandem.domain.packs import Pack
from tandem.models import registry as model_registry
from tandem.models.pack_eval import LanguageScore

from .conftest import Api, bearer, running_api
from .test_learning import candidates, handled_case

GOOD = [LanguageScore("en", 80, 80, 0, 0, 0, 20, 20, 0, 0)]  # held-out score 1.0
WORSE = [LanguageScore("en", 80, 70, 0, 0, 10, 20, 17, 0, 3)]  # 0.75: 10 needless hand-overs, 3 missed ones


@pytest.fixture
def rejecting_api(
    fresh_database_url: str, tmp_path: Path, assistants: Assistants, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Api]:
    def evaluate(pack: Pack, **_: Any) -> list[LanguageScore]:
        return WORSE if "price_match" in pack.intents else GOOD

    monkeypatch.setattr(model_registry, "evaluate_pack", evaluate)
    with running_api(fresh_database_url, tmp_path / "data", assistants, learning_retrain=True) as api:
        yield api


def test_a_rejected_version_says_which_figures_fell(rejecting_api: Api) -> None:
    api = rejecting_api
    agent, chat = handled_case(api)
    api.act(agent, chat, "resolve", {"intent": "price_match"})
    boss = api.supervisor()
    (candidate,) = candidates(api, boss)
    approved = api.client.post(f"/api/v1/learning/candidates/{candidate['id']}/approve", headers=bearer(boss))
    assert approved.status_code == 200, approved.text
    assert api.container.retrainer.wait(60), "retraining did not finish"

    response = api.client.get("/api/v1/models/ecommerce", headers=bearer(boss))
    assert response.status_code == 200, response.text
    models = response.json()
    rejected, baseline = models["versions"]
    assert rejected["status"] == "rejected" and models["serving"] == baseline["id"]
    assert models["training"] is False
    assert rejected["rejection"] == [
        {"measure": "score", "language": None, "before": 1.0, "after": 0.75, "allowed": 0.9975},
        {"measure": "answer_rate", "language": "en", "before": 1.0, "after": 0.875, "allowed": None},
        {"measure": "answer_precision", "language": "en", "before": 1.0, "after": 0.9589, "allowed": None},
        {"measure": "escalation_recall", "language": "en", "before": 1.0, "after": 0.85, "allowed": None},
        {"measure": "missed_escalations", "language": "en", "before": 0.0, "after": 3.0, "allowed": None},
    ]
    assert baseline["rejection"] is None
