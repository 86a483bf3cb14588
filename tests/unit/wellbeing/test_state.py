"""The per-agent record: contacts in, snapshot fields out."""

from datetime import timedelta

import pytest

from tandem.wellbeing import (
    CheckIn,
    ContactSignals,
    WellbeingPolicy,
    WellbeingState,
    current_load,
    recent_hard_count,
    record_check_in,
    record_contact,
    with_wellbeing,
)

from .builders import NOW, agent, minutes_ago

EASY = ContactSignals()  # 1 point
ABUSIVE = ContactSignals(abusive=True)  # 3 points, hard
SENSITIVE = ContactSignals(sensitive=True)  # 2.5 points, hard


def test_a_fresh_agent_has_no_load() -> None:
    assert current_load(WellbeingState(), NOW) == 0.0
    assert recent_hard_count(WellbeingState(), NOW) == 0


def test_contacts_add_up_and_recover() -> None:
    state = record_contact(WellbeingState(), ABUSIVE, minutes_ago(90))
    state = record_contact(state, EASY, minutes_ago(45))  # 3 halved + 1
    assert state.load == pytest.approx(2.5)
    assert state.load_at == minutes_ago(45)
    assert current_load(state, NOW) == pytest.approx(1.25)


def test_hard_contacts_count_within_the_two_hour_window() -> None:
    state = WellbeingState()
    for ago, signals in [(150, ABUSIVE), (120, SENSITIVE), (119, SENSITIVE), (30, EASY), (10, ABUSIVE)]:
        state = record_contact(state, signals, minutes_ago(ago))
    # 150 min ago fell out of the record; 120 min ago is exactly one window: no longer recent.
    assert state.hard_contacts_at == (minutes_ago(120), minutes_ago(119), minutes_ago(10))
    assert recent_hard_count(state, NOW) == 2
    assert recent_hard_count(state, NOW, WellbeingPolicy(hard_window_minutes=60)) == 1
    assert recent_hard_count(state, NOW + timedelta(hours=3)) == 0


def test_an_abusive_contact_starts_the_cool_down_clock() -> None:
    state = record_contact(WellbeingState(), ABUSIVE, minutes_ago(5))
    assert state.last_abusive_at == minutes_ago(5)
    assert record_contact(state, EASY, NOW).last_abusive_at == minutes_ago(5)
    # Reported late, an older abusive contact does not move the clock back.
    assert record_contact(state, ABUSIVE, minutes_ago(30)).last_abusive_at == minutes_ago(5)


def test_a_contact_reported_late_does_not_move_the_measurement_back() -> None:
    state = record_contact(WellbeingState(), EASY, NOW)
    late = record_contact(state, EASY, minutes_ago(45))
    assert (late.load, late.load_at) == (2.0, NOW)


def test_check_ins_keep_the_latest() -> None:
    state = record_check_in(WellbeingState(), CheckIn(4, minutes_ago(10)))
    assert record_check_in(state, CheckIn(2, minutes_ago(20))).check_in == CheckIn(4, minutes_ago(10))
    assert record_check_in(state, CheckIn(2, NOW)).check_in == CheckIn(2, NOW)


def test_the_snapshot_gets_the_wellbeing_fields_as_of_now() -> None:
    state = record_contact(WellbeingState(), ABUSIVE, minutes_ago(45))
    state = record_check_in(state, CheckIn(2, minutes_ago(60)))
    snapshot = with_wellbeing(agent(7, active=1, today=120), state, NOW)
    assert snapshot.load == pytest.approx(1.5)
    assert (snapshot.recent_hard, snapshot.last_abusive_at, snapshot.check_in) == (1, minutes_ago(45), 2)
    assert (snapshot.id, snapshot.active, snapshot.worked_minutes_today) == (7, 1, 120)  # untouched


def test_an_old_check_in_no_longer_counts() -> None:
    state = record_check_in(WellbeingState(), CheckIn(1, minutes_ago(241)))
    assert with_wellbeing(agent(), state, NOW).check_in is None
    assert with_wellbeing(agent(), state, NOW, WellbeingPolicy(check_in_valid_minutes=300)).check_in == 1
