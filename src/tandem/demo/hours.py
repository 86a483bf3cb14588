"""The `agent_hours` rows of a history (docs/metrics.md, "The people's wellbeing"): per agent and UTC clock hour,
time at work, seat time in use, contacts, hard contacts, breaks taken and due, cool-downs, summed from the shifts
and the contacts as the live service books them while they happen."""

from collections import defaultdict
from datetime import datetime
from typing import Any

from tandem.demo.team import BREAK_DUE_AFTER, Shift
from tandem.metrics.definitions import HOUR_SECONDS
from tandem.metrics.period import epoch, floor, split_hours

WORKED, SEATS, CONTACTS, HARD, TAKEN, DUE, COOL = range(7)
COLUMNS = ("worked_seconds", "seat_seconds", "contacts", "hard_contacts", "breaks_taken", "breaks_due", "cool_downs")


def _hour_s(at: datetime) -> int:
    return floor(epoch(at), HOUR_SECONDS)


class AgentHours:
    def __init__(self, until: datetime) -> None:
        self._until = until
        self._rows: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0] * 7)

    def _spread(self, agent_id: int, start: datetime, end: datetime, column: int, scale: float = 1.0) -> None:
        """Add the seconds of [start, end) to `column`, hour by hour."""
        for hour, seconds in split_hours(start, min(end, self._until)):
            self._rows[(agent_id, hour)][column] += seconds * scale

    def _count(self, agent_id: int, at: datetime, column: int) -> None:
        if at < self._until:
            self._rows[(agent_id, _hour_s(at))][column] += 1

    def shift(self, shift: Shift) -> None:
        """A shift's time at work (its break apart), its break taken, or the break that fell due without one."""
        if shift.break_start is None or shift.break_end is None:
            self._spread(shift.agent_id, shift.start, shift.end, WORKED)
            if shift.break_due:
                self._count(shift.agent_id, shift.start + BREAK_DUE_AFTER, DUE)
            return
        self._spread(shift.agent_id, shift.start, shift.break_start, WORKED)
        self._spread(shift.agent_id, shift.break_end, shift.end, WORKED)
        self._count(shift.agent_id, shift.break_start, TAKEN)

    def contact(self, agent_id: int, start: datetime, end: datetime, capacity: int, hard: bool, abusive: bool) -> None:
        """A chat held from `start` to `end`: 1/capacity of a seat for its time; counted in the hour it ended."""
        self._spread(agent_id, start, end, SEATS, 1.0 / max(capacity, 1))
        self._count(agent_id, end, CONTACTS)
        if hard:
            self._count(agent_id, end, HARD)
        if abusive:
            self._count(agent_id, end, COOL)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"agent_id": agent_id, "hour_s": hour, **{name: _cast(i, v[i]) for i, name in enumerate(COLUMNS)}}
            for (agent_id, hour), v in sorted(self._rows.items())
        ]


def _cast(column: int, value: float) -> float | int:
    return round(value, 3) if column in (WORKED, SEATS) else int(value)
