"""Model versions over a real store: the held-out gate, promotion, rejection, failure, rollback.

Held-out scoring and training are replaced by recorded figures and the session's trained model, so that the
rules are tested here without hours of training; the real thing runs in tests/integration/api/test_learning_loop.
"""

import copy
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tandem.domain.errors import Conflict
from tandem.domain.learning import CandidateStatus, LearnedAnswer, ModelStatus, NewCandidate
from tandem.domain.triage import OUT_OF_SCOPE_INTENT
from tandem.models import registry as model_registry
from tandem.models.learned_pack import with_learned
from tandem.models.pack_eval import LanguageScore
from tandem.models.registry import ModelRegistry
from tandem.models.training import train_model
from tandem.nlu.dataset import Dataset, from_packs
from tandem.nlu.intent_model import IntentModel
from tandem.packs.catalog import find_pack
from tandem.store.unit_of_work import SqlUnitOfWork

from ..store.builders import conversation

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
    # A copy: the registry sets the model's probation, and the session's model is shared.
    monkeypatch.setattr(model_registry, "train_pack_model", lambda *_, **__: copy.copy(ecommerce_model))


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
    # Why, for the supervisor: the score against the active one's, then what fell in English.
    assert rejected.metrics["rejection"] == [
        {"measure": "score", "language": None, "before": 1.0, "after": 0.85, "allowed": 0.9975},
        {"measure": "answer_precision", "language": "en", "before": 1.0, "after": 0.9639},
        {"measure": "escalation_recall", "language": "en", "before": 1.0, "after": 0.85},
        {"measure": "missed_escalations", "language": "en", "before": 0, "after": 3},
    ]
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


PRICE_MATCH = "can you price match a cheaper shop"


@pytest.fixture(scope="module")
def price_match_model() -> IntentModel:
    """The pack plus a learned `price_match` intent, trained once (TF-IDF only, no folds: seconds, not minutes)."""
    lesson = LearnedAnswer(1, "ecommerce", "en", "price_match", PRICE_MATCH, "We do not match other shops' prices.")
    return train_model(from_packs([with_learned(find_pack("ecommerce"), [lesson])]), ("tfidf",), oos_class=True)


def approve(uow: SqlUnitOfWork, conversation_id: str, intent: str, suggested: str | None, checks: bool) -> None:
    with uow() as tx:
        tx.conversations.add(conversation(conversation_id))
        added = tx.candidates.add(
            NewCandidate(conversation_id, "ecommerce", "en", PRICE_MATCH, intent, suggested, "No.", NOW, None, checks)
        )
        tx.candidates.update(replace(added, status=CandidateStatus.APPROVED, reviewed_at=NOW))
        tx.commit()


def test_a_learned_intent_is_on_probation_and_wrong_checks_put_a_pack_intent_there_too(
    uow: SqlUnitOfWork,
    registry: ModelRegistry,
    ecommerce_model: IntentModel,
    held_out: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    price_match_model: IntentModel,
) -> None:
    def train(data: Dataset, *_: Any, **__: Any) -> IntentModel:
        assert "price_match" in data.labels  # trained on the approved lessons
        return copy.copy(price_match_model)

    monkeypatch.setattr(model_registry, "train_pack_model", train)
    baseline = registry.baseline("ecommerce", ecommerce_model)
    assert registry.versions("ecommerce")[0].data["probation"] == []  # the pack's own model: nothing on probation
    approve(uow, "c1", "price_match", None, checks=False)  # a new intent, from a question the AI was unsure of
    # The AI answered order_status twice and the customers rejected it: people named price_match instead.
    approve(uow, "c2", "price_match", "order_status", checks=True)
    approve(uow, "c3", "price_match", "order_status", checks=True)
    approve(uow, "c4", "refund_status", "refund_status", checks=True)
    held_out.extend([scores(missed=0), scores(missed=0)])

    version = registry.train("ecommerce")

    assert version.status == ModelStatus.ACTIVE and version.id != baseline
    assert version.data["probation"] == ["order_status", "price_match"]
    assert version.data["checks"] == {"order_status": [0, 2], "refund_status": [1, 0]}
    served = registry.load(registry.active("ecommerce"))  # type: ignore[arg-type]
    assert served.model.probation == {"order_status", "price_match"}  # kept in the model file
    vouched = set(find_pack("ecommerce").intents) - {"order_status"}
    assert vouched and vouched & set(served.model.labels) == vouched
    assert not vouched & served.model.probation  # the pack's other intents stay trusted
    assert OUT_OF_SCOPE_INTENT in served.model.labels and OUT_OF_SCOPE_INTENT not in served.model.probation
