"""The agents' work still in progress, added to their stored agent-hours when the figures are read.

Work is booked in `agent_hours` when a stretch ends (a status change, a chat's end). An agent available since
09:00 or a chat open now are therefore added here, from the agents and their assigned conversations, to the
hours they touch; those hours' stored rows are read as rows (`HourRead.rows`) rather than summed in SQL, so
that nothing is counted twice."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tandem.domain.conversations import Agent, AgentStatus, Conversation
from tandem.metrics.definitions import HOUR_SECONDS, MIN_HOUR_SECONDS
from tandem.metrics.period import epoch, floor, split_hours
from tandem.metrics.ports import AgentHour, HourTotals
from tandem.staff.booking import breaks_falling_due


@dataclass(frozen=True, slots=True)
class InProgress:
    """Each agent's first touched hour (`open_from`) and the unbooked work per (agent, hour)."""

    open_from: dict[int, int]
    hours: dict[tuple[int, int], AgentHour]


def in_progress(
    agents: Sequence[Agent], chats: Sequence[Conversation], now: datetime, break_after_seconds: float
) -> InProgress:
    """The work not yet booked at `now`: time at work of the agents available, seats of the chats assigned."""
    capacity = {a.id: a.capacity for a in agents}
    hours: dict[tuple[int, int], AgentHour] = {}

    def add(agent_id: int, hour: int, **amounts: float) -> None:
        row = hours.get((agent_id, hour), AgentHour(agent_id, hour))
        hours[(agent_id, hour)] = replace(row, **{k: getattr(row, k) + v for k, v in amounts.items()})

    for agent in agents:
        if agent.status is AgentStatus.AVAILABLE and agent.status_since is not None and agent.status_since < now:
            for hour, seconds in split_hours(agent.status_since, now):
                add(agent.id, hour, worked_seconds=seconds)
            for due in breaks_falling_due(agent, now, break_after_seconds):
                add(agent.id, floor(epoch(due), HOUR_SECONDS), breaks_due=1)
    for chat in chats:
        if chat.agent_id is not None and chat.assigned_at is not None and chat.assigned_at < now:
            for hour, seconds in split_hours(chat.assigned_at, now):
                add(chat.agent_id, hour, seat_seconds=seconds / max(capacity.get(chat.agent_id, 1), 1))
    open_from: dict[int, int] = {}
    for agent_id, hour in hours:
        open_from[agent_id] = min(hour, open_from.get(agent_id, hour))
    return InProgress(open_from, hours)


def merged(stored: Iterable[AgentHour], work: InProgress, low: int, high: int) -> list[AgentHour]:
    """The stored rows of the touched hours with the unbooked work added, within hours [low, high)."""
    rows = {(r.agent_id, r.hour_s): r for r in stored}
    for key, extra in work.hours.items():
        if not low <= key[1] < high:
            continue
        row = rows.get(key, AgentHour(*key))
        rows[key] = replace(
            row,
            worked_seconds=row.worked_seconds + extra.worked_seconds,
            seat_seconds=row.seat_seconds + extra.seat_seconds,
            breaks_due=row.breaks_due + extra.breaks_due,
        )
    return list(rows.values())


def fold(rows: Iterable[AgentHour], limit: float) -> HourTotals:
    """Agent-hours summed as the SQL sums them (`store.metrics`): occupancy of counted hours only."""
    total = HourTotals()
    for r in rows:
        occupancy = None
        over = 0
        if r.worked_seconds >= MIN_HOUR_SECONDS - 1:
            occupancy = min(1.0, r.seat_seconds / r.worked_seconds)
            over = int(r.seat_seconds > limit * r.worked_seconds + 1e-6)
        total = combine(
            total, HourTotals(r.worked_seconds, occupancy, over, r.breaks_taken, r.breaks_due, r.cool_downs)
        )
    return total


def combine(a: HourTotals, b: HourTotals) -> HourTotals:
    highs = [x for x in (a.occupancy_max, b.occupancy_max) if x is not None]
    return HourTotals(
        worked_seconds=a.worked_seconds + b.worked_seconds,
        occupancy_max=max(highs) if highs else None,
        hours_over_cap=a.hours_over_cap + b.hours_over_cap,
        breaks_taken=a.breaks_taken + b.breaks_taken,
        breaks_due=a.breaks_due + b.breaks_due,
        cool_downs=a.cool_downs + b.cool_downs,
    )


def by_bucket(rows: Iterable[AgentHour], start: int, width: int) -> Mapping[int, list[AgentHour]]:
    grouped: dict[int, list[AgentHour]] = {}
    for r in rows:
        grouped.setdefault((r.hour_s - start) // width, []).append(r)
    return grouped
