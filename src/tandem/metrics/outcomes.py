"""From the period's counts to the figures the API returns (docs/metrics.md): rates, averages, the wellbeing."""

from collections.abc import Mapping, Sequence
from typing import Any

from tandem.domain.conversations import Agent
from tandem.metrics.definitions import HOUR_SECONDS
from tandem.metrics.ports import ConversationCounts, HourTotals, QueueCounts


def rate(part: int, whole: int) -> float | None:
    """part / whole in [0, 1], 4 decimals; None when nothing counts."""
    return round(part / whole, 4) if whole > 0 else None


def average(total: float, count: int, digits: int = 2) -> float | None:
    return round(total / count, digits) if count > 0 else None


def ai_resolution(c: ConversationCounts) -> dict[str, Any]:
    resolved = c.confirmed + c.assumed
    return {
        "confirmed": c.confirmed,
        "assumed": c.assumed,
        "resolved": resolved,
        "not_resolved": c.not_resolved,
        "pending": c.pending,
        "rate": rate(resolved, resolved + c.not_resolved),
        "assumed_without_email": c.assumed_without_email,
    }


def abandonment(q: QueueCounts) -> float | None:
    return rate(q.abandoned, q.answered + q.abandoned + q.closed_unanswered)


def service_level(q: QueueCounts) -> float | None:
    return rate(q.within_target, q.answered + q.abandoned)


def asa(q: QueueCounts) -> float | None:
    return average(q.wait_seconds_sum, q.answered, 1)


def hard_shares(hard: Mapping[int, int], agents: Sequence[Agent]) -> list[dict[str, Any]]:
    """Each agent's share of the team's hard contacts, largest first (agents gone since show no name)."""
    team = sum(hard.values())
    names = {a.id: a.username for a in agents}
    ranked = sorted(hard.items(), key=lambda pair: (-pair[1], pair[0]))
    return [{"agent_id": a, "username": names.get(a), "share": rate(n, team)} for a, n in ranked if n > 0]


def outcomes(
    c: ConversationCounts,
    q: QueueCounts,
    escalations: Mapping[str, int],
    hours: HourTotals,
    shares: list[dict[str, Any]],
    sla_seconds: int,
) -> dict[str, Any]:
    """The summary's `outcomes` (the API section of docs/metrics.md)."""
    return {
        "conversations": c.conversations,
        "engaged": c.engaged,
        "ai_resolution": ai_resolution(c),
        "handoff_rate": rate(c.handed, c.engaged),
        "reopen_rate": rate(c.reopened, c.closed),
        "abandoned_in_queue": {"count": q.abandoned, "rate": abandonment(q)},
        "service_level": {
            "target_seconds": sla_seconds,
            "answered": q.answered,
            "within_target": q.within_target,
            "rate": service_level(q),
        },
        "asa_seconds": asa(q),
        "csat": {
            "ai": {"average": average(c.csat_ai_sum, c.csat_ai_count), "count": c.csat_ai_count},
            "people": {"average": average(c.csat_people_sum, c.csat_people_count), "count": c.csat_people_count},
        },
        "escalations_by_reason": dict(sorted(escalations.items())),
        "wellbeing": {
            "agent_hours": round(hours.worked_seconds / HOUR_SECONDS, 2),
            "occupancy_max": None if hours.occupancy_max is None else round(hours.occupancy_max, 4),
            "hours_over_cap": hours.hours_over_cap,
            "hard_contact_share": shares,
            "breaks": {"taken": hours.breaks_taken, "due": hours.breaks_due},
            "cool_downs": hours.cool_downs,
            "ended_for_abuse": c.abuse_ended,
        },
    }


def point(
    start: str, c: ConversationCounts, q: QueueCounts, escalations: Mapping[str, int], hours: HourTotals
) -> dict[str, Any]:
    """One bucket of the series (the API section of docs/metrics.md)."""
    return {
        "start": start,
        "conversations": c.conversations,
        "ai_resolution_rate": ai_resolution(c)["rate"],
        "handoff_rate": rate(c.handed, c.engaged),
        "reopen_rate": rate(c.reopened, c.closed),
        "abandonment_rate": abandonment(q),
        "service_level": service_level(q),
        "asa_seconds": asa(q),
        "csat_ai": average(c.csat_ai_sum, c.csat_ai_count),
        "csat_people": average(c.csat_people_sum, c.csat_people_count),
        "occupancy_max": None if hours.occupancy_max is None else round(hours.occupancy_max, 4),
        "breaks_taken": hours.breaks_taken,
        "breaks_due": hours.breaks_due,
        "cool_downs": hours.cool_downs,
        "ended_for_abuse": c.abuse_ended,
        "escalations": dict(sorted(escalations.items())),
    }
