"""The supervisor's summary: containment, escalations, queue, waits, the team, satisfaction, abuse."""

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from tandem.domain.access import Principal, check_supervisor
from tandem.domain.conversations import Agent, AgentStatus, Conversation, ConversationStatus, Role
from tandem.domain.events import utc_json
from tandem.domain.ports import Transaction, UnitOfWork
from tandem.wellbeing import DEFAULT_WELLBEING, WellbeingPolicy

# A conversation with the AI whose customer has written nothing for this long is over: they left without asking
# for more help, which is what containment counts (DOMAIN.md). Until then it is still in progress.
QUIET_AFTER = timedelta(minutes=30)
ABUSE = "abuse"  # the flag "End (abuse)" and the supervisors' take-over timeout set


class MetricsService:
    def __init__(
        self, uow: UnitOfWork, clock: Callable[[], datetime], policy: WellbeingPolicy = DEFAULT_WELLBEING
    ) -> None:
        self._uow, self._clock, self._policy = uow, clock, policy

    def summary(self, principal: Principal, since: datetime | None = None) -> dict[str, Any]:
        """The dashboard's figures. ASA is the mean wait of the conversations a person picked up.

        Containment counts finished conversations only (`containment`: contained, finished, in progress):
        resolved or ended ones, those handed over to people (waiting, with a person, or done), and AI
        conversations whose customer has been quiet for QUIET_AFTER. Contained: finished without a hand-over.
        An AI conversation still going is neither contained nor not: it waits to be counted.

        The team is the agents without the supervisors: by status, and `agents_busy` of those available who
        hold at least one conversation. `ended_for_abuse` splits what ended for abuse into "End (abuse)" by
        staff and conversations no supervisor took in time; `cooling_down` lists the staff in their cool-down
        after an abusive contact (no hard contact until `until`).
        """
        check_supervisor(principal)
        now = self._clock()
        with self._uow(read_only=True) as tx:
            conversations = tx.conversations.created_since(since)
            staff = tx.agents.all()
            active = tx.conversations.count_assigned()
            engaged = [c for c in conversations if c.ai_state.history or c.escalation_reasons]
            finished = [c for c in engaged if _finished(tx, c, now)]
        contained = [c for c in finished if not c.escalation_reasons]
        queued = [c for c in conversations if c.status == ConversationStatus.QUEUED and c.queued_at]
        waits = [(now - c.queued_at).total_seconds() for c in queued if c.queued_at]
        answered = [
            (c.assigned_at - c.queued_at).total_seconds() for c in conversations if c.assigned_at and c.queued_at
        ]
        rated = [c.csat for c in conversations if c.csat is not None]
        return {
            "conversations": len(conversations),
            "containment_rate": round(len(contained) / len(finished), 4) if finished else None,
            "containment": {
                "contained": len(contained),
                "finished": len(finished),
                "in_progress": len(engaged) - len(finished),
            },
            "escalations_by_reason": dict(Counter(r for c in conversations for r in c.escalation_reasons)),
            "queue_length": len(queued),
            "wait_seconds": {"avg": round(fmean(waits), 1) if waits else 0.0, "max": round(max(waits, default=0), 1)},
            "asa_seconds": round(fmean(answered), 1) if answered else 0.0,
            **_team([a for a in staff if a.role != Role.SUPERVISOR], active),
            "csat": {"average": round(fmean(rated), 2) if rated else None, "count": len(rated)},
            "ended_for_abuse": _ended_for_abuse(conversations),
            "cooling_down": self._cooling_down(staff, now),
        }

    def _cooling_down(self, staff: Sequence[Agent], now: datetime) -> list[dict[str, Any]]:
        """Who is in a cool-down after an abusive contact, and until when, soonest back first."""
        pause = timedelta(minutes=self._policy.cool_down_minutes)
        cooling = [(a, a.last_abusive_at + pause) for a in staff if a.last_abusive_at is not None]
        return [
            {"agent_id": a.id, "username": a.username, "display_name": a.display_name, "until": utc_json(until)}
            for a, until in sorted(cooling, key=lambda pair: pair[1])
            if until > now
        ]


def _finished(tx: Transaction, conversation: Conversation, now: datetime) -> bool:
    """Whether the conversation's outcome for containment is known (see `summary`)."""
    if conversation.escalation_reasons or conversation.status == ConversationStatus.RESOLVED:
        return True
    if now - conversation.created_at < QUIET_AFTER:
        return False
    messages = tx.messages.in_conversation(conversation.id)
    return not messages or now - messages[-1].created_at >= QUIET_AFTER


def _team(agents: Sequence[Agent], active: dict[int, int]) -> dict[str, Any]:
    by_status = Counter(a.status.value for a in agents)
    busy = sum(1 for a in agents if a.status == AgentStatus.AVAILABLE and active.get(a.id, 0) > 0)
    return {"agents_by_status": {s.value: by_status.get(s.value, 0) for s in AgentStatus}, "agents_busy": busy}


def _ended_for_abuse(conversations: Sequence[Conversation]) -> dict[str, int]:
    """Ended for abuse: by a person ("End (abuse)", the conversation was theirs) or, still waiting, because no
    supervisor took it in time."""
    ended = [c for c in conversations if c.flag_reason == ABUSE]
    by_staff = sum(1 for c in ended if c.assigned_at is not None)
    return {"total": len(ended), "by_staff": by_staff, "unanswered": len(ended) - by_staff}
