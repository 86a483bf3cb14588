"""Preferences: fair share of hard contacts, and rested agents before loaded ones."""

import pytest

from tandem.domain.errors import InvalidInput
from tandem.wellbeing import FairShareOfHard, PreferRested

from .builders import NOW, agent, conv

FAIR = FairShareOfHard()
RESTED = PreferRested()


def test_fair_share_counts_only_for_hard_conversations() -> None:
    assert FAIR.score(agent(recent_hard=3), conv(hard=True), NOW) == -30.0
    assert FAIR.score(agent(recent_hard=0), conv(hard=True), NOW) == 0.0
    assert FAIR.score(agent(recent_hard=3), conv(hard=False), NOW) == 0.0
    assert FairShareOfHard(weight=2.0).score(agent(recent_hard=3), conv(hard=True), NOW) == -6.0


def test_one_hard_contact_outweighs_everything_else_an_agent_can_score() -> None:
    worst_rest = RESTED.score(agent(load=1e6, occupancy=1.0), conv(), NOW)
    assert worst_rest == pytest.approx(-2.5)
    # Spare ratio spans [0, 1]: the rest of the ranking spans less than 3.5 < one hard contact.
    assert FAIR.weight > 1.0 - worst_rest


@pytest.mark.parametrize(
    ("load", "occupancy", "score"),
    [
        (0.0, 0.0, 0.0),
        (7.5, 0.0, -0.25),  # half the high-load threshold
        (15.0, 0.0, -0.5),
        (45.0, 0.0, -1.0),  # capped at twice the threshold
        (0.0, 0.6, -0.3),
        (0.0, 0.849, -0.4245),
        (0.0, 0.85, -1.425),  # the burnout zone
        (0.0, 1.5, -1.5),  # clipped
        (float("nan"), float("nan"), -2.5),  # garbage in: worst case, never a NaN score
    ],
)
def test_prefer_rested(load: float, occupancy: float, score: float) -> None:
    assert RESTED.score(agent(load=load, occupancy=occupancy), conv(), NOW) == pytest.approx(score)


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
