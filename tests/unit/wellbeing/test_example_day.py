"""The example day of docs/wellbeing.md, replayed: the figures in the document must stay true."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot
from tandem.wellbeing import (
    BreakDue,
    CheckIn,
    ContactSignals,
    CoolDown,
    ShiftOver,
    WellbeingState,
    break_status,
    contact_difficulty,
    effective_capacity,
    load_level,
    overtime,
    record_check_in,
    record_contact,
    with_wellbeing,
)

from .builders import conv


def at(hour: int, minute: int) -> datetime:
    return datetime(2025, 3, 3, hour, minute, tzinfo=UTC)


def every_8_minutes(start: datetime, end: datetime) -> list[tuple[datetime, ContactSignals]]:
    times = [start + timedelta(minutes=8 * i) for i in range(100)]
    return [(t, ORDINARY) for t in times if t <= end]


ORDINARY = ContactSignals(minutes=8)
ABUSIVE = ContactSignals(frustration=0.9, abusive=True, minutes=18, resolved=False)
BEREAVEMENT = ContactSignals(sensitive=True, frustration=0.4, minutes=25)
ANGRY = ContactSignals(frustration=0.7, minutes=12)
FRAUD = ContactSignals(sensitive=True, frustration=0.6, minutes=22, resolved=False)
CONTACTS = sorted(
    [
        *every_8_minutes(at(9, 10), at(10, 30)),
        (at(10, 38), ABUSIVE),
        (at(10, 45), ORDINARY),
        (at(10, 52), ORDINARY),
        (at(11, 5), BEREAVEMENT),
        (at(11, 12), ANGRY),
        (at(11, 20), FRAUD),
        (at(11, 28), ORDINARY),
        (at(11, 35), ORDINARY),
        *every_8_minutes(at(11, 45), at(12, 25)),
        *every_8_minutes(at(13, 25), at(17, 10)),
    ],
    key=lambda c: c[0],
)
CAMILLE = AgentSnapshot(1, AgentStatus.AVAILABLE, frozenset({"ecommerce"}), frozenset({"fr"}), capacity=3)


def camille_at(now: datetime) -> AgentSnapshot:
    state = WellbeingState()
    for ended_at, signals in CONTACTS:
        if ended_at <= now:
            state = record_contact(state, signals, ended_at)
    if now >= at(11, 30):
        state = record_check_in(state, CheckIn(2, at(11, 30)))
    return with_wellbeing(CAMILLE, state, now)


def test_the_points_of_the_hard_contacts() -> None:
    assert [round(contact_difficulty(s), 1) for s in (ORDINARY, ABUSIVE, BEREAVEMENT, ANGRY, FRAUD)] == [
        1.0,
        5.6,
        4.3,
        2.4,
        4.9,
    ]


@pytest.mark.parametrize(
    ("hour", "minute", "load", "hard", "chats"),
    [
        (9, 0, 0.0, 0, 3),
        (10, 30, 6.4, 0, 3),
        (10, 38, 11.3, 1, 3),
        (11, 5, 13.3, 2, 3),
        (11, 12, 14.3, 3, 3),
        (11, 20, 17.6, 4, 2),
        (11, 30, 16.0, 4, 1),
        (11, 40, 14.7, 4, 2),
        (12, 30, 11.0, 4, 2),
        (13, 15, 5.5, 1, 2),
        (15, 31, 7.4, 0, 3),
        (17, 15, 7.8, 0, 3),
    ],
)
def test_the_table(hour: int, minute: int, load: float, hard: int, chats: int) -> None:
    camille = camille_at(at(hour, minute))
    assert (round(camille.load, 1), camille.recent_hard, effective_capacity(camille)) == (load, hard, chats)


def test_levels_in_the_table() -> None:
    assert load_level(camille_at(at(11, 20)).load) == "high"
    assert load_level(camille_at(at(11, 40)).load) == "normal"


def test_cool_down_until_10_48() -> None:
    camille = camille_at(at(10, 47))
    assert CoolDown().check(camille, conv(hard=True), at(10, 47)) == "cooling_down"
    assert CoolDown().check(camille, conv(hard=True), at(10, 48)) is None


def test_shift_end_and_the_skipped_lunch() -> None:
    ends = replace(CAMILLE, shift_ends_at=at(17, 30))
    assert ShiftOver().check(ends, conv(), at(17, 14)) is None
    assert ShiftOver().check(ends, conv(), at(17, 15)) == "shift_over"
    no_lunch = replace(CAMILLE, worked_since_break_minutes=345)  # 09:00 to 14:45 without a break
    assert BreakDue().check(no_lunch, conv(), at(14, 45)) == "break_due"
    assert break_status(no_lunch, at(14, 45)).reason == "break_soon"
    assert overtime(replace(CAMILLE, worked_minutes_today=465)) == 0  # 7 h 45
