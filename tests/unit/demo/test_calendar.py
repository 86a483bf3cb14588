from datetime import UTC, datetime, timedelta
from random import Random

from tandem.demo.calendar import Calendar, Window, split


def test_split_shares_the_total_exactly_in_proportion() -> None:
    assert split(10, [1.0, 1.0, 2.0]) in ([3, 2, 5], [2, 3, 5])
    assert sum(split(1_000_003, [0.3, 1.7, 2.2, 0.01])) == 1_000_003
    assert split(0, [1.0, 2.0]) == [0, 0]


def test_arrivals_fall_in_the_window_in_order_with_the_day_shape() -> None:
    end = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
    window = Window.ending(end, 28)
    calendar = Calendar(window, 20_000)
    assert window.days == 28 and sum(calendar.per_day) == 20_000
    times = [t for day in range(window.days) for t in calendar.arrivals(day, Random(day))]
    assert len(times) == 20_000
    assert times == sorted(times) and window.start <= times[0] and times[-1] < end
    by_hour = [sum(1 for t in times if t.hour == h) for h in range(24)]
    assert by_hour[10] > 5 * by_hour[3]  # mid-morning against the middle of the night
    sundays = sum(1 for t in times if t.weekday() == 6)
    mondays = sum(1 for t in times if t.weekday() == 0)
    assert sundays < mondays


def test_the_same_seed_gives_the_same_times() -> None:
    window = Window.ending(datetime(2026, 12, 7, tzinfo=UTC), 3)
    calendar = Calendar(window, 500)
    assert calendar.arrivals(1, Random("s")) == calendar.arrivals(1, Random("s"))
    assert calendar.arrivals(1, Random("s")) != calendar.arrivals(1, Random("t"))
    assert window.day_start(1) == window.start + timedelta(days=1)
