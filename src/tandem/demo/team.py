"""Who answers in the history, and when: the demo team (plus all-rounders when the volume needs more people),
each working shifts inside the team's opening hours, five days a week, with a break in every long shift.

Shifts follow the wellbeing defaults (docs/wellbeing.md): a 20-minute break once work reaches 6 hours is due, so
an 8-hour shift has one, taken between 3.5 and 4.5 hours in (a few are skipped: `breaks taken vs due` says so);
a shorter shift has none due. Days off rotate so that every weekday keeps most of the team.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tandem.domain.hours import SupportHours, parse_hours

SHIFT = timedelta(hours=8)
BREAK_DUE_AFTER = timedelta(hours=6)
BREAK = timedelta(minutes=20)


# The history's desk when the site has not set its own hours (TANDEM_SUPPORT_HOURS): people until the evening and
# at weekends, as a shop whose customers write after work has; the AI answers around the clock either way.
def _history_hours() -> SupportHours:
    hours = parse_hours("mon-fri 08:00-21:00, sat-sun 09:00-18:00", "Europe/Paris")
    assert hours is not None  # a text with spans always gives hours
    return hours


HISTORY_HOURS = _history_hours()
SKIPPED_BREAKS = 0.03  # the share of due breaks not taken (a busy day), so the figure has something to show


@dataclass(frozen=True, slots=True)
class Member:
    agent_id: int
    username: str
    skills: frozenset[str]
    languages: frozenset[str]
    capacity: int
    supervisor: bool = False


@dataclass(frozen=True, slots=True)
class Shift:
    """One stretch of work; `break_start` None when no break was taken (none due, or skipped)."""

    agent_id: int
    start: datetime
    end: datetime
    break_start: datetime | None = None
    break_due: bool = False

    @property
    def break_end(self) -> datetime | None:
        return None if self.break_start is None else self.break_start + BREAK

    def working(self, at: datetime) -> bool:
        if not self.start <= at < self.end:
            return False
        return self.break_start is None or not self.break_start <= at < self.break_start + BREAK

    def next_working(self, at: datetime) -> datetime | None:
        """The first moment at or after `at` when this shift is at work; None after its end."""
        at = max(at, self.start)
        if self.break_start is not None and self.break_start <= at < self.break_start + BREAK:
            at = self.break_start + BREAK
        return at if at < self.end else None


@dataclass(frozen=True, slots=True)
class Opening:
    """The team's opening hours on one day, in UTC."""

    start: datetime
    end: datetime


def openings(hours: SupportHours, day: date) -> list[Opening]:
    """The opening spans of `day` (a date in the hours' own time zone), in UTC."""
    zone = ZoneInfo(hours.zone)
    found = []
    for span in hours.spans:
        if span.first <= day.weekday() <= span.last:
            start = datetime.combine(day, time(span.start // 60, span.start % 60), zone)
            end = datetime.combine(day, time(span.end // 60, span.end % 60), zone)
            found.append(Opening(start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))))
    return found


def _works_on(index: int, day: date) -> bool:
    """Five days in seven: the two days off move along the week with the member's index."""
    off = {(index * 3) % 7, (index * 3 + 1) % 7}
    return day.weekday() not in off


def _shift(member: Member, opening: Opening, slot: int, slots: int, rng: random.Random) -> Shift:
    span = opening.end - opening.start
    if span <= SHIFT:
        return Shift(member.agent_id, opening.start, opening.end)
    start = opening.start + (span - SHIFT) * (slot / max(slots - 1, 1))
    end = start + SHIFT
    due = end - start >= BREAK_DUE_AFTER
    if not due or rng.random() < SKIPPED_BREAKS:
        return Shift(member.agent_id, start, end, None, due)
    return Shift(member.agent_id, start, end, start + timedelta(hours=3.5 + rng.random()), True)


@dataclass(slots=True)
class Rota:
    """The shifts of every member, day by day, worked out when first asked for."""

    members: Sequence[Member]
    hours: SupportHours
    seed: int
    _days: dict[date, list[Shift]] = field(default_factory=dict)

    def shifts(self, day: date) -> list[Shift]:
        if day not in self._days:
            rng = random.Random(f"{self.seed}:rota:{day.isoformat()}")
            shifts: list[Shift] = []
            for opening in openings(self.hours, day):
                working = [m for i, m in enumerate(self.members) if _works_on(i, day) and not m.supervisor]
                shifts.extend(_shift(m, opening, i % 3, 3, rng) for i, m in enumerate(working))
            self._days[day] = shifts
        return self._days[day]

    def around(self, at: datetime) -> list[Shift]:
        """The shifts of the local day of `at` and the next one: where the next person at work is found."""
        local = at.astimezone(ZoneInfo(self.hours.zone)).date()
        return [*self.shifts(local), *self.shifts(local + timedelta(days=1))]
