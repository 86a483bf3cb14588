"""Preferences: fair share of hard contacts (a rate over time at work), rested agents before loaded ones, and
the burnout zone as a veto while someone eligible is outside it."""

import pytest

from tandem.domain.errors import InvalidInput
from tandem.wellbeing import FairShareOfHard, PreferRested
from tandem.wellbeing.scorers import BURNOUT_PENALTY

from .builders import NOW, agent, conv

FAIR = FairShareOfHard()
RESTED = PreferRested()


def test_fair_share_counts_only_for_hard_conversations() -> None:
    assert FAIR.score(agent(recent_hard=3, today=120.0), conv(hard=True), NOW) == -30.0
    assert FAIR.score(agent(recent_hard=0, today=120.0), conv(hard=True), NOW) == 0.0
    assert FAIR.score(agent(recent_hard=3, today=120.0), conv(hard=False), NOW) == 0.0
    assert FairShareOfHard(weight=2.0).score(agent(recent_hard=3, today=300.0), conv(hard=True), NOW) == -6.0


@pytest.mark.parametrize(
    ("today", "share"),
    [
        (0.0, 8.0),  # floored at 30 minutes: 2 per 30 min is 8 per 2 h
        (30.0, 8.0),
        (60.0, 4.0),  # 2 in the first hour of a shift: twice the rate of 2 over a full window
        (120.0, 2.0),
        (480.0, 2.0),  # capped at the window: the plain count
        (float("nan"), 2.0),
    ],
)
def test_fair_share_is_a_rate_over_time_at_work(today: float, share: float) -> None:
    assert FAIR.share(agent(recent_hard=2, today=today)) == pytest.approx(share)


def test_a_newcomer_does_not_get_every_hard_contact_until_they_catch_up() -> None:
    newcomer = agent(1, recent_hard=1, today=20.0)  # one hard contact in their first 20 minutes
    veteran = agent(2, recent_hard=2, today=240.0)  # two in the last two hours
    assert FAIR.score(veteran, conv(hard=True), NOW) > FAIR.score(newcomer, conv(hard=True), NOW)


def test_the_burnout_zone_outweighs_everything_else_an_agent_can_score() -> None:
    worst_rest = RESTED.score(agent(load=1e6, occupancy=0.84), conv(), NOW)
    assert worst_rest == pytest.approx(-0.3 - 0.42)
    in_zone = RESTED.score(agent(occupancy=0.85), conv(), NOW)
    # An agent outside the zone with many recent hard contacts, no free-seat advantage, still beats it.
    outside = FAIR.score(agent(recent_hard=50, occupancy=0.0), conv(hard=True), NOW) + worst_rest
    assert outside > in_zone + 1.0
    # Outside the zone a single hard contact still outweighs rest and free seats together.
    assert FAIR.weight > 1.0 - worst_rest


@pytest.mark.parametrize(
    ("load", "occupancy", "score"),
    [
        (0.0, 0.0, 0.0),
        (7.5, 0.0, -0.075),  # half the high-load threshold
        (15.0, 0.0, -0.15),
        (45.0, 0.0, -0.3),  # capped at twice the threshold: less than a free seat out of three
        (0.0, 0.6, -0.3),
        (0.0, 0.849, -0.4245),
        (0.0, 0.85, -0.425 - BURNOUT_PENALTY),  # the burnout zone
        (0.0, 1.5, -0.5 - BURNOUT_PENALTY),  # clipped
        (float("nan"), float("nan"), -0.8 - BURNOUT_PENALTY),  # garbage in: worst case, never a NaN score
    ],
)
def test_prefer_rested(load: float, occupancy: float, score: float) -> None:
    assert RESTED.score(agent(load=load, occupancy=occupancy), conv(), NOW) == pytest.approx(score)


def test_free_seats_beat_a_difference_in_load() -> None:
    fresh = RESTED.score(agent(load=0.0), conv(), NOW) + 2 / 3  # one chat open out of three
    loaded = RESTED.score(agent(load=14.0), conv(), NOW) + 1.0  # idle, some load
    assert loaded > fresh


def test_an_idle_agent_beats_one_in_the_burnout_zone_whatever_their_free_slots() -> None:
    busy = RESTED.score(agent(occupancy=0.9), conv(), NOW) + 1.0  # all slots free
    idle = RESTED.score(agent(occupancy=0.0), conv(), NOW) + 1 / 3  # one slot in three free
    assert idle > busy


@pytest.mark.parametrize(
    "kwargs", [{"high_load": 0.0}, {"load_weight": -1.0}, {"occupancy_limit": 0.0}, {"occupancy_limit": 1.2}]
)
def test_bad_rest_parameters_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        PreferRested(**kwargs)
    with pytest.raises(InvalidInput):
        FairShareOfHard(weight=-1.0)
    with pytest.raises(InvalidInput):
        FairShareOfHard(window_minutes=20.0, min_exposure_minutes=30.0)
