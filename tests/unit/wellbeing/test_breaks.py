"""Breaks and working hours, at the boundaries (French defaults: 20 min after 6 h, 10 h a day, 48 h a week)."""

from datetime import timedelta

import pytest

from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot
from tandem.wellbeing import (
    BREAK_DUE,
    BREAK_SOON,
    DAILY_LIMIT,
    NOT_DUE,
    ON_BREAK,
    SHIFT_OVER,
    WEEKLY_LIMIT,
    BreakDue,
    BreakStatus,
    DailyLimit,
    ShiftOver,
    WeeklyLimit,
    WellbeingRule,
    WorkingTime,
    break_status,
    overtime,
)

from .builders import NOW, agent, conv

NO_LOOK_AHEAD = WorkingTime(look_ahead_minutes=0)


def test_break_status_at_5h59_and_6h00_without_look_ahead() -> None:
    assert break_status(agent(since_break=359), NOW, NO_LOOK_AHEAD) == BreakStatus(
        False, NOW + timedelta(minutes=1), NOT_DUE
    )
    assert break_status(agent(since_break=360), NOW, NO_LOOK_AHEAD) == BreakStatus(True, NOW, BREAK_DUE)


def test_break_status_with_the_default_15_minute_look_ahead() -> None:
    assert break_status(agent(since_break=344), NOW) == BreakStatus(False, NOW + timedelta(minutes=16), NOT_DUE)
    assert break_status(agent(since_break=345), NOW) == BreakStatus(True, NOW + timedelta(minutes=15), BREAK_SOON)
    assert break_status(agent(since_break=359), NOW).reason == BREAK_SOON
    assert break_status(agent(since_break=360), NOW).reason == BREAK_DUE


def test_an_overdue_break_says_when_it_fell_due() -> None:
    assert break_status(agent(since_break=390), NOW) == BreakStatus(True, NOW - timedelta(minutes=30), BREAK_DUE)


def test_on_break() -> None:
    assert break_status(agent(status=AgentStatus.BREAK, since_break=400), NOW) == BreakStatus(False, None, ON_BREAK)


def test_the_break_threshold_is_configurable() -> None:
    hours = WorkingTime(break_after_minutes=240, look_ahead_minutes=0)
    assert break_status(agent(since_break=240), NOW, hours).due


@pytest.mark.parametrize(
    ("today", "week", "minutes"),
    [(0, 0, 0.0), (600, 2880, 0.0), (630, 2000, 30.0), (500, 2900, 20.0), (660, 2940, 60.0), (640, 2900, 40.0)],
)
def test_overtime_is_the_larger_excess(today: float, week: float, minutes: float) -> None:
    assert overtime(agent(today=today, week=week)) == minutes


@pytest.mark.parametrize(
    ("rule", "allowed", "vetoed", "code"),
    [
        (BreakDue(look_ahead_minutes=0), agent(since_break=359), agent(since_break=360), BREAK_DUE),
        (BreakDue(), agent(since_break=344.9), agent(since_break=345), BREAK_DUE),
        (DailyLimit(look_ahead_minutes=0), agent(today=599), agent(today=600), DAILY_LIMIT),
        (DailyLimit(), agent(today=584), agent(today=585), DAILY_LIMIT),
        (WeeklyLimit(look_ahead_minutes=0), agent(week=2879), agent(week=2880), WEEKLY_LIMIT),
        (WeeklyLimit(), agent(week=2864), agent(week=2865), WEEKLY_LIMIT),
        (ShiftOver(look_ahead_minutes=0), agent(shift_ends_in=1), agent(shift_ends_in=0), SHIFT_OVER),
        (ShiftOver(), agent(shift_ends_in=15.5), agent(shift_ends_in=15), SHIFT_OVER),
        (ShiftOver(), agent(), agent(shift_ends_in=-60), SHIFT_OVER),  # no shift end: no veto
    ],
)
def test_working_time_rules_at_the_boundary(
    rule: WellbeingRule, allowed: AgentSnapshot, vetoed: AgentSnapshot, code: str
) -> None:
    for conversation in (conv(), conv(hard=True)):  # every contact, easy or hard
        assert rule.check(allowed, conversation, NOW) is None
        assert rule.check(vetoed, conversation, NOW) == code


@pytest.mark.parametrize(
    "kwargs",
    [
        {"break_after_minutes": 0},
        {"daily_limit_minutes": float("inf")},
        {"look_ahead_minutes": -1},
        {"look_ahead_minutes": 360},  # as long as the break threshold: nobody could ever work
        {"break_minutes": float("nan")},
    ],
)
def test_bad_working_time_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        WorkingTime(**kwargs)
