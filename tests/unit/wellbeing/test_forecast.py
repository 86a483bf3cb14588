"""The site's forecast of contacts per hour, and the early break it lets the lull rule ask for before a busier hour."""

from dataclasses import replace
from datetime import UTC, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot
from tandem.wellbeing import HourlyForecast, LullBreak, OccupancyCap, WellbeingPolicy, lull_break

from .builders import NOW, agent

# 14:00 UTC: this hour 100 contacts, then 120, 150, 90 (the rest of the day 50).
PER_HOUR = tuple(float(v) for v in [50] * 14 + [100, 120, 150, 90] + [50] * 6)
FORECAST = HourlyForecast(PER_HOUR)
RULE = LullBreak(cap=OccupancyCap(), forecast=FORECAST)


def due_in(minutes: float, id: int = 1, shift_ends_in: float | None = 300.0, **kw: Any) -> AgentSnapshot:
    """An idle agent whose break falls due in `minutes` (6 h after the last one), their shift ending in 5 hours."""
    worked = 360 - minutes
    return agent(id, since_break=worked, today=worked, week=worked, shift_ends_in=shift_ends_in, **kw)


def colleagues(n: int = 3) -> list[AgentSnapshot]:
    return [agent(10 + i, since_break=60, today=60, week=60) for i in range(n)]


def test_the_forecast_is_read_per_clock_hour_in_the_sites_time_zone() -> None:
    assert FORECAST.at(NOW) == 100.0 and FORECAST.at(NOW + timedelta(minutes=59)) == 100.0
    assert FORECAST.at(NOW + timedelta(hours=2)) == 150.0
    assert FORECAST.at(NOW.replace(tzinfo=None)) == 100.0  # a naive instant (the simulator's) is local already
    paris = HourlyForecast(PER_HOUR, ZoneInfo("Europe/Paris"))
    assert paris.at(NOW) == 120.0  # 14:00 UTC is 15:00 in Paris in March
    assert HourlyForecast((1.0, 2.0)).at(NOW) == 1.0  # a shorter forecast repeats


@pytest.mark.parametrize("per_hour", [(), (1.0, -1.0), (float("nan"),), (float("inf"),)])
def test_a_forecast_without_figures_or_with_impossible_ones_is_refused(per_hour: tuple[float, ...]) -> None:
    with pytest.raises(InvalidInput):
        HourlyForecast(per_hour)


def test_this_hour_is_the_one_to_be_away_only_if_it_is_quieter_than_the_later_one_and_none_between_is_quieter() -> None:
    at = NOW + timedelta(minutes=10)
    assert FORECAST.quieter_now(at, NOW + timedelta(hours=2, minutes=5))  # 100 now, 120 between, 150 then
    assert FORECAST.quieter_now(at, NOW + timedelta(hours=1, minutes=5))  # 100 now, 120 then
    assert not FORECAST.quieter_now(at, NOW + timedelta(minutes=50))  # the same hour
    assert not FORECAST.quieter_now(at, NOW + timedelta(hours=3, minutes=5))  # 90 then: quieter than now
    dip = HourlyForecast(tuple(float(v) for v in [50] * 14 + [100, 80, 150] + [50] * 7))
    assert not dip.quieter_now(at, NOW + timedelta(hours=2, minutes=5))  # 80 between: better to wait for it
    assert dip.quieter_now(NOW + timedelta(hours=1), NOW + timedelta(hours=2, minutes=5))


def test_before_a_busier_hour_a_break_due_beyond_the_window_is_asked_for_in_a_lull() -> None:
    # Due in 150 minutes: the agent would stop for it at 16:15, in the 150-contact hour; now is a 100-contact hour.
    assert RULE.choose([due_in(150), *colleagues()], 0, NOW) == (1,)
    # Without a forecast the window is 60 minutes, as before.
    assert LullBreak(cap=OccupancyCap()).choose([due_in(150), *colleagues()], 0, NOW) == ()
    # Within the window the forecast is not needed.
    assert RULE.choose([due_in(40), *colleagues()], 0, NOW) == (1,)


def test_no_early_break_before_a_quieter_or_an_equally_busy_hour() -> None:
    flat = LullBreak(cap=OccupancyCap(), forecast=HourlyForecast((100.0,) * 24))
    assert flat.choose([due_in(150), *colleagues()], 0, NOW) == ()
    # Due in 220 minutes: beyond the reach (half the 6 hours between breaks).
    assert RULE.reach_minutes == 180.0
    assert RULE.choose([due_in(200), *colleagues()], 0, NOW) == ()
    # At 14:30, a break due in 3 hours would stop the agent at 17:15: the 90-contact hour is quieter than this one.
    assert RULE.choose([due_in(180), *colleagues()], 0, NOW + timedelta(minutes=30)) == ()
    busy_evening = replace(RULE, forecast=HourlyForecast((*PER_HOUR[:17], 200.0, *PER_HOUR[18:])))
    assert busy_evening.choose([due_in(180), *colleagues()], 0, NOW + timedelta(minutes=30)) == (1,)


def test_an_early_break_must_not_make_a_second_one_fall_due_within_the_day() -> None:
    # Back from a break now, the agent works until the shift ends: at most 6 hours, or a second break falls due.
    assert RULE.choose([due_in(150, shift_ends_in=20 + 360), *colleagues()], 0, NOW) == ()
    assert RULE.choose([due_in(150, shift_ends_in=20 + 359), *colleagues()], 0, NOW) == (1,)
    # No shift end known: the daily limit (10 h) leaves 600 - 210 = 390 minutes of work, more than 6 hours.
    assert RULE.choose([due_in(150, shift_ends_in=None), *colleagues()], 0, NOW) == ()


def test_the_early_break_keeps_every_check_of_the_lull_rule() -> None:
    assert RULE.choose([due_in(150), *colleagues()], 1, NOW) == ()  # someone waits
    assert RULE.choose([due_in(150, active=1), *colleagues()], 0, NOW) == ()  # a chat in hand
    assert RULE.choose([due_in(150)], 0, NOW) == ()  # nobody to keep the seats free
    busy = [replace(c, active=2) for c in colleagues()]  # 3 seats free, 6 chats in hand
    assert RULE.choose([due_in(150), *busy], 0, NOW, earlier_in_hand=6) == (1,)
    assert RULE.choose([due_in(150), *busy], 0, NOW, earlier_in_hand=5) == ()  # the chats in hand growing


def test_the_request_stands_over_the_reach_and_the_site_policy_passes_the_forecast() -> None:
    assert RULE.still_asked(due_in(150))
    assert not LullBreak().still_asked(due_in(150))
    rule = lull_break(WellbeingPolicy(forecast=FORECAST))
    assert rule is not None and rule.forecast == FORECAST and rule.reach_minutes == 180.0
    no_forecast = lull_break(WellbeingPolicy())
    assert no_forecast is not None and no_forecast.reach_minutes == 60.0
    assert replace(RULE, forecast=None).reach_minutes == 60.0
    assert FORECAST.zone == UTC
