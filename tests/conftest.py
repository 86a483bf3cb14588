import os
from pathlib import Path
from typing import Any

# Model weights ship inside packages; a test must never reach for a model hub. Set before any import of them.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest

from tandem.nlu.intent_model import IntentModel

# Browser test files that start a server of their own instead of the session's shared one (the learning loop's,
# whose retraining takes minutes): the scheduler runs them beside the shared-server ones, not after them.
OWN_SERVER = frozenset({"tests/browser/test_learning.py", "tests/browser/test_company_pack.py"})


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With pytest-xdist (`make test` runs two workers): each test file runs whole on one worker, as its module
    fixtures expect, and the browser tests all on the same one, in order, since they share one server whose
    state each leaves for the next; those with a server of their own (`OWN_SERVER`) run beside them."""
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            shared = path.startswith("tests/browser/") and path not in OWN_SERVER
            return "tests/browser" if shared else path

    return ByFile(config, log)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """One cache of trained pack models for the whole run: each pack model trains once, when first needed,
    whatever the number of pytest-xdist workers (they share the directory; `pack_model` locks a model while it
    trains). Set TANDEM_TEST_MODEL_CACHE to a directory to keep it between runs while developing (models are
    cached per pack content, so an edited pack still retrains)."""
    kept = os.environ.get("TANDEM_TEST_MODEL_CACHE")
    if kept:
        cache = Path(kept) / "models"
    elif worker_id == "master":
        cache = tmp_path_factory.mktemp("models")  # one process
    else:
        cache = tmp_path_factory.getbasetemp().parent / "models"  # shared by the workers of this run
    cache.mkdir(parents=True, exist_ok=True)
    return cache


@pytest.fixture(scope="session")
def ecommerce_model(model_dir: Path) -> IntentModel:
    from tandem.models.pack_models import pack_model

    return pack_model("ecommerce", model_dir)
