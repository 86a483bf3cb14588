"""The agents' working day: starting the shift, stopping new work, breaks, leaving.

Under the policies that keep breaks and hours (`tandem`, `naive_legal`), agents act on the wellbeing rules:
they stop taking contacts `look_ahead_minutes` before a break falls due (`break_status`, the BreakDue rule) or
before the end of the shift or of the daily limit of work (the ShiftOver and DailyLimit rules), finish their
chats, then take the break (`break_minutes`) or leave. Under `human_only` and `naive_hybrid` nothing stops the
work: an agent whose break is due takes it at the first moment with no chat at all, if that moment comes before
the end of the shift; at the end of the shift they finish their chats.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import simpy

from tandem.wellbeing import WellbeingPolicy, WorkingTime, break_status
from tandem.workforce.simulation.agents import Agent, Phase
from tandem.workforce.simulation.policies import Policy
from tandem.workforce.simulation.pool import Dispatcher, Pool
from tandem.workforce.simulation.scenario import Scenario
from tandem.workforce.simulation.snapshots import agent_snapshot, instant

RECHECK_SECONDS = 1e-3  # the least delay before a break check that found no break due looks again


def at(env: simpy.Environment, delay: float, action: Callable[..., None], *args: Any) -> None:
    """Call `action(*args)` `delay` seconds from now (a SimPy timeout with a callback: no process needed)."""
    env.timeout(max(0.0, delay)).callbacks.append(lambda _event: action(*args))


@dataclass(slots=True)
class Workday:
    """Schedules and carries out every agent's day in the engine's SimPy environment."""

    env: simpy.Environment
    scenario: Scenario
    policy: Policy
    wellbeing: WellbeingPolicy
    pool: Pool
    dispatcher: Dispatcher

    @property
    def hours(self) -> WorkingTime:
        return self.wellbeing.hours

    def begin(self, agents: list[Agent]) -> None:
        """Schedule every agent's start of work."""
        for agent in agents:
            at(self.env, agent.start, self._shift_start, agent)

    def chat_ended(self, agent: Agent, now: float) -> None:
        """After one of the agent's chats ended: a break or the end of the day if it was the last one and one is
        waiting for it, else a free seat for the router."""
        if agent.active == 0 and (agent.phase is Phase.WRAP_BREAK or agent.break_wanted):
            self.start_break(agent)
        elif agent.active == 0 and agent.phase is Phase.WRAP_END:
            agent.leave(now)
        else:
            self.dispatcher.agent_changed(agent, now)

    def _shift_start(self, agent: Agent) -> None:
        now = self.env.now
        agent.start_work(now)
        at(self.env, self._stop_time(agent) - now, self._stop_check, agent)
        self._schedule_break_check(agent)
        self.dispatcher.agent_changed(agent, now)

    def _stop_time(self, agent: Agent) -> float:
        """When the agent stops taking work: the shift's end; keeping hours, the look-ahead before the shift's
        end or the daily limit of work (the ShiftOver and DailyLimit rules), whichever comes first."""
        if not self.policy.legal:
            return agent.end
        look_ahead = 60.0 * self.hours.look_ahead_minutes
        daily = self.env.now + 60.0 * self.hours.daily_limit_minutes - look_ahead - agent.worked(self.env.now)
        return min(agent.end - look_ahead, daily)

    def _stop_check(self, agent: Agent) -> None:
        if agent.phase in (Phase.OFF, Phase.BREAK, Phase.GONE):
            return  # a break's end checks the stop itself
        stop = self._stop_time(agent)
        if stop > self.env.now + 1e-6:  # breaks pushed the daily limit later
            at(self.env, stop - self.env.now, self._stop_check, agent)
        elif agent.active == 0:
            agent.leave(self.env.now)
            self.pool.update(agent)
        else:
            agent.phase = Phase.WRAP_END
            agent.break_wanted = False
            self.dispatcher.agent_changed(agent, self.env.now)

    def _break_threshold(self) -> float:
        """Seconds of work since the last break at which the agent acts on a due break."""
        look_ahead = self.hours.look_ahead_minutes if self.policy.legal else 0.0
        return 60.0 * (self.hours.break_after_minutes - look_ahead)

    def _schedule_break_check(self, agent: Agent, least: float = 0.0) -> None:
        if self.scenario.breaks:
            now = self.env.now
            at(self.env, max(self._break_threshold() - agent.worked_since_break(now), least), self._break_check, agent)

    def _break_check(self, agent: Agent) -> None:
        now = self.env.now
        if agent.phase is not Phase.WORKING:
            return
        if self.policy.legal:
            at = instant(self.scenario.day, now)
            due = break_status(agent_snapshot(agent, now, at, self.wellbeing), at, self.hours).due
        else:
            due = agent.worked_since_break(now) >= self._break_threshold() - 1e-6
        if not due:
            # The rule counts minutes, the schedule seconds: they may disagree by a rounding error, and a delay
            # below half a float step at `now` would check again at `now`, forever (a small day, seed 5, at the
            # 2-second tick). A check that finds no break due moves the clock.
            self._schedule_break_check(agent, RECHECK_SECONDS)
        elif self.policy.legal:
            agent.phase = Phase.WRAP_BREAK  # the BreakDue rule would veto them: no new contacts
            self.pool.update(agent)
            if agent.active == 0:
                self.start_break(agent)
        else:
            agent.break_wanted = True
            if agent.active == 0:
                self.start_break(agent)

    def start_break(self, agent: Agent) -> None:
        """The agent goes on break now: one due, or one the router asked for early, in a lull (wellbeing.lull:
        the simulated agent takes it at once)."""
        agent.start_break(self.env.now)
        self.pool.update(agent)
        at(self.env, 60.0 * self.hours.break_minutes, self._end_break, agent)

    def _end_break(self, agent: Agent) -> None:
        now = self.env.now
        agent.end_break(now, self.hours)
        if self._stop_time(agent) <= now + 1e-6:
            agent.leave(now)
            self.pool.update(agent)
            return
        self._schedule_break_check(agent)
        self.dispatcher.agent_changed(agent, now)
