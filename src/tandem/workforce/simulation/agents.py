"""One simulated agent's mutable state and bookkeeping: phase, chats, working time, seat occupancy, breaks.

Plain mutable objects on purpose: the engine changes them at every event, and frozen routing snapshots are
built from them only for the few agents a routing pass looks at.
"""

import bisect
from datetime import datetime, timedelta
from enum import IntEnum

from tandem.wellbeing import WellbeingState, WorkingTime
from tandem.workforce.simulation.roster import Stint

HOUR = 3600.0
MIN_WINDOW = 900.0  # seconds: the shortest time an occupancy is measured over


class Phase(IntEnum):
    OFF = 0  # before the shift
    WORKING = 1  # takes new contacts
    WRAP_BREAK = 2  # a break is due: no new contacts, finishing the current ones
    BREAK = 3
    WRAP_END = 4  # the shift (or the day's hours) is over: finishing the current ones
    GONE = 5


class Agent:
    """An agent during the simulated day. Times are seconds from midnight."""

    __slots__ = (
        "active",
        "break_wanted",
        "breaks",
        "busy_t",
        "busy_v",
        "capacity",
        "contacts",
        "end",
        "group",
        "hard_contacts",
        "hourly_cost",
        "id",
        "languages",
        "last_assigned",
        "left_at",
        "load",
        "load_at",
        "open_since",
        "peak_load",
        "phase",
        "segments",
        "shift_ends_at",
        "since_break_closed",
        "skills",
        "start",
        "stint",
        "version",
        "wellbeing",
        "work_closed",
        "work_open_since",
    )

    def __init__(self, agent_id: int, stint: Stint, day: datetime) -> None:
        group = stint.group
        self.id = agent_id
        self.stint = stint
        self.group = group.name
        self.skills = frozenset(group.skills)
        self.languages = frozenset(group.languages)
        self.capacity = group.capacity
        self.start, self.end = stint.start, stint.end
        self.hourly_cost = group.hourly_cost
        self.shift_ends_at = day + timedelta(seconds=stint.end)
        self.phase = Phase.OFF
        self.active = 0
        self.last_assigned: float | None = None
        self.wellbeing = WellbeingState()  # kept by the tandem policy (load, recent hard contacts, abuse)
        self.load, self.load_at = 0.0, 0.0  # kept by the other policies, for the report only
        self.peak_load = 0.0
        self.contacts = 0
        self.hard_contacts = 0
        self.work_closed = stint.worked_before  # seconds of work in closed segments (and before the window)
        self.since_break_closed = stint.since_break_before  # of which since the last qualifying break
        self.work_open_since: float | None = None
        self.segments: list[tuple[float, float]] = []  # closed work segments (start, end)
        self.open_since: list[float] = []  # start of each chat in hand
        self.busy_t: list[float] = [0.0]  # checkpoints of the cumulative busy-seat integral
        self.busy_v: list[float] = [0.0]
        self.breaks: list[tuple[float, float]] = []  # (start, seconds worked since the last break at that start)
        self.break_wanted = False  # naive policies: the break is due, taken at the first idle moment
        self.left_at: float | None = None
        self.version = 0  # bumped on every change a routing snapshot would show (seats, work, breaks)

    # ---- working time

    def start_work(self, now: float) -> None:
        self.version += 1
        self.phase = Phase.WORKING
        self.work_open_since = now

    def stop_work(self, now: float) -> None:
        self.version += 1
        if self.work_open_since is not None:
            self.work_closed += now - self.work_open_since
            self.since_break_closed += now - self.work_open_since
            self.segments.append((self.work_open_since, now))
            self.work_open_since = None

    def worked(self, now: float) -> float:
        """Seconds of work today (logged in and not on a break, idle time included)."""
        return self.work_closed + (now - self.work_open_since if self.work_open_since is not None else 0.0)

    def worked_since_break(self, now: float) -> float:
        return self.since_break_closed + (now - self.work_open_since if self.work_open_since is not None else 0.0)

    def start_break(self, now: float) -> None:
        self.breaks.append((now, self.worked_since_break(now)))
        self.stop_work(now)
        self.phase = Phase.BREAK
        self.break_wanted = False

    def end_break(self, now: float, hours: WorkingTime) -> None:
        started = self.breaks[-1][0]
        if now - started >= 60.0 * hours.break_minutes - 1e-6:  # a shorter pause does not reset the count
            self.since_break_closed = 0.0
        self.start_work(now)

    def leave(self, now: float) -> None:
        self.stop_work(now)
        self.phase = Phase.GONE
        self.left_at = now

    # ---- seat occupancy: the share of the agent's chat seats in use, integrated over time

    def seats_change(self, now: float, delta: int) -> None:
        """Record `delta` chats starting (+1) or ending (-1) at `now`."""
        self.version += 1
        last_t, last_v = self.busy_t[-1], self.busy_v[-1]
        self.busy_t.append(now)
        self.busy_v.append(last_v + (now - last_t) * self.active / self.capacity)
        self.active += delta

    def busy_until(self, t: float) -> float:
        """Seat-seconds used from midnight to `t` (exact: seats are constant between checkpoints)."""
        times = self.busy_t
        i = bisect.bisect_right(times, t) - 1
        if i < 0:
            return 0.0
        if i == len(times) - 1:
            return self.busy_v[i] + (t - times[i]) * self.active / self.capacity
        span = times[i + 1] - times[i]
        if span <= 0:
            return self.busy_v[i]
        return self.busy_v[i] + (self.busy_v[i + 1] - self.busy_v[i]) * (t - times[i]) / span

    def occupancy_last_hour(self, now: float) -> float:
        """Occupancy over the last hour: seat time in use / seat time at work (breaks and time before the shift
        do not count, so an agent filled to capacity since coming back reads busy, not rested). Over at least
        `MIN_WINDOW` seconds, so that the first chat of a shift does not read as 100 %."""
        since = now - HOUR
        at_work = 0.0 if self.work_open_since is None else now - max(self.work_open_since, since)
        for start, end in reversed(self.segments):
            if end <= since:
                break
            at_work += end - max(start, since)
        used = self.busy_until(now) - self.busy_until(since)
        return min(1.0, max(0.0, used / max(at_work, MIN_WINDOW)))

    def this_hour(self, now: float) -> tuple[float, float]:
        """(seat time in use, time at work) so far in the clock hour `now` falls in, in seconds: the figures the
        occupancy cap projects from, and the ones the report's occupancy per agent-hour is made of."""
        since = (now // HOUR) * HOUR
        at_work = 0.0 if self.work_open_since is None else now - max(self.work_open_since, since)
        for start, end in reversed(self.segments):
            if end <= since:
                break
            at_work += end - max(start, since)
        return self.busy_until(now) - self.busy_until(since), at_work

    def work_segments(self, now: float) -> list[tuple[float, float]]:
        if self.work_open_since is None:
            return list(self.segments)
        return [*self.segments, (self.work_open_since, now)]

    # ---- breaks and limits, for the report

    def breaks_on_time(self, hours: WorkingTime, grace_seconds: float) -> int:
        """Breaks started before work since the previous one exceeded the limit by more than `grace_seconds`."""
        limit = 60.0 * hours.break_after_minutes + grace_seconds
        return sum(1 for _, worked in self.breaks if worked <= limit)

    def overtime(self, now: float) -> float:
        """Seconds worked after the end of the shift (chats finished late)."""
        return sum(max(0.0, end - max(start, self.end)) for start, end in self.work_segments(now))


def hours_overlap(segments: list[tuple[float, float]], hours: int) -> list[float]:
    """Seconds of the segments falling in each clock hour 0 .. hours-1."""
    result = [0.0] * hours
    for start, end in segments:
        h = max(0, int(start // HOUR))
        while h < hours and h * HOUR < end:
            result[h] += max(0.0, min(end, (h + 1) * HOUR) - max(start, h * HOUR))
            h += 1
    return result
