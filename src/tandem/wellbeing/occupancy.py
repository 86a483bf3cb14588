"""The occupancy cap: nobody above `limit` (default 85 %) occupancy in any clock hour.

Occupancy is seat occupancy, the simulator's definition (workforce.simulation.metrics): the time the agent's
chat seats are in use, each chat counting 1/capacity of its time, over the time at work (logged in, not on a
break) in that clock hour. With one seat it is the classic handling time / available time; an agent with three
seats and two chats open all hour long is at 67 %. An hour with less than `MIN_HOUR_MINUTES` of work is too
short to speak of its occupancy and is not capped (nor counted by the simulator's report).

The guard acts when a contact is given out: the agent may take it only if, even should every chat in hand and
the new one run long (`long_chat_minutes` from its start; one already past that, `MIN_LEFT_MINUTES` more), the
clock hour `now` falls in and the next one stay at or below the limit. Per hour: the seat time already used
(`hour_busy_seconds`) plus the chats' projected seat time, over the time at work so far (`hour_worked_seconds`)
plus the time the agent will be at work: to the end of the hour, or, when they stop taking contacts before it
(break due, end of shift, daily or weekly limit, with the look-ahead), until the stop or until the chats end,
whichever is later. That last case keeps the hour of a break or of a shift's end, when the agent only finishes
chats already in hand, from filling up.

Why the long chat and not the average one: the router cannot see how long a chat will last, and a chat that
runs long after the last assignment of the hour is out of its hands. Planning for the average one leaves the
cap to chance (in the simulator, planning for 25-minute chats still let 2-seat agents reach 95 % when two
chats ran 45 minutes). With `long_chat_minutes` at the site's longest usual chat the cap holds for every chat
that ends by then; the price is seats left free that a bolder router would fill (docs/benchmarks.md).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, WaitingConversation
from tandem.wellbeing.breaks import DEFAULT_WORKING_TIME, WorkingTime

OCCUPANCY_CAP = "occupancy_cap"  # veto code
HOUR_SECONDS = 3600.0
MIN_HOUR_MINUTES = 30.0  # an hour with less work than this is not capped (the simulator's MIN_HOUR_SECONDS)
LONG_CHAT_MINUTES = 45.0  # the shipped scenarios' chats last at most 40 to 45 minutes (then they are transferred)
MIN_LEFT_MINUTES = 5.0  # a chat already longer than `long_chat_minutes` is assumed to run this much more


def hour_start(now: datetime) -> datetime:
    """The start of the clock hour `now` falls in (in `now`'s time zone)."""
    return now.replace(minute=0, second=0, microsecond=0)


def stop_in(agent: AgentSnapshot, now: datetime, hours: WorkingTime) -> float:
    """Seconds from `now` until the router stops giving the agent contacts for their hours (look-ahead
    included): a break falling due, the end of the shift, the daily or weekly limit. 0 when already stopped,
    infinity when nothing stops them."""
    ahead = hours.look_ahead_minutes
    minutes = min(
        hours.break_after_minutes - ahead - agent.worked_since_break_minutes,
        hours.daily_limit_minutes - ahead - agent.worked_minutes_today,
        hours.weekly_limit_minutes - ahead - agent.worked_minutes_week,
    )
    seconds = 60.0 * minutes if math.isfinite(minutes) else 0.0
    if agent.shift_ends_at is not None:
        seconds = min(seconds, (agent.shift_ends_at - timedelta(minutes=ahead) - now).total_seconds())
    return max(0.0, seconds)


@dataclass(frozen=True, slots=True)
class HourProjection:
    """One clock hour's projected seat time in use and time at work, in seconds."""

    busy: float
    at_work: float

    @property
    def occupancy(self) -> float:
        return self.busy / self.at_work if self.at_work > 0 else 0.0

    @property
    def counts(self) -> bool:
        """Long enough at work to have an occupancy worth capping (a second's slack for rounding)."""
        return self.at_work >= 60.0 * MIN_HOUR_MINUTES - 1.0


@dataclass(frozen=True, slots=True)
class OccupancyCap:
    """No contact that could take the agent's occupancy of this clock hour or the next above `limit`
    (veto "occupancy_cap"). `projected` gives the figures it decides on."""

    limit: float = 0.85
    long_chat_minutes: float = LONG_CHAT_MINUTES
    hours: WorkingTime = field(default=DEFAULT_WORKING_TIME)

    def __post_init__(self) -> None:
        if not 0.0 < self.limit <= 1.0:
            raise InvalidInput(f"occupancy_limit must be in (0, 1], got {self.limit}")
        if not 0.0 < self.long_chat_minutes < math.inf:
            raise InvalidInput(f"long_chat_minutes must be finite and > 0, got {self.long_chat_minutes}")

    def projected(self, agent: AgentSnapshot, now: datetime, extra: int = 1) -> tuple[HourProjection, HourProjection]:
        """This clock hour and the next at their ends, if the agent takes `extra` more chats now: the worst case
        among the ways the chats may end (the one with the highest occupancy in a counted hour)."""
        cases = self._cases(agent, now, extra)
        return max(cases, key=lambda pair: max((h.occupancy for h in pair if h.counts), default=-1.0))

    def over(self, agent: AgentSnapshot, now: datetime) -> bool:
        """Whether one more chat now could take a counted hour above the limit.

        An agent with no chat in hand is refused only when their hour so far is already above the limit (chats
        that just ended late in a full hour: telecom, seed 99, 86 % otherwise): like adaptive capacity, the cap
        lightens the work, it does not keep someone idle whose hour still has room (with one seat, a 45-minute
        chat would otherwise be refused to anyone starting work between ten and thirty past the hour)."""
        if agent.active <= 0 and not self._full_so_far(agent, now):
            return False
        return any(h.counts and h.occupancy > self.limit + 1e-9 for pair in self._cases(agent, now, 1) for h in pair)

    def _full_so_far(self, agent: AgentSnapshot, now: datetime) -> bool:
        """The clock hour's occupancy up to `now` is already above the limit."""
        into = now.minute * 60.0 + now.second + now.microsecond / 1e6
        worked = _seconds(agent.hour_worked_seconds, into)
        return worked > 0 and _seconds(agent.hour_busy_seconds, into) / worked > self.limit + 1e-9

    def _cases(self, agent: AgentSnapshot, now: datetime, extra: int) -> list[tuple[HourProjection, HourProjection]]:
        """Both hours if every chat runs until `t` or ends before, for the `t` where the worst case lies.

        While the agent keeps taking contacts they are at work to the end of the hour, and the longest chats
        are the worst case. When they stop first (a break, the end of the shift), they are at work until the
        stop or until the last chat ends, whichever is later: chats that end at the stop leave the least time
        at work for the seat time they used, so that is a candidate too; past the stop, occupancy moves
        monotonically between the ends of the chats, so the worst case is at one of them.
        """
        into = now.minute * 60.0 + now.second + now.microsecond / 1e6
        left = HOUR_SECONDS - into
        capacity = max(agent.capacity, 1)
        chats = self._left(agent, now, extra)
        busy_now = _seconds(agent.hour_busy_seconds, into)
        worked_now = _seconds(agent.hour_worked_seconds, into)
        stop = stop_in(agent, now, self.hours)
        if stop >= left + HOUR_SECONDS:  # at work through both hours: the longest chats are the worst case
            ends = [max(chats, default=0.0)]
        else:
            # Between two chat ends occupancy moves monotonically, but an hour only counts from
            # MIN_HOUR_MINUTES at work: the first moment each hour counts is a candidate too (the worst
            # counted case may lie there, when the chats end a little after the hour starts counting).
            counted = (60.0 * MIN_HOUR_MINUTES - worked_now, left + 60.0 * MIN_HOUR_MINUTES)
            last = max(chats, default=0.0)
            ends = sorted({stop, *(c for c in chats if c > stop), *(t for t in counted if stop < t < last)})
        cases = []
        for t in ends:
            ran = [min(c, t) for c in chats]
            until = max(stop, t)
            cases.append((
                HourProjection(busy_now + sum(min(r, left) for r in ran) / capacity,
                               worked_now + min(until, left)),
                HourProjection(sum(min(max(0.0, r - left), HOUR_SECONDS) for r in ran) / capacity,
                               min(max(0.0, until - left), HOUR_SECONDS)),
            ))  # fmt: skip
        return cases

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto a contact that could take the agent over the cap this clock hour or the next."""
        return OCCUPANCY_CAP if self.over(agent, now) else None

    def _left(self, agent: AgentSnapshot, now: datetime, extra: int) -> list[float]:
        """Seconds each chat in hand and each new one may still run."""
        long, least = 60.0 * self.long_chat_minutes, 60.0 * MIN_LEFT_MINUTES
        active = max(agent.active, 0)
        started = agent.chats_started_at
        if len(started) > active:
            started = tuple(sorted(started, reverse=True)[:active])  # the newest, if there are too many
        left = [max(long - max((now - start).total_seconds(), 0.0), least) for start in started]
        # Chats the snapshot has no start for (given in this routing pass) and the new ones start now.
        return left + [long] * (active - len(started) + extra)


def seat_seconds(
    spans: Iterable[tuple[datetime, datetime | None]], capacity: int, since: datetime, until: datetime
) -> float:
    """Seat time in use from `since` to `until`: each stretch with a conversation (start, end; None: still
    open) counts its overlap / `capacity` (the simulator's seat occupancy; all of it with no capacity)."""
    total = 0.0
    for start, end in spans:
        stop = until if end is None else min(end, until)
        total += max(0.0, (stop - max(start, since)).total_seconds())
    return total / max(capacity, 1)


def _seconds(value: float, most: float) -> float:
    # A broken figure reads as fully busy: the guard errs on the agent's side.
    return min(max(value, 0.0), most) if math.isfinite(value) else most
