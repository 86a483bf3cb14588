"""The people's side of the history: each handed-over conversation, in the order it was queued, goes to the first
member at work who has the skill, the language and a free seat (after a cool-down for a hard contact), or the
customer gives up waiting first.

Like the live router it gives no new contact in the 15 minutes before a member's break or the end of their shift,
none outside their shifts, none that would take a clock hour of theirs above the occupancy cap (seats in use 85 %
of their time at work in it); a member takes up to their capacity at once.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.demo.team import Member, Rota, Shift

LOOK_AHEAD = timedelta(minutes=15)  # wellbeing's look-ahead before a break or the end of a shift
COOL_DOWN = timedelta(minutes=10)  # no hard contact this long after an abusive one (the wellbeing default)
TAKEOVER = timedelta(minutes=5)  # a conversation kept for a supervisor is closed after this (the default)
# The wellbeing's occupancy cap: no contact that takes an agent's clock hour above 85 % of its seats (the default).
OCCUPANCY_CAP = 0.85
SHORT_HOUR = 1800.0  # an hour with less time at work than this is left out of occupancy (docs/metrics.md)


@dataclass(frozen=True, slots=True)
class Waiting:
    domain: str
    language: str
    queued_at: datetime
    hard: bool
    supervisor_only: bool = False


@dataclass(frozen=True, slots=True)
class Taken:
    """Assigned to `agent_id` at `at`, a person's conversation until `until`; or, with `agent_id` None, the
    customer gone at `at` (a conversation kept for a supervisor: closed unanswered)."""

    agent_id: int | None
    at: datetime
    until: datetime | None = None


def patience(rng: random.Random) -> timedelta:
    """How long a customer waits: most a few minutes; one in five leaves the page open for hours."""
    if rng.random() < 0.2:
        return timedelta(hours=16 * rng.random())
    return timedelta(minutes=rng.expovariate(1 / 6))


def handle_time(rng: random.Random, hard: bool) -> timedelta:
    """A person's time on the conversation: a median of 7 minutes, longer for a hard one."""
    return timedelta(minutes=min(90.0, 7 * math.exp(rng.gauss(0, 0.6)) * (1.5 if hard else 1.0)))


class Desk:
    def __init__(self, members: Sequence[Member], rota: Rota, horizon: datetime) -> None:
        self._horizon = horizon  # nobody is assigned after it: every chat is over by the present
        self._members = {m.agent_id: m for m in members}
        self._supervisors = [m for m in members if m.supervisor]
        self._rota = rota
        self._chats: dict[int, list[datetime]] = {m.agent_id: [] for m in members}
        self._cool_until: dict[int, datetime] = {}
        self._seats: dict[tuple[int, int], float] = {}  # (agent, clock hour) -> seat seconds given so far

    def take(self, waiting: Waiting, rng: random.Random) -> Taken:
        limit = min(waiting.queued_at + (TAKEOVER if waiting.supervisor_only else patience(rng)), self._horizon)
        best: tuple[datetime, int, int] | None = None
        handle = handle_time(rng, waiting.hard)
        for shift in self._rota.around(waiting.queued_at) if not waiting.supervisor_only else ():
            member = self._members[shift.agent_id]
            if waiting.domain not in member.skills or waiting.language not in member.languages:
                continue
            at = self._free_at(member, shift, waiting)
            if at is None or at > limit or not self._fits(member, shift, at, at + handle):
                continue
            if best is None or (at, len(self._chats[member.agent_id])) < best[:2]:
                best = (at, len(self._chats[member.agent_id]), member.agent_id)
        if waiting.supervisor_only and self._supervisors and rng.random() < 0.6 and waiting.queued_at < limit:
            at = min(waiting.queued_at + timedelta(seconds=rng.uniform(20, 280)), limit)
            best = (at, 0, rng.choice(self._supervisors).agent_id)
        if best is None:
            return Taken(None, limit)
        at, _, agent_id = best
        until = at + handle
        self._chats[agent_id].append(until)
        for hour, seconds in _by_hour(at, until):
            key = (agent_id, hour)
            self._seats[key] = self._seats.get(key, 0.0) + seconds / self._members[agent_id].capacity
        return Taken(agent_id, at, until)

    def _fits(self, member: Member, shift: Shift, start: datetime, end: datetime) -> bool:
        """Whether the chat keeps each clock hour of the member's at or below the occupancy cap: its seats in use
        at most 85 % of the time at work in that hour (an hour with under 30 minutes at work does not count)."""
        for hour, seconds in _by_hour(start, end):
            at_work = _at_work(shift, hour)
            used = self._seats.get((member.agent_id, hour), 0.0) + seconds / member.capacity
            if at_work >= SHORT_HOUR and used > OCCUPANCY_CAP * at_work:
                return False
        return True

    def ended_abusive(self, agent_id: int, at: datetime) -> None:
        self._cool_until[agent_id] = at + COOL_DOWN

    def _free_at(self, member: Member, shift: Shift, waiting: Waiting) -> datetime | None:
        """When `member` could take it within `shift`, or None."""
        chats = self._chats[member.agent_id] = [end for end in self._chats[member.agent_id] if end > waiting.queued_at]
        at = shift.next_working(waiting.queued_at)
        if at is None:
            return None
        if len(chats) >= member.capacity:
            at = max(at, sorted(chats)[len(chats) - member.capacity])
        if waiting.hard:
            at = max(at, self._cool_until.get(member.agent_id, at))
        if shift.break_start is not None and shift.break_end is not None and shift.break_start - LOOK_AHEAD <= at:
            at = max(at, shift.break_end)  # no new contact just before the break, none during it
        return at if at < shift.end - LOOK_AHEAD else None


def _by_hour(start: datetime, end: datetime) -> list[tuple[int, float]]:
    """(clock hour's start, seconds of `start`..`end` in it), epoch seconds."""
    low, high = start.timestamp(), end.timestamp()
    hour, parts = int(low) - int(low) % 3600, []
    while hour < high:
        parts.append((hour, min(high, hour + 3600) - max(low, hour)))
        hour += 3600
    return parts


def _at_work(shift: Shift, hour: int) -> float:
    """Seconds of the clock hour starting at `hour` (epoch) that `shift` spends at work, its break apart."""

    def overlap(start: datetime, end: datetime) -> float:
        return max(0.0, min(end.timestamp(), hour + 3600) - max(start.timestamp(), hour))

    worked = overlap(shift.start, shift.end)
    if shift.break_start is not None and shift.break_end is not None:
        worked -= overlap(shift.break_start, shift.break_end)
    return worked
