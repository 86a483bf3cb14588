"""Breaks taken early, in a lull, in the simulator: the live router's rule (`tandem.wellbeing.LullBreak`) checked
at each routing tick while nobody waits, on the whole team as the live router sees it.

The rule needs the whole team's snapshots (who else could take a contact); they are built only when an idle
agent's break falls due within the window, which is rare. It also needs the chats the team had in hand a break's
length ago, which the live router reads from its assignment log: here `ChatsInHand`, kept by the engine at every
chat's start and end (the past only). The simulated agent takes the break the router asks for at once (the live
one is told and turned away from new contacts; docs/wellbeing.md).
"""

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from tandem.domain.routing import AgentSnapshot
from tandem.wellbeing import LullBreak
from tandem.workforce.simulation.agents import Agent, Phase
from tandem.workforce.simulation.pool import Pool
from tandem.workforce.simulation.snapshots import instant

TeamView = Callable[[float, datetime], tuple[AgentSnapshot, ...]]
_AT_WORK = (Phase.WORKING, Phase.WRAP_BREAK, Phase.WRAP_END)  # available, as the live router sees them


@dataclass(frozen=True, slots=True)
class LullCheck:
    """One check that had an idle agent in the window: when, the whole team then, and who was sent."""

    at: datetime
    team: tuple[AgentSnapshot, ...]
    earlier_in_hand: int  # the team's chats in hand the rule's `look_back` before `at`
    sent: tuple[int, ...]


class ChatsInHand:
    """The whole team's chats in hand through the day: the count after each change, for the count at an earlier
    instant (what the live router reads from the assignment log with `tandem.wellbeing.chats_in_hand`)."""

    def __init__(self) -> None:
        self.times: list[float] = [0.0]
        self.counts: list[int] = [0]

    def change(self, now: float, delta: int) -> None:
        """A chat starts (+1) or ends (-1) at `now` (never before the last change)."""
        self.times.append(now)
        self.counts.append(self.counts[-1] + delta)

    def at(self, t: float) -> int:
        """The chats in hand at `t`: every change at or before `t` made (a chat ending at `t` is over)."""
        return self.counts[max(0, bisect.bisect_right(self.times, t) - 1)]


class LullBreaks:
    """Sends idle agents on the break the rule asks for, while nobody waits."""

    def __init__(
        self, rule: LullBreak, pool: Pool, team: list[Agent], view: TeamView, day: datetime,
        take_break: Callable[[Agent], None], in_hand: ChatsInHand,
    ) -> None:  # fmt: skip
        self.rule, self.pool, self.view, self.day, self.take_break = rule, pool, view, day, take_break
        self.in_hand = in_hand
        self.look_back = rule.look_back.total_seconds()
        self.by_id = {a.id: a for a in team}
        hours = rule.hours
        # Seconds of work since the last break in which an idle agent may be sent (a second's slack either way:
        # the rule decides on minutes, this only spares the team's snapshots when nobody can be).
        self.low = 60.0 * (hours.break_after_minutes - rule.reach_minutes) - 1.0
        self.high = 60.0 * (hours.break_after_minutes - hours.look_ahead_minutes) + 1.0
        self.after = 60.0 * hours.break_after_minutes
        self.window = 60.0 * (hours.break_after_minutes - rule.window_minutes) - 1.0  # beyond: the forecast decides
        self.sent = 0
        self.observer: Callable[[LullCheck], None] | None = None  # told of every check made (tests)

    def check(self, now: float) -> None:
        """Nobody waits at `now`: ask the rule about the idle agents whose break falls due soon, if any."""
        if not any(self._may_go(a, now) for a in self.pool.levels[0].values()):
            return
        at = instant(self.day, now)
        team = self.view(now, at)
        earlier = self.in_hand.at(now - self.look_back)
        sent = self.rule.choose(team, 0, at, earlier)
        if self.observer is not None:
            self.observer(LullCheck(at, team, earlier, sent))
        for agent_id in sent:
            self.sent += 1
            self.take_break(self.by_id[agent_id])

    def _may_go(self, agent: Agent, now: float) -> bool:
        """What the rule asks of an idle agent and of the others, loosened (a second's slack, every free seat of
        everyone at work counted, cap or not): only spares building the team's snapshots when it must say no."""
        worked = agent.worked_since_break(now)
        if not self.low <= worked <= self.high or now + self.after - worked >= agent.end + 1.0:
            return False
        if worked < self.window and not self._busier_later(now, worked):
            return False
        free = sum(
            a.capacity - a.active
            for a in self.at_work()
            if a is not agent and agent.skills <= a.skills and agent.languages <= a.languages
        )
        return free >= agent.capacity

    def _busier_later(self, now: float, worked: float) -> bool:
        """Beyond the window: whether the forecast may put the agent's stop for the break in a busier hour (with a
        second's slack either side of the stop, as the rule decides on minutes)."""
        forecast = self.rule.forecast
        if forecast is None:
            return False
        at = instant(self.day, now)
        stop = now + self.after - worked - 60.0 * self.rule.hours.look_ahead_minutes
        return any(forecast.quieter_now(at, instant(self.day, stop + slack)) for slack in (-1.0, 1.0))

    def at_work(self) -> Iterator[Agent]:
        return (a for a in self.by_id.values() if a.phase in _AT_WORK)
