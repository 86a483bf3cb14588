"""Working time: how long an agent has worked today, this week and since their last real break.

`services` keep one `WorkLog` per agent and move it on at every status change with `moved_on`: time spent
available is work; a pause (on break or offline) of at least `break_minutes` resets the work since the last
break, and counts as a break taken when the agent was on break. A new day starts the day counters again, a new
ISO week the week counter. Days are UTC calendar days. Nothing here reads a clock.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from tandem.domain.conversations import AgentStatus
from tandem.wellbeing.breaks import DEFAULT_WORKING_TIME


@dataclass(frozen=True, slots=True)
class WorkLog:
    """One agent's working-time counters. `day` is the day the day counters (`today_seconds`, `breaks_today`,
    `hard_today`) are for; None: nothing recorded yet."""

    day: date | None = None
    today_seconds: float = 0.0
    week_seconds: float = 0.0
    since_break_seconds: float = 0.0
    breaks_today: int = 0
    hard_today: int = 0  # hard contacts finished today (the team's share of them is a fairness figure)


def day_of(at: datetime) -> date:
    """The UTC calendar day of an aware datetime."""
    return at.astimezone(UTC).date()


def rolled(log: WorkLog, now: datetime) -> WorkLog:
    """The log on the day of `now`: day counters reset on a new day, the week counter on a new ISO week.

    A `now` before the log's day (clock skew) changes nothing.
    """
    today = day_of(now)
    if log.day is not None and log.day >= today:
        return log
    same_week = log.day is not None and log.day.isocalendar()[:2] == today.isocalendar()[:2]
    return WorkLog(
        day=today,
        week_seconds=log.week_seconds if same_week else 0.0,
        since_break_seconds=log.since_break_seconds,
    )


def worked(log: WorkLog, start: datetime, end: datetime) -> WorkLog:
    """The log after work from `start` to `end`. Work before `end`'s day (week) does not count for that day
    (week), but all of it counts as work since the last break: working through midnight is no rest."""
    log = rolled(log, end)
    if end <= start:
        return log
    day_start = datetime.combine(day_of(end), time(), UTC)
    week_start = day_start - timedelta(days=day_of(end).weekday())
    return replace(
        log,
        today_seconds=log.today_seconds + (end - max(start, day_start)).total_seconds(),
        week_seconds=log.week_seconds + (end - max(start, week_start)).total_seconds(),
        since_break_seconds=log.since_break_seconds + (end - start).total_seconds(),
    )


def paused(
    log: WorkLog,
    start: datetime,
    end: datetime,
    on_break: bool,
    break_minutes: float = DEFAULT_WORKING_TIME.break_minutes,
) -> WorkLog:
    """The log after a pause from `start` to `end`: one of at least `break_minutes` resets the work since the
    last break, and is a break taken when `on_break` (an agent offline for a while rested too, but took no
    break in the workspace's sense)."""
    log = rolled(log, end)
    if end - start < timedelta(minutes=break_minutes):
        return log
    return replace(log, since_break_seconds=0.0, breaks_today=log.breaks_today + (1 if on_break else 0))


def moved_on(
    log: WorkLog,
    status: AgentStatus,
    since: datetime | None,
    now: datetime,
    break_minutes: float = DEFAULT_WORKING_TIME.break_minutes,
) -> WorkLog:
    """The log at `now` for an agent who has been in `status` since `since`: the stretch counted as work when
    available, as a pause otherwise. Used when the status changes, and to read the counters between changes."""
    if since is None:
        return rolled(log, now)
    if status is AgentStatus.AVAILABLE:
        return worked(log, since, now)
    return paused(log, since, now, on_break=status is AgentStatus.BREAK, break_minutes=break_minutes)
