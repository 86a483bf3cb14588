"""Model versions over a real store: the held-out gate, promotion, rejection, failure, rollback.

Held-out scoring and training are replaced by recorded figures and the session's trained model, so that the
rules are tested here without hours of training; the real thing runs in tests/integration/api/test_learning_loop.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tandem.domain.errors import Conflict
from tandem.domain.learning import ModelStatus
from tandem.nlu.intent_model import IntentModel
from tandem.services import model_registry
from tandem.services.model_registry import ModelRegistry
from tandem.services.pack_eval import LanguageScore
from tandem.store.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def scores(missed: int) -> list[LanguageScore]:
    """100 held-out messages; each missed escalation costs 5 of them (pack_eval)."""
    return [LanguageScore("en", 80, 80, 0, 0, 0, 20, 20 - missed, 0, missed)]


@pytest.fixture
def registry(uow: SqlUnitOfWork, tmp_path: Path) -> ModelRegistry:
    return ModelRegistry(uow, tmp_path / "models", lambda: NOW)


@pytest.fixture
def held_out(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Queue the held-out results: first the new model's, then (once) the active one's."""
    queue: list[Any] = []

    def evaluate(*_: Any, **__: Any) -> list[LanguageScore]:
        result = queue.pop(0)
        if isinstance(result, Exception):
            raise result
        return result  # type: ignore[no-any-return]

    monkeypatch.setattr(model_registry, "evaluate_pack", evaluate)
    yield queue
    assert queue == [], "a queued held-out result was never used"


@pytest.fixture
def quick_training(monkeypatch: pytest.MonkeyPatch, ecommerce_model: IntentModel) -> None:
    monkeypatch.setattr(model_registry, "train_pack_model", lambda *_, **__: ecommerce_model)


def test_a_model_scoring_worse_is_recorded_rejected_and_never_served(
    registry: ModelRegistry, ecommerce_model: IntentModel, held_out: list[Any]
) -> None:
    baseline = registry.baseline("ecommerce", ecommerce_model)
    held_out.extend([scores(missed=3), scores(missed=0)])  # new: 0.85; active (measured now): 1.0
    rejected = registry.train("ecommerce")
    assert rejected.status == ModelStatus.REJECTED and rejected.path == ""
    assert rejected.metrics["score"] == 0.85 and rejected.metrics["compared_with"] == {
        "version": baseline,
        "score": 1.0,
    }
    active = registry.active("ecommerce")
    assert active is not None and active.id == baseline
    assert active.metrics["score"] == 1.0  # the active one's score, measured once, is kept with it


def test_a_model_scoring_no_worse_is_promoted_and_can_be_rolled_back(
    registry: ModelRegistry, ecommerce_model: IntentModel, held_out: list[Any], quick_training: None
) -> None:
    baseline = registry.baseline("ecommerce", ecommerce_model)
    held_out.extend([scores(missed=1), scores(missed=1)])
    promoted = registry.train("ecommerce")
    assert promoted.status == ModelStatus.ACTIVE and Path(promoted.path).exists()
    assert promoted.calibration["answer"] == ecommerce_model.thresholds.answer  # type: ignore[union-attr]
    assert [v.status for v in registry.versions("ecommerce")] == [ModelStatus.ACTIVE, ModelStatus.RETIRED]
    served = registry.load(promoted)
    assert served.version_id == promoted.id and served.model.labels == ecommerce_model.labels
    assert registry.rollback("ecommerce").id == baseline
    assert registry.active("ecommerce").id == baseline  # type: ignore[union-attr]
    with pytest.raises(Conflict, match="nothing to roll back"):
        registry.rollback("ecommerce")


def test_a_failed_training_is_recorded_with_its_error(
    registry: ModelRegistry, ecommerce_model: IntentModel, held_out: list[Any]
) -> None:
    baseline = registry.baseline("ecommerce", ecommerce_model)
    held_out.append(RuntimeError("out of memory"))
    with pytest.raises(RuntimeError):
        registry.train("ecommerce")
    failed, active = registry.versions("ecommerce")
    assert failed.status == ModelStatus.FAILED and "out of memory" in failed.metrics["error"]
    assert active.id == baseline and active.status == ModelStatus.ACTIVE
