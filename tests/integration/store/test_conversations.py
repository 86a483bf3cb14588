from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tandem.domain.conversations import ConversationStatus, Customer
from tandem.domain.dialogue import AiState, FlowState
from tandem.domain.errors import Conflict, NotFound
from tandem.domain.handoff import Fact, HandoffPacket
from tandem.domain.meta import Mention
from tandem.domain.triage import Decision, Turn
from tandem.store import SqlUnitOfWork

from .builders import T0, conversation, new_agent

QUEUED = ConversationStatus.QUEUED
FULL_STATE = AiState(
    language="fr",
    history=(Turn("refund_request", Decision.ANSWER, resolved=True), Turn(None, Decision.CLARIFY)),
    flow=FlowState("track_order", {"order_id": "100234"}, verified=True, record={"status": "shipped"}, asked="email"),
    options=("refund_request",),
    known=(("order_id", "100234"),),
    facts=(("track_order", (("status", "shipped"),)),),
    abuse_warned=True,
)
FULL_PACKET = HandoffPacket(
    reasons=("frustration", "legal"),
    intents=("refund_request",),
    language="fr",
    entities=(Mention("order_id", "A-1234", "a-1234"),),
    question="Colis perdu ?",
    summary="Colis perdu",
    offline_summary="Zoé demande : refund request.",
    ai_tried=("Votre commande est en route.",),
    sentiment_trail=(-0.2, -0.7),
    facts=(Fact("track_order", (("status", "shipped"), ("carrier", "UPS"))),),
    priority=2,
)
ASSIGNED = ConversationStatus.ASSIGNED


def test_every_field_round_trips(uow: SqlUnitOfWork) -> None:
    paris = timezone(timedelta(hours=2))
    with uow() as tx:
        agent = tx.agents.add(new_agent())
        stored = conversation(
            "c-full",
            language=None,
            customer=Customer("Zoé Martin", email="zoe@example.fr", vip=True),
            status=ASSIGNED,
            ai_state=FULL_STATE,
            escalation_reasons=("frustration", "legal"),
            priority=2,
            queued_at=datetime(2025, 3, 1, 11, 0, 0, 123456, tzinfo=paris),
            handoff=FULL_PACKET,
            agent_id=agent.id,
            assigned_at=T0 + timedelta(seconds=90),
            resolved_at=T0 + timedelta(hours=1),
            csat=5,
            flagged=True,
            flag_reason="abuse",
            supervisor_only=True,
            waiting_reasons=("break_due", "break_due:1"),
        )
        tx.conversations.add(stored)
        tx.commit()
    with uow() as tx:
        loaded = tx.conversations.get("c-full")
    assert loaded == stored
    assert isinstance(loaded.escalation_reasons, tuple)
    for moment in (loaded.created_at, loaded.queued_at, loaded.assigned_at, loaded.resolved_at):
        assert moment is not None
        assert moment.tzinfo is not None
        assert moment.utcoffset() == timedelta(0)
    assert loaded.queued_at == datetime(2025, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)


