import os
from pathlib import Path

# Model weights ship inside packages; a test must never reach for a model hub. Set before any import of them.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest

from tandem.nlu.intent_model import IntentModel


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of trained pack models for the whole run: each pack model trains once. Set
    TANDEM_TEST_MODEL_CACHE to a directory to keep it between runs while developing (models are cached per pack
    content, so an edited pack still retrains)."""
    kept = os.environ.get("TANDEM_TEST_MODEL_CACHE")
    if kept:
        cache = Path(kept) / "models"
        cache.mkdir(parents=True, exist_ok=True)
        return cache
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def ecommerce_model(model_dir: Path) -> IntentModel:
    from tandem.models.pack_models import pack_model

    return pack_model("ecommerce", model_dir)
