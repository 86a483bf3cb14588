"""Working-time counters: work while available, real breaks, new days and new weeks (UTC days, ISO weeks)."""

from datetime import UTC, date, datetime, timedelta

from tandem.domain.conversations import AgentStatus
from tandem.wellbeing import (
    BREAK_DUE,
    DAILY_LIMIT,
    WEEKLY_LIMIT,
    WorkingTime,
    WorkLog,
    moved_on,
    paused,
    rolled,
    worked,
    working_time_limit,
)

from .builders import agent

MONDAY = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
HOUR = 3600.0


def test_time_available_is_work() -> None:
    log = moved_on(WorkLog(), AgentStatus.AVAILABLE, MONDAY, MONDAY + timedelta(hours=2))
    assert log == WorkLog(
        day=date(2025, 3, 3), today_seconds=2 * HOUR, week_seconds=2 * HOUR, since_break_seconds=2 * HOUR
    )


def test_a_long_enough_break_resets_the_work_since_the_last_break_and_counts() -> None:
    log = worked(WorkLog(), MONDAY, MONDAY + timedelta(hours=3))
    short = moved_on(log, AgentStatus.BREAK, MONDAY + timedelta(hours=3), MONDAY + timedelta(minutes=199))
    assert short == log  # 19 minutes: not a break in the legal sense
    rested = moved_on(log, AgentStatus.BREAK, MONDAY + timedelta(hours=3), MONDAY + timedelta(minutes=200))
    assert (rested.since_break_seconds, rested.breaks_today, rested.today_seconds) == (0.0, 1, 3 * HOUR)


def test_time_offline_rests_but_is_no_break_taken() -> None:
    log = worked(WorkLog(), MONDAY, MONDAY + timedelta(hours=3))
    away = moved_on(log, AgentStatus.OFFLINE, MONDAY + timedelta(hours=3), MONDAY + timedelta(hours=4))
    assert (away.since_break_seconds, away.breaks_today) == (0.0, 0)
    assert paused(log, MONDAY, MONDAY + timedelta(minutes=10), on_break=True, break_minutes=5).breaks_today == 1


def test_a_new_day_resets_the_day_counters_and_a_new_week_the_week() -> None:
    log = WorkLog(date(2025, 3, 3), 5 * HOUR, 5 * HOUR, 1 * HOUR, breaks_today=1, hard_today=2)
    tuesday = rolled(log, MONDAY + timedelta(days=1))
    assert tuesday == WorkLog(date(2025, 3, 4), 0.0, 5 * HOUR, 1 * HOUR, 0, 0)
    next_monday = rolled(log, MONDAY + timedelta(days=7))
    assert (next_monday.week_seconds, next_monday.today_seconds) == (0.0, 0.0)
    assert rolled(tuesday, MONDAY) == tuesday  # an earlier instant (clock skew) changes nothing


def test_work_through_midnight_counts_for_each_day_and_without_a_break() -> None:
    sunday_night = datetime(2025, 3, 9, 23, 0, tzinfo=UTC)
    log = worked(WorkLog(date(2025, 3, 9), 8 * HOUR, 40 * HOUR), sunday_night, sunday_night + timedelta(hours=2))
    assert (log.day, log.today_seconds, log.week_seconds) == (date(2025, 3, 10), HOUR, HOUR)
    assert log.since_break_seconds == 2 * HOUR
    assert moved_on(log, AgentStatus.AVAILABLE, None, sunday_night + timedelta(hours=3)) == log


def test_the_first_limit_reached_is_the_one_told() -> None:
    hours = WorkingTime()
    assert working_time_limit(agent(since_break=344), hours) is None
    assert working_time_limit(agent(since_break=345), hours) == BREAK_DUE  # 15 min look-ahead
    assert working_time_limit(agent(since_break=400, today=590), hours) == DAILY_LIMIT
    assert working_time_limit(agent(since_break=400, today=590, week=2870), hours) == WEEKLY_LIMIT
