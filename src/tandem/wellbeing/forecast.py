"""The site's forecast of contacts per clock hour, given in advance: where a break falls due matters.

Contact centres plan their rosters from a forecast of the contacts per hour of the day (the figures behind
`tandem staff`, and a scenario's `arrivals_per_hour`). The router may use it to tell, before a busy hour starts,
that it is coming: a break that would fall due in it is better taken in a quieter hour before it
(`tandem.wellbeing.lull`). Only the forecast given in advance is used, never the contacts that actually come.

`per_hour[h]` is the expected number of contacts in the clock hour starting at h:00 local time (`zone`; a naive
instant, as the simulator's, is read as local already); a forecast of 24 figures is one day, repeated.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from tandem.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class HourlyForecast:
    """Expected contacts per clock hour of the day (see the module's docstring)."""

    per_hour: tuple[float, ...]
    zone: tzinfo = UTC

    def __post_init__(self) -> None:
        if not self.per_hour or any(not (math.isfinite(v) and v >= 0.0) for v in self.per_hour):
            raise InvalidInput("a forecast needs at least one figure per hour, each finite and >= 0")

    def local(self, moment: datetime) -> datetime:
        """`moment` in the forecast's time zone (a naive one is local already)."""
        return moment if moment.tzinfo is None else moment.astimezone(self.zone)

    def at(self, moment: datetime) -> float:
        """The forecast for the clock hour `moment` falls in."""
        return self.per_hour[self.local(moment).hour % len(self.per_hour)]

    def quieter_now(self, now: datetime, then: datetime) -> bool:
        """Whether the clock hour of `now` is forecast quieter than the one of `then` (later) and no quieter hour
        lies between them: the best hour until `then` to be away from work is this one."""
        here, there = self.at(now), self.at(then)
        if not here < there:
            return False
        step = self.local(now).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        while step < then:
            if self.at(step) < here:
                return False
            step += timedelta(hours=1)
        return True
