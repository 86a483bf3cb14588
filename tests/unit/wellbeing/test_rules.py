"""Adaptive capacity, cool-down after abuse and the hard-share cap, case by case at the boundaries."""

from dataclasses import replace
from datetime import timedelta

import pytest

from tandem.domain.errors import InvalidInput
from tandem.wellbeing import ADAPTIVE_CAPACITY, COOLING_DOWN, HARD_SHARE, AdaptiveCapacity, CoolDown, HardShareCap

from .builders import NOW, agent, conv

CAPACITY = AdaptiveCapacity()  # one chat fewer above 15, two above 22, one more after a check-in <= 2


@pytest.mark.parametrize(
    ("capacity", "load", "check_in", "effective"),
    [
        (3, 0.0, None, 3),
        (3, 15.0, None, 3),  # at the threshold: not above it
        (3, 15.01, None, 2),
        (3, 22.0, None, 2),
        (3, 22.01, None, 1),
        (3, 0.0, 2, 2),  # low check-in
        (3, 0.0, 3, 3),
        (3, 16.0, 1, 1),
        (3, 30.0, 1, 1),  # never below 1
        (1, 30.0, 1, 1),
        (2, 30.0, None, 1),
        (0, 30.0, 1, 0),  # no capacity stays none
        (5, 30.0, 2, 2),
    ],
)
def test_effective_capacity(capacity: int, load: float, check_in: int | None, effective: int) -> None:
    assert CAPACITY.capacity(agent(capacity=capacity, load=load, check_in=check_in)) == effective


@pytest.mark.parametrize(("active", "veto"), [(0, None), (1, None), (2, ADAPTIVE_CAPACITY), (3, ADAPTIVE_CAPACITY)])
def test_adaptive_capacity_vetoes_once_the_lowered_capacity_is_full(active: int, veto: str | None) -> None:
    loaded = agent(capacity=3, load=18.0, active=active)  # effective capacity 2
    assert CAPACITY.check(loaded, conv(), NOW) == veto
    assert CAPACITY.check(loaded, conv(hard=True), NOW) == veto


def test_a_rested_agent_keeps_their_full_capacity() -> None:
    assert CAPACITY.check(agent(capacity=3, active=2), conv(), NOW) is None


def test_adaptive_capacity_thresholds_are_configurable() -> None:
    assert AdaptiveCapacity(high_load=5.0, very_high_load=8.0).capacity(agent(load=6.0)) == 2
    assert AdaptiveCapacity(low_check_in=3).capacity(agent(check_in=3)) == 2


@pytest.mark.parametrize(("high", "very_high"), [(0.0, 5.0), (10.0, 5.0), (5.0, float("inf"))])
def test_bad_load_thresholds_are_refused(high: float, very_high: float) -> None:
    with pytest.raises(InvalidInput):
        AdaptiveCapacity(high_load=high, very_high_load=very_high)


@pytest.mark.parametrize(
    ("waited", "hard", "veto"),
    [
        (59.0, False, ADAPTIVE_CAPACITY),  # under half its 120 s SLA: the cut holds
        (60.0, False, None),  # half its SLA: one chat given back
        (600.0, True, ADAPTIVE_CAPACITY),  # never a hard contact, however long it waited
    ],
)
def test_the_load_cut_yields_one_chat_to_an_easy_contact_at_half_its_sla(
    waited: float, hard: bool, veto: str | None
) -> None:
    loaded = agent(capacity=3, load=18.0, active=2)  # effective capacity 2, full
    assert CAPACITY.check(loaded, conv(waited=waited, hard=hard), NOW) == veto


def test_the_load_cut_yields_one_chat_only_never_the_agents_own_capacity() -> None:
    very = agent(capacity=3, load=30.0)  # two chats fewer: 1
    assert CAPACITY.check(replace(very, active=1), conv(waited=100.0), NOW) is None  # 2 with one given back
    assert CAPACITY.check(replace(very, active=2), conv(waited=100.0), NOW) == ADAPTIVE_CAPACITY
    assert CAPACITY.check(agent(capacity=3, active=3), conv(waited=100.0), NOW) == ADAPTIVE_CAPACITY


def test_the_load_cut_gives_nothing_back_of_a_low_check_in() -> None:
    struggling = agent(capacity=3, load=18.0, check_in=1, active=1)  # load -1, check-in -1: capacity 1
    assert CAPACITY.check(struggling, conv(waited=100.0), NOW) is None  # the load's chat given back: 2
    assert CAPACITY.check(replace(struggling, active=2), conv(waited=100.0), NOW) == ADAPTIVE_CAPACITY
    assert CAPACITY.check(agent(capacity=3, check_in=1, active=2), conv(waited=100.0), NOW) == ADAPTIVE_CAPACITY


def test_the_load_cut_can_be_told_never_to_yield() -> None:
    never = AdaptiveCapacity(yield_share=None)
    assert never.check(agent(capacity=3, load=18.0, active=2), conv(waited=1000.0), NOW) == ADAPTIVE_CAPACITY
    later = AdaptiveCapacity(yield_share=0.9)
    assert later.check(agent(capacity=3, load=18.0, active=2), conv(waited=100.0), NOW) == ADAPTIVE_CAPACITY


@pytest.mark.parametrize("share", [-0.1, float("inf"), float("nan")])
def test_bad_yield_shares_are_refused(share: float) -> None:
    with pytest.raises(InvalidInput):
        AdaptiveCapacity(yield_share=share)


COOL = CoolDown()  # 10 minutes


@pytest.mark.parametrize(("abusive_ago", "veto"), [(None, None), (0, COOLING_DOWN), (9.99, COOLING_DOWN), (10, None)])
def test_cool_down_blocks_hard_contacts_for_ten_minutes(abusive_ago: float | None, veto: str | None) -> None:
    assert COOL.check(agent(abusive_ago=abusive_ago), conv(hard=True), NOW) == veto


def test_cool_down_lets_easy_contacts_through() -> None:
    assert COOL.check(agent(abusive_ago=1), conv(hard=False), NOW) is None


def test_cool_down_after_an_abuse_stamped_in_the_future_still_applies() -> None:
    assert COOL.check(agent(abusive_ago=-2), conv(hard=True), NOW) == COOLING_DOWN


def test_cool_down_length_is_configurable() -> None:
    abused = agent(abusive_ago=20)
    assert CoolDown(minutes=30).check(abused, conv(hard=True), NOW) == COOLING_DOWN
    assert CoolDown(minutes=0).check(agent(abusive_ago=0), conv(hard=True), NOW) is None
    assert COOL.check(abused, conv(hard=True), NOW + timedelta(minutes=-15)) == COOLING_DOWN
    with pytest.raises(InvalidInput):
        CoolDown(minutes=-1)


@pytest.mark.parametrize(("recent_hard", "veto"), [(0, None), (2, None), (4, None), (5, HARD_SHARE), (9, HARD_SHARE)])
def test_hard_share_cap_at_median_plus_margin(recent_hard: int, veto: str | None) -> None:
    cap = HardShareCap(team_median=2.0, margin=3)
    assert cap.check(agent(recent_hard=recent_hard), conv(hard=True), NOW) == veto
    assert cap.check(agent(recent_hard=recent_hard), conv(hard=False), NOW) is None


@pytest.mark.parametrize(("median", "margin"), [(1.0, 0), (1.0, True), (-1.0, 3), (float("nan"), 3)])
def test_bad_hard_share_caps_are_refused(median: float, margin: int) -> None:
    with pytest.raises(InvalidInput):
        HardShareCap(median, margin)
