"""When customers write: how many conversations each day of the history gets, and at what times.

The shape is a European chat desk's, in UTC: quiet nights, a morning peak, a lunch dip, an afternoon peak and an
evening tail; weekends lighter; a slow growth over the period. Deterministic for a seed.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
# Relative volume of each UTC hour of the day, and of each weekday (Monday first).
HOUR_WEIGHTS = (
    *(0.6, 0.4, 0.3, 0.3, 0.4, 0.8),  # 00-05
    *(2.0, 4.5, 7.5, 9.0, 9.0, 8.0),  # 06-11
    *(6.5, 7.0, 8.5, 8.5, 7.5, 6.0),  # 12-17
    *(5.0, 4.5, 4.0, 3.0, 2.0, 1.0),  # 18-23
)
WEEKDAY_WEIGHTS = (1.15, 1.05, 1.0, 1.0, 0.95, 0.65, 0.5)
GROWTH = 0.2  # the last day has this much more traffic than the first


@dataclass(frozen=True, slots=True)
class Window:
    """The history's period, `start` to `end`, cut in whole days from `start`."""

    start: datetime
    end: datetime

    @classmethod
    def ending(cls, end: datetime, days: int) -> "Window":
        return cls(end - days * DAY, end)

    @property
    def days(self) -> int:
        return -(-(self.end - self.start) // DAY)

    def day_start(self, index: int) -> datetime:
        return self.start + index * DAY


def _hour_weight(at: datetime, progress: float) -> float:
    return HOUR_WEIGHTS[at.hour] * WEEKDAY_WEIGHTS[at.weekday()] * (1.0 + GROWTH * progress)


def _day_weights(window: Window) -> list[list[float]]:
    """Per day, the weight of each of its hours (a last partial day has fewer)."""
    days = window.days
    weights = []
    for index in range(days):
        first = window.day_start(index)
        hours = min(24, int((window.end - first) / HOUR))
        weights.append([_hour_weight(first + h * HOUR, index / max(days - 1, 1)) for h in range(hours)])
    return weights


def split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` shared in proportion to `weights`, in whole numbers that add up to it (largest remainders)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Calendar:
    """The arrival times of the history's conversations, one day at a time."""

    def __init__(self, window: Window, total: int) -> None:
        self.window = window
        self._hours = _day_weights(window)
        self.per_day = split(total, [sum(h) for h in self._hours])

    def arrivals(self, day: int, rng: random.Random) -> list[datetime]:
        """The sorted arrival times of day `day`'s conversations."""
        first = self.window.day_start(day)
        weights = self._hours[day]
        hours = rng.choices(range(len(weights)), weights, k=self.per_day[day])
        seconds = sorted(h * 3600 + rng.random() * 3600 for h in hours)
        return [first + timedelta(seconds=s) for s in seconds]