def test_defaults_round_trip_with_sql_null_handoff(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c-min"))
        assert tx.conversations.get("c-min") == conversation("c-min")
        assert tx.conversations.get("c-min").handoff is None


def test_update_writes_every_field(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        changed = replace(
            conversation("c1"), status=QUEUED, queued_at=T0, priority=1, handoff=FULL_PACKET, ai_state=FULL_STATE
        )
        tx.conversations.update(changed)
        assert tx.conversations.get("c1") == changed


def test_editing_a_returned_mapping_in_place_still_updates(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1", ai_state=FULL_STATE))
        loaded = tx.conversations.get("c1")
        assert loaded.ai_state.flow is not None
        loaded.ai_state.flow.slots["order_id"] = "100999"  # the session's row must not change behind our back
        assert tx.conversations.get("c1").ai_state == FULL_STATE
        tx.conversations.update(loaded)
        tx.commit()
    with uow() as tx:
        flow = tx.conversations.get("c1").ai_state.flow
        assert flow is not None and flow.slots == {"order_id": "100999"}


def test_missing_conversation_is_not_found(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        with pytest.raises(NotFound):
            tx.conversations.get("nope")
        with pytest.raises(NotFound):
            tx.conversations.lock("nope")
        with pytest.raises(NotFound):
            tx.conversations.update(conversation("nope"))


def test_duplicate_id_is_a_conflict_and_the_transaction_goes_on(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        with pytest.raises(Conflict):
            tx.conversations.add(conversation("c1", domain="telecom"))
        tx.conversations.add(conversation("c2"))
        assert tx.conversations.get("c1").domain == "ecommerce"
        assert [c.id for c in tx.conversations.created_since(None)] == ["c1", "c2"]


def test_lock_returns_the_conversation(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        assert tx.conversations.lock("c1") == conversation("c1")


def test_queue_is_oldest_first_then_by_id(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("late", minutes=5, status=QUEUED))
        tx.conversations.add(conversation("b-tie", minutes=1, status=QUEUED))
        tx.conversations.add(conversation("a-tie", minutes=1, status=QUEUED))
        tx.conversations.add(conversation("bot", minutes=0))
        assert [c.id for c in tx.conversations.queued()] == ["a-tie", "b-tie", "late"]


def test_claim_assigns_once_and_logs_it(uow: SqlUnitOfWork) -> None:
    at = T0 + timedelta(minutes=3)
    with uow() as tx:
        ana, bob = tx.agents.add(new_agent("ana")), tx.agents.add(new_agent("bob"))
        tx.conversations.add(conversation("c1", status=QUEUED))
        tx.conversations.add(conversation("c2", minutes=1, status=QUEUED))
        tx.conversations.add(conversation("c-bot"))
        assert tx.conversations.claim("c1", ana.id, at)
        assert not tx.conversations.claim("c1", bob.id, at)  # no longer queued
        assert not tx.conversations.claim("c-bot", bob.id, at)  # never queued
        assert not tx.conversations.claim("unknown", bob.id, at)
        claimed = tx.conversations.get("c1")
        assert (claimed.status, claimed.agent_id, claimed.assigned_at) == (ASSIGNED, ana.id, at)
        assert [c.id for c in tx.conversations.queued()] == ["c2"]
        assert tx.conversations.assignment_counts() == {"c1": 1}
        tx.commit()
    with uow() as tx:
        assert tx.conversations.get("c1").status == ASSIGNED
        assert tx.conversations.assigned_to(ana.id) == [claimed]


def test_assignment_views(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        ana, bob = tx.agents.add(new_agent("ana")), tx.agents.add(new_agent("bob"))
        for index, name in enumerate(["c1", "c2", "c3", "c4"]):
            tx.conversations.add(conversation(name, minutes=index, status=QUEUED))
        tx.conversations.claim("c2", ana.id, T0 + timedelta(minutes=10))
        tx.conversations.claim("c1", ana.id, T0 + timedelta(minutes=11))
        tx.conversations.claim("c3", bob.id, T0 + timedelta(minutes=12))
        resolved = replace(tx.conversations.get("c3"), status=ConversationStatus.RESOLVED, resolved_at=T0)
        tx.conversations.update(resolved)
        assert [c.id for c in tx.conversations.assigned_to(ana.id)] == ["c2", "c1"]
        assert tx.conversations.assigned_to(bob.id) == []
        assert tx.conversations.count_assigned() == {ana.id: 2}
        assert tx.conversations.assignment_counts() == {"c1": 1, "c2": 1, "c3": 1}
        assert [c.id for c in tx.conversations.with_status(QUEUED)] == ["c4"]
        assert [c.id for c in tx.conversations.with_status(ConversationStatus.RESOLVED)] == ["c3"]


def test_created_since_includes_the_boundary(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        for index in range(3):
            tx.conversations.add(conversation(f"c{index}", minutes=index))
        assert [c.id for c in tx.conversations.created_since(T0 + timedelta(minutes=1))] == ["c1", "c2"]
        assert len(tx.conversations.created_since(None)) == 3
