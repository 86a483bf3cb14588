"""From the scenario's agent groups to the individual agents of the simulated window.

A simulated day (a window of at most 24 hours from midnight) stands for a day that repeats: a shift that runs
past midnight (a night shift 22:00-06:20) is also at work at the start of the day, as yesterday's shift still
running (00:00-06:20, with two hours already worked and their break, if one fell due before midnight, taken
then). Everything measured about agents (time at work, occupancy, paid hours, breaks due) is clipped to the
window. A longer window (the queueing checks run for weeks) has no yesterday.
"""

from dataclasses import dataclass

from tandem.wellbeing import WorkingTime
from tandem.workforce.simulation.scenario import AgentGroup, Scenario

DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class Stint:
    """One agent's presence in the window: from `start` to `end` (seconds), a shift that began at
    `shift_start` (negative: yesterday), with `worked_before` seconds of work before the window, of which
    `since_break_before` since the last break."""

    group: AgentGroup
    start: float
    end: float
    shift_start: float
    worked_before: float = 0.0
    since_break_before: float = 0.0


def stints(scenario: Scenario) -> list[Stint]:
    """Every agent of the window, group by group; yesterday's overrunning shifts after today's."""
    repeats = scenario.horizon_seconds <= DAY
    today, carried = [], []
    for group in scenario.groups:
        for i in range(group.count):
            start, end = group.start + group.offset(i), group.end + group.offset(i)
            today.append(Stint(group, start, end, start))
            if repeats and end > DAY > start:
                worked, since = _before(DAY - start, scenario.working_time, scenario.breaks)
                carried.append(Stint(group, 0.0, end - DAY, start - DAY, worked, since))
    return today + carried


def breaks_due_between(stint: Stint, low: float, high: float, hours: WorkingTime) -> int:
    """Breaks the working-time rules require in the stint's shift that fall due within [low, high):
    one each time work since the last break reaches `break_after_minutes` (breaks taken when due), if the
    shift still has room for the break itself."""
    after, pause = 60.0 * hours.break_after_minutes, 60.0 * hours.break_minutes
    shift_end = stint.shift_start + stint.group.shift_seconds
    due, k = 0, 1
    while True:
        at = stint.shift_start + k * after + (k - 1) * pause
        if at + pause > shift_end + 1e-6:
            return due
        if low <= at < high and at >= stint.start:
            due += 1
        k += 1


def _before(elapsed: float, hours: WorkingTime, breaks: bool) -> tuple[float, float]:
    """Work, and work since the last break, `elapsed` seconds into a shift whose breaks were taken when due."""
    if not breaks:
        return elapsed, elapsed
    after, pause = 60.0 * hours.break_after_minutes, 60.0 * hours.break_minutes
    taken = int(elapsed // (after + pause))
    since = min(elapsed - taken * (after + pause), after)
    return taken * after + since, since
