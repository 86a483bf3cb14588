"""The policy bundle: which rules and scorers it gives the router, in which order, and what it refuses."""

import pytest

from tandem.domain.errors import InvalidInput
from tandem.wellbeing import (
    DEFAULT_WELLBEING,
    AdaptiveCapacity,
    BreakDue,
    CoolDown,
    DailyLimit,
    FairShareOfHard,
    HardShareCap,
    LoadModel,
    OccupancyCap,
    PreferRested,
    ShiftOver,
    WeeklyLimit,
    WellbeingPolicy,
    WorkingTime,
    effective_capacity,
    load_level,
    wellbeing_rules,
)
from tandem.wellbeing.scorers import BURNOUT_PENALTY

from .builders import agent


def test_default_rules_and_scorers_in_funnel_order() -> None:
    rules, scorers = wellbeing_rules(DEFAULT_WELLBEING)
    assert rules == (
        ShiftOver(15.0),
        WeeklyLimit(2880.0, 15.0),
        DailyLimit(600.0, 15.0),
        BreakDue(360.0, 15.0),
        AdaptiveCapacity(15.0, 22.0, 2),
        CoolDown(10.0),
        OccupancyCap(0.85, 45.0, WorkingTime()),
    )
    assert scorers == (FairShareOfHard(10.0, 120.0, 30.0), PreferRested(15.0, 0.15, 0.5, 0.85, BURNOUT_PENALTY))


def test_the_team_adds_the_hard_share_cap_at_its_median() -> None:
    team = [agent(1, recent_hard=0), agent(2, recent_hard=1), agent(3, recent_hard=4), agent(4, recent_hard=6)]
    rules, _ = wellbeing_rules(DEFAULT_WELLBEING, team)
    assert rules[-1] == HardShareCap(team_median=2.5, margin=3)
    no_cap = WellbeingPolicy(hard_share_margin=None)
    assert not any(isinstance(r, HardShareCap) for r in wellbeing_rules(no_cap, team)[0])


def test_the_policy_parameters_reach_the_rules() -> None:
    policy = WellbeingPolicy(
        hours=WorkingTime(break_after_minutes=240, daily_limit_minutes=480, look_ahead_minutes=5),
        high_load=10.0,
        very_high_load=12.0,
        cool_down_minutes=20.0,
        fair_share_weight=5.0,
    )
    rules, scorers = wellbeing_rules(policy)
    assert BreakDue(240.0, 5.0) in rules
    assert DailyLimit(480.0, 5.0) in rules
    assert AdaptiveCapacity(10.0, 12.0, 2) in rules
    assert CoolDown(20.0) in rules
    assert scorers[0] == FairShareOfHard(5.0)
    assert isinstance(scorers[1], PreferRested)
    assert scorers[1].high_load == 10.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"high_load": 30.0},  # above very_high_load
        {"cool_down_minutes": -1.0},
        {"hard_share_margin": 0},
        {"hard_window_minutes": 0.0},
        {"check_in_valid_minutes": float("nan")},
        {"low_check_in": 5},  # every check-in would be an alert
        {"fair_share_weight": float("inf")},
        {"occupancy_limit": 0.0},
    ],
)
def test_a_bad_policy_is_refused_when_loaded(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        WellbeingPolicy(**kwargs)  # type: ignore[arg-type]


def test_load_level_and_effective_capacity_for_display() -> None:
    assert [load_level(x) for x in (0.0, 15.0, 15.1, 22.0, 22.1)] == ["normal", "normal", "high", "high", "very_high"]
    assert effective_capacity(agent(capacity=3, load=16.0, check_in=2)) == 1
    assert effective_capacity(agent(capacity=3, load=16.0), WellbeingPolicy(high_load=20.0, very_high_load=25.0)) == 3


def test_the_default_load_model() -> None:
    assert DEFAULT_WELLBEING.load_model == LoadModel(half_life_minutes=45.0)
