"""The dashboard's tiles (issue 13): the team now, the queue now, containment, abuse, cool-downs."""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from tandem.domain.conversations import Agent, AgentStatus, Conversation, Role
from tandem.domain.events import utc_json
from tandem.metrics.outcomes import rate
from tandem.metrics.ports import ConversationCounts, QueueCounts


def team(agents: Sequence[Agent], active: Mapping[int, int]) -> dict[str, Any]:
    """The agents without the supervisors: by status, and `agents_busy` of those available holding a chat."""
    staff = [a for a in agents if a.role != Role.SUPERVISOR]
    by_status = Counter(a.status.value for a in staff)
    busy = sum(1 for a in staff if a.status == AgentStatus.AVAILABLE and active.get(a.id, 0) > 0)
    return {"agents_by_status": {s.value: by_status.get(s.value, 0) for s in AgentStatus}, "agents_busy": busy}


def queue_now(queued: Sequence[Conversation], now: datetime) -> dict[str, Any]:
    waits = [(now - c.queued_at).total_seconds() for c in queued if c.queued_at is not None]
    return {
        "queue_length": len(waits),
        "wait_seconds": {"avg": round(fmean(waits), 1) if waits else 0.0, "max": round(max(waits, default=0), 1)},
    }


def cooling_down(agents: Sequence[Agent], now: datetime, minutes: float) -> list[dict[str, Any]]:
    """Who is in a cool-down after an abusive contact, and until when, soonest back first."""
    pause = timedelta(minutes=minutes)
    cooling = [(a, a.last_abusive_at + pause) for a in agents if a.last_abusive_at is not None]
    return [
        {"agent_id": a.id, "username": a.username, "display_name": a.display_name, "until": utc_json(until)}
        for a, until in sorted(cooling, key=lambda pair: pair[1])
        if until > now
    ]


def tiles(c: ConversationCounts, q: QueueCounts, escalations: Mapping[str, int]) -> dict[str, Any]:
    """The period's tiles. Containment counts finished conversations only: handed over, closed, or the
    customer quiet for QUIET_SECONDS; contained: finished without a hand-over. ASA is 0.0 with nobody answered
    (the tile's old form; `outcomes.asa_seconds` says null)."""
    return {
        "conversations": c.conversations,
        "containment_rate": rate(c.contained, c.finished),
        "containment": {"contained": c.contained, "finished": c.finished, "in_progress": c.engaged - c.finished},
        "escalations_by_reason": dict(sorted(escalations.items())),
        "asa_seconds": round(q.wait_seconds_sum / q.answered, 1) if q.answered else 0.0,
        "csat": {
            "average": rate_average(c.csat_ai_sum + c.csat_people_sum, c.csat_ai_count + c.csat_people_count),
            "count": c.csat_ai_count + c.csat_people_count,
        },
        "ended_for_abuse": {
            "total": c.abuse_ended,
            "by_staff": c.abuse_ended_by_staff,
            "unanswered": c.abuse_ended - c.abuse_ended_by_staff,
        },
    }


def rate_average(total: int, count: int) -> float | None:
    return round(total / count, 2) if count else None
