"""`staff_for`: the smallest N meeting the target, shrinkage on the roster, clear refusals."""

import math

import pytest

from tandem.domain.errors import InvalidInput
from tandem.workforce import QueueModel, erlang_a, erlang_c, staff_for
from tandem.workforce import staffing as staffing_module

PER_HOUR = 1 / 3600


def test_worked_example() -> None:
    result = staff_for(0.8, 20, 200 * PER_HOUR, 180)
    assert result.model is QueueModel.ERLANG_C
    assert result.agents == 14 and result.scheduled_agents == 14
    assert result.service_level == pytest.approx(0.888, abs=5e-4)
    assert result.p_wait == pytest.approx(0.174, abs=5e-4)
    assert result.asa_seconds == pytest.approx(7.8, abs=0.05)
    assert result.abandonment_rate == 0


@pytest.mark.parametrize(("shrinkage", "scheduled"), [(0.0, 14), (0.3, 20), (0.25, 19), (0.5, 28), (0.35, 22)])
def test_shrinkage_rounds_the_roster_up(shrinkage: float, scheduled: int) -> None:
    # 14 / 0.7 is 20.000000000000004 in floating point: still 20 people, not 21.
    assert staff_for(0.8, 20, 200 * PER_HOUR, 180, shrinkage=shrinkage).scheduled_agents == scheduled


@pytest.mark.parametrize("patience", [None, 30.0, 120.0, 600.0])
@pytest.mark.parametrize(("rate_per_hour", "aht", "target", "seconds"), [(200, 180, 0.8, 20), (3000, 240, 0.9, 15)])
def test_smallest_n_meeting_the_target(
    patience: float | None, rate_per_hour: float, aht: float, target: float, seconds: float
) -> None:
    rate = rate_per_hour * PER_HOUR
    result = staff_for(target, seconds, rate, aht, patience)
    assert result.service_level >= target
    if patience is None:
        assert result.agents > result.offered_load_erlangs
        fewer = None if result.agents - 1 <= rate * aht else erlang_c(rate, aht, result.agents - 1)
    else:
        fewer = erlang_a(rate, aht, result.agents - 1, patience)
    assert fewer is None or fewer.service_level(seconds) < target


def test_abandonment_needs_no_more_agents_than_erlang_c() -> None:
    # Those who give up shorten the queue for the others, so Erlang A never asks for more.
    erlang_c_agents = staff_for(0.8, 20, 200 * PER_HOUR, 180).agents
    agents = [staff_for(0.8, 20, 200 * PER_HOUR, 180, patience).agents for patience in (30, 120, 600, 1e5)]
    assert agents == sorted(agents) and agents[-1] <= erlang_c_agents


def test_large_centre() -> None:
    rate, aht = 20000 * PER_HOUR, 300  # A ≈ 1667 Erlangs
    c = staff_for(0.8, 20, rate, aht)
    a = staff_for(0.8, 20, rate, aht, patience_s=180)
    # Square-root staffing: a few √A ≈ 41 above A.
    assert c.offered_load_erlangs < c.agents < c.offered_load_erlangs + 2 * math.sqrt(c.offered_load_erlangs)
    assert a.agents <= c.agents
    for result in (c, a):
        assert all(math.isfinite(v) for v in result.as_dict().values() if isinstance(v, float))


def test_unreachable_target_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staffing_module, "search_cap", lambda load: 12)
    with pytest.raises(InvalidInput, match="cannot be reached with up to 12 agents"):
        staff_for(0.8, 20, 200 * PER_HOUR, 180)
    with pytest.raises(InvalidInput, match="cannot be reached with up to 12 agents"):
        staff_for(0.95, 10, 200 * PER_HOUR, 180, patience_s=600)


def test_long_patience_in_the_search_is_not_an_error() -> None:
    # The bisection may try N ≤ A, where a near-infinite patience makes the queue astronomically long.
    assert staff_for(0.8, 20, 200 * PER_HOUR, 180, patience_s=1e12).agents == 14


def test_as_dict_is_the_json_contract() -> None:
    payload = staff_for(0.8, 20, 200 * PER_HOUR, 180, patience_s=120, shrinkage=0.3).as_dict()
    assert payload["model"] == "erlang_a" and type(payload["model"]) is str
    for key in ("agents", "scheduled_agents", "service_level", "asa_seconds", "occupancy", "abandonment_rate"):
        assert key in payload
    assert {"p_wait", "offered_load_erlangs", "mean_wait_all_seconds"} <= payload.keys()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target_sl": 1.0}, "target service level"),
        ({"target_sl": 0.0}, "target service level"),
        ({"target_sl": math.nan}, "target service level"),
        ({"target_seconds": -1.0}, "target seconds"),
        ({"arrival_rate_per_s": 0.0}, "arrival rate"),
        ({"arrival_rate_per_s": -1.0}, "arrival rate"),
        ({"aht_s": math.nan}, "handle time"),
        ({"patience_s": 0.0}, "patience"),
        ({"shrinkage": 1.0}, "shrinkage"),
        ({"shrinkage": -0.1}, "shrinkage"),
        ({"shrinkage": math.nan}, "shrinkage"),
    ],
)
def test_bad_input(kwargs: dict[str, float], message: str) -> None:
    arguments: dict[str, float] = {
        "target_sl": 0.8,
        "target_seconds": 20.0,
        "arrival_rate_per_s": 200 * PER_HOUR,
        "aht_s": 180.0,
        **kwargs,
    }
    with pytest.raises(InvalidInput, match=message):
        staff_for(**arguments)
