"""The conversation's state machine, without a database: every transition from every status."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tandem.domain import lifecycle
from tandem.domain.conversations import Conversation, ConversationStatus, Customer
from tandem.domain.dialogue import AiState
from tandem.domain.errors import Conflict
from tandem.domain.handoff import HandoffPacket
from tandem.domain.lifecycle import Transition

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(minutes=5)
S = ConversationStatus
PACKET = HandoffPacket(("frustration",), (), "fr", (), None, "Ana demande…", (), (), (), 2)


def at(status: ConversationStatus, **changes: object) -> Conversation:
    base = Conversation("c1", "ecommerce", "fr", Customer("Ana"), T0, status=status)
    if status == S.QUEUED:
        base = replace(base, queued_at=T0, escalation_reasons=("asked_for_human",), priority=1)
    if status == S.ASSIGNED:
        base = replace(base, queued_at=T0, agent_id=7, assigned_at=T0 + timedelta(minutes=1))
    if status == S.RESOLVED:
        base = replace(base, agent_id=7, resolved_at=T0 + timedelta(minutes=3), csat=4)
    return replace(base, **changes)  # type: ignore[arg-type]


MOVES = {
    Transition.ESCALATE: lambda c: lifecycle.escalated(c, NOW, ("frustration",), 2, PACKET, supervisor_only=True),
    Transition.ASSIGN: lambda c: lifecycle.assigned(c, 9, NOW),
    Transition.RESOLVE: lambda c: lifecycle.resolved(c, NOW),
    Transition.END: lambda c: lifecycle.ended(c, NOW, "abuse"),
    Transition.HAND_BACK: lambda c: lifecycle.handed_back(c, AiState()),
    Transition.TRANSFER: lambda c: lifecycle.transferred(c, "telecom", None, NOW),
    Transition.REQUEUE: lambda c: lifecycle.requeued(c, NOW),
    Transition.REOPEN: lifecycle.reopened,
}

EXPECTED = {  # (from, transition) -> status after; every pair not listed is refused
    (S.BOT, Transition.ESCALATE): S.QUEUED,
    (S.QUEUED, Transition.ASSIGN): S.ASSIGNED,
    (S.BOT, Transition.RESOLVE): S.RESOLVED,
    (S.QUEUED, Transition.RESOLVE): S.RESOLVED,
    (S.ASSIGNED, Transition.RESOLVE): S.RESOLVED,
    (S.QUEUED, Transition.END): S.RESOLVED,  # kept for a supervisor and not taken in time
    (S.ASSIGNED, Transition.END): S.RESOLVED,
    (S.ASSIGNED, Transition.HAND_BACK): S.BOT,
    (S.QUEUED, Transition.TRANSFER): S.QUEUED,
    (S.ASSIGNED, Transition.TRANSFER): S.QUEUED,
    (S.ASSIGNED, Transition.REQUEUE): S.QUEUED,
    (S.RESOLVED, Transition.REOPEN): S.BOT,
}


def test_every_transition_is_covered() -> None:
    assert set(MOVES) == set(Transition)


@pytest.mark.parametrize("transition", list(Transition))
@pytest.mark.parametrize("status", list(S))
def test_each_move_from_each_status(status: ConversationStatus, transition: Transition) -> None:
    conversation = at(status)
    expected = EXPECTED.get((status, transition))
    assert lifecycle.allowed(conversation, transition) == (expected is not None)
    if expected is None:
        with pytest.raises(Conflict):
            MOVES[transition](conversation)
        return
    after = MOVES[transition](conversation)
    assert after.status == expected == lifecycle.target(transition)
    assert after.id == conversation.id and after.customer == conversation.customer


def test_escalation_queues_with_the_packet_and_keeps_earlier_reasons() -> None:
    before = at(S.BOT, escalation_reasons=("low_confidence",), waiting_reasons=("break_due",))
    after = lifecycle.escalated(before, NOW, ("frustration", "low_confidence"), 3, PACKET, supervisor_only=True)
    assert after.escalation_reasons == ("low_confidence", "frustration")
    assert (after.priority, after.queued_at, after.handoff, after.supervisor_only) == (3, NOW, PACKET, True)
    assert (after.agent_id, after.assigned_at, after.waiting_reasons) == (None, None, ())


def test_people_moves_clear_or_set_the_agent() -> None:
    assigned = lifecycle.assigned(at(S.QUEUED, waiting_reasons=("break_due",)), 9, NOW)
    assert (assigned.agent_id, assigned.assigned_at, assigned.waiting_reasons) == (9, NOW, ())
    for moved in (lifecycle.requeued(at(S.ASSIGNED), NOW), lifecycle.transferred(at(S.ASSIGNED), "telecom", None, NOW)):
        # Back in the queue now: the minutes spent with the agent are no wait.
        assert (moved.agent_id, moved.assigned_at, moved.queued_at) == (None, None, NOW)
    # A transfer of a conversation still waiting keeps its wait: it never left the queue.
    assert lifecycle.transferred(at(S.QUEUED), "telecom", None, NOW).queued_at == T0
    back = lifecycle.handed_back(at(S.ASSIGNED), AiState(language="fr"))
    assert (back.agent_id, back.assigned_at, back.ai_state) == (None, None, AiState(language="fr"))


def test_transfer_changes_team_and_keeps_the_language_unless_told() -> None:
    assert lifecycle.transferred(at(S.QUEUED), "telecom", None, NOW).language == "fr"
    moved = lifecycle.transferred(at(S.QUEUED), "telecom", "en", NOW)
    assert (moved.domain, moved.language) == ("telecom", "en")


def test_the_end_of_a_conversation() -> None:
    resolved = lifecycle.resolved(at(S.ASSIGNED), NOW)
    assert (resolved.resolved_at, resolved.flagged, resolved.agent_id) == (NOW, False, 7)
    ended = lifecycle.ended(at(S.ASSIGNED), NOW, "abuse")
    assert (ended.resolved_at, ended.flagged, ended.flag_reason) == (NOW, True, "abuse")
    unanswered = lifecycle.ended(at(S.QUEUED, supervisor_only=True), NOW, "abuse")  # no supervisor took it in time
    assert (unanswered.resolved_at, unanswered.flag_reason, unanswered.agent_id) == (NOW, "abuse", None)
    reopened = lifecycle.reopened(at(S.RESOLVED))
    assert (reopened.resolved_at, reopened.agent_id, reopened.csat) == (None, None, None)


@pytest.mark.parametrize(
    ("transition", "status", "message"),
    [
        (Transition.RESOLVE, S.RESOLVED, "this conversation is already resolved"),
        (Transition.END, S.BOT, "only a conversation with people can be ended; this one is bot"),
        (Transition.HAND_BACK, S.BOT, "only an assigned conversation can be handed back; this one is bot"),
        (Transition.TRANSFER, S.RESOLVED, "only a conversation with people can be transferred; this one is resolved"),
    ],
)
def test_a_refused_move_says_why(transition: Transition, status: ConversationStatus, message: str) -> None:
    with pytest.raises(Conflict, match=f"^{message}$"):
        MOVES[transition](at(status))


def test_the_speed_of_answer_after_a_requeue_counts_only_the_second_wait() -> None:
    first = lifecycle.assigned(at(S.QUEUED), 7, T0 + timedelta(minutes=1))
    back = lifecycle.requeued(first, T0 + timedelta(minutes=20))  # 19 minutes with the agent, then a break
    again = lifecycle.assigned(back, 9, T0 + timedelta(minutes=21))
    assert again.assigned_at is not None and again.queued_at is not None
    assert (again.assigned_at - again.queued_at) == timedelta(minutes=1)  # what metrics/summary.py averages
