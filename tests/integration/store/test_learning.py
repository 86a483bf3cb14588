"""Learning candidates and model versions on SQLite and PostgreSQL."""

from dataclasses import replace
from datetime import timedelta

import pytest

from tandem.domain.errors import NotFound
from tandem.domain.learning import CandidateStatus, ModelStatus, ModelVersion, NewCandidate
from tandem.store.unit_of_work import SqlUnitOfWork

from .builders import T0, conversation


def candidate(conversation_id: str = "c1", **fields: object) -> NewCandidate:
    values: dict[str, object] = {
        "conversation_id": conversation_id,
        "domain": "ecommerce",
        "language": "en",
        "question": "can you price match a cheaper shop",
        "intent": None,
        "suggested_intent": None,
        "answer": "We do not match other shops' prices.",
        "created_at": T0,
    }
    values.update(fields)
    return NewCandidate(**values)  # type: ignore[arg-type]


def version(domain: str = "ecommerce", status: ModelStatus = ModelStatus.ACTIVE, minutes: int = 0) -> ModelVersion:
    return ModelVersion(
        id=0,
        domain=domain,
        path=f"/models/{domain}-{minutes}.joblib",
        status=status,
        created_at=T0 + timedelta(minutes=minutes),
        data={"learned_ids": [1, 2]},
        metrics={"score": 0.91},
        calibration={"answer": 0.47},
    )


def test_a_candidate_is_stored_pending_with_every_kind_of_pii_redacted(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        added = tx.candidates.add(
            candidate(
                question="my card 4111 1111 1111 1111 was charged, mail me at ana@example.com",
                answer="Call us on +33 6 12 34 56 78",
            )
        )
        tx.commit()
    with uow(read_only=True) as tx:
        stored = tx.candidates.get(added.id)
    assert stored.status == CandidateStatus.PENDING
    assert "4111 1111" not in stored.question and "ana@example.com" not in stored.question
    assert "12 34 56 78" not in stored.answer
    assert stored == added


def test_review_updates_redact_again_and_filter_by_status(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        tx.conversations.add(conversation("c2", domain="telecom"))
        first = tx.candidates.add(candidate("c1"))
        tx.candidates.add(candidate("c2", domain="telecom"))
        locked = tx.candidates.lock(first.id)
        tx.candidates.update(
            replace(
                locked,
                status=CandidateStatus.APPROVED,
                intent="price_match",
                answer="Write to ana@example.com",
                reviewed_at=T0,
            )
        )
        tx.commit()
    with uow(read_only=True) as tx:
        assert [c.domain for c in tx.candidates.with_status(CandidateStatus.PENDING)] == ["telecom"]
        assert tx.candidates.with_status(CandidateStatus.PENDING, "ecommerce") == []
        (learned,) = tx.candidates.learned("ecommerce")
        assert [c.id for c in tx.candidates.for_conversation("c1")] == [first.id]
    assert (learned.intent, learned.question) == ("price_match", "can you price match a cheaper shop")
    assert "ana@example.com" not in learned.answer


def test_an_unknown_candidate_is_not_found(uow: SqlUnitOfWork) -> None:
    with uow() as tx, pytest.raises(NotFound):
        tx.candidates.get(999)


def test_model_versions_keep_their_records_and_one_active_per_domain(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        first = tx.models.add(version(minutes=0))
        tx.models.add(version("telecom", minutes=1))
        tx.models.hold()
        second = tx.models.add(version(minutes=2))
        tx.models.set_status(first.id, ModelStatus.RETIRED)
        tx.models.set_metrics(second.id, {"score": 0.95})
        tx.commit()
    with uow(read_only=True) as tx:
        active = tx.models.active("ecommerce")
        history = tx.models.of_domain("ecommerce")
    assert active is not None and active.id == second.id
    assert active.metrics == {"score": 0.95} and active.calibration == {"answer": 0.47}
    assert active.data == {"learned_ids": [1, 2]}
    assert [(v.id, v.status) for v in history] == [(second.id, ModelStatus.ACTIVE), (first.id, ModelStatus.RETIRED)]


def test_an_unknown_model_version_is_not_found(uow: SqlUnitOfWork) -> None:
    with uow() as tx, pytest.raises(NotFound):
        tx.models.get(12345)


def test_a_check_of_the_ais_guess_is_kept_and_learned_with_the_guess(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        tx.conversations.add(conversation("c2"))
        checking = tx.candidates.add(candidate("c1", suggested_intent="order_status", checks_intent=True))
        plain = tx.candidates.add(candidate("c2", suggested_intent="order_status"))
        for added in (checking, plain):
            tx.candidates.update(replace(added, status=CandidateStatus.APPROVED, intent="price_match"))
        tx.commit()
    with uow(read_only=True) as tx:
        assert (tx.candidates.get(checking.id).checks_intent, tx.candidates.get(plain.id).checks_intent) == (
            True,
            False,
        )
        learned = {item.id: item for item in tx.candidates.learned("ecommerce")}
    assert (learned[checking.id].suggested_intent, learned[checking.id].checks_intent) == ("order_status", True)
    assert (learned[plain.id].suggested_intent, learned[plain.id].checks_intent) == ("order_status", False)
    assert learned[checking.id].intent == "price_match"
