"""The SimPy model of one day: contacts meet the AI (or not), queue, are routed, handled; agents work shifts,
take breaks and leave. One seed fixes every random draw, so a run is reproducible to the last digit.

Events are plain SimPy timeouts with callbacks (a process per contact would cost more and buy nothing here):
a contact's entry into the queue, its abandonment, the end of its handling; an agent's shift start, break due,
break end and end of work; a routing tick while contacts wait (tandem) and an hourly progress report.
"""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np
import simpy

from tandem.wellbeing import contact_difficulty, lull_break, record_contact
from tandem.workforce.simulation.agents import HOUR, Agent
from tandem.workforce.simulation.contact import Contact
from tandem.workforce.simulation.first_free import FirstFree
from tandem.workforce.simulation.lull_breaks import ChatsInHand, LullBreaks
from tandem.workforce.simulation.policies import Policy
from tandem.workforce.simulation.pool import Dispatcher, Pool
from tandem.workforce.simulation.roster import stints
from tandem.workforce.simulation.scenario import Scenario
from tandem.workforce.simulation.snapshots import instant
from tandem.workforce.simulation.stream import ContactStream, contact_stream
from tandem.workforce.simulation.tandem_dispatch import SHORTLIST, TICK_SECONDS, TandemDispatch
from tandem.workforce.simulation.workday import Workday, at

Progress = Callable[[int, int], None]  # (hours simulated, hours in all)


@dataclass(frozen=True, slots=True)
class RunRecord:
    """Everything a run produced, for `metrics.summarize`."""

    scenario: Scenario
    policy: Policy
    seed: int
    contacts: int  # all contacts of the day
    contained: int  # resolved by the AI
    queued: list[Contact]  # those that reached people, in queue order
    agents: list[Agent]
    end: float  # when the last event happened
    routing_passes: int


class Engine:
    """One simulated day under one policy. `run()` once."""

    def __init__(
        self,
        scenario: Scenario,
        policy: Policy,
        seed: int,
        progress: Progress | None = None,
        shortlist: int | None = SHORTLIST,
    ) -> None:
        generator = np.random.default_rng(seed)
        self.stream: ContactStream = contact_stream(scenario, generator)
        router_rng = random.Random(int(generator.integers(2**63)))  # the router's tie-breaks, from the same seed
        self.scenario, self.policy, self.seed, self.progress = scenario, policy, seed, progress
        self.hours = scenario.working_time
        self.wellbeing = replace(scenario.wellbeing, hours=self.hours)
        self.env = simpy.Environment()
        self.agents = [Agent(i, stint, scenario.day) for i, stint in enumerate(stints(scenario))]
        self.pool = Pool(max((a.capacity for a in self.agents), default=1))
        self.queued: list[Contact] = []
        self.in_hand = ChatsInHand()  # the team's chats in hand through the day (the lull rule looks back)
        self.dispatcher: Dispatcher
        self.tandem: TandemDispatch | None = None
        if policy.wellbeing:
            self.tandem = TandemDispatch(
                self.pool, self._assign, self.agents, scenario.day, scenario.sla_seconds, self.wellbeing,
                router_rng, shortlist,
            )  # fmt: skip
            self.dispatcher = self.tandem
        else:
            self.dispatcher = FirstFree(self.pool, self._assign)
        self.workday = Workday(env=self.env, scenario=scenario, policy=policy, wellbeing=self.wellbeing,
                               pool=self.pool, dispatcher=self.dispatcher)  # fmt: skip
        rule = lull_break(self.wellbeing)
        if self.tandem is not None and rule is not None and scenario.breaks:
            self.tandem.lull = LullBreaks(rule, self.pool, self.agents, self.tandem.team_snapshots, scenario.day,
                                          self.workday.start_break, self.in_hand)  # fmt: skip
        self.closing = max([scenario.horizon_seconds, *(a.end for a in self.agents)])

    def run(self) -> RunRecord:
        stream, env = self.stream, self.env
        n = len(stream)
        if self.policy.ai_first:
            entries = sorted((stream.arrival[i] + stream.ai_seconds[i], i) for i in range(n) if not stream.contained[i])
        else:
            entries = [(stream.arrival[i], i) for i in range(n)]
        env.process(self._arrivals(entries))
        self.workday.begin(self.agents)
        if self.tandem is not None:
            env.process(self._ticks())
        env.process(self._hours())
        env.run()
        return RunRecord(
            scenario=self.scenario,
            policy=self.policy,
            seed=self.seed,
            contacts=n,
            contained=n - len(entries),
            queued=self.queued,
            agents=self.agents,
            end=env.now,
            routing_passes=self.tandem.passes if self.tandem is not None else 0,
        )

    # ---- processes

    def _arrivals(self, entries: list[tuple[float, int]]) -> simpy.events.ProcessGenerator:
        env = self.env
        for when, index in entries:
            if when > env.now:
                yield env.timeout(when - env.now)
            self._enqueue(index)

    def _ticks(self) -> simpy.events.ProcessGenerator:
        while self.env.now < self.closing:
            yield self.env.timeout(TICK_SECONDS)
            self.dispatcher.tick(self.env.now)

    def _hours(self) -> simpy.events.ProcessGenerator:
        total = math.ceil(self.closing / HOUR)
        for hour in range(1, total + 1):
            yield self.env.timeout(HOUR)
            if self.progress is not None:
                self.progress(hour, total)

    # ---- contacts

    def _enqueue(self, index: int) -> None:
        now = self.env.now
        contact = Contact(self.stream, index, now, self.policy.ai_first)
        self.queued.append(contact)
        self.dispatcher.offer(contact, now)
        if contact.answered_at is None and math.isfinite(contact.patience):
            at(self.env, contact.patience, self._abandon, contact)
        share = self.wellbeing.adaptive_yield_share
        if contact.answered_at is None and self.tandem is not None and share is not None and not contact.hard:
            # The live router passes every 2 s; here the moment the load cut may yield to this contact is an event.
            at(self.env, share * self.scenario.sla_seconds, self._retry, contact)

    def _retry(self, contact: Contact) -> None:
        if self.tandem is not None:
            self.tandem.retry(contact, self.env.now)

    def _abandon(self, contact: Contact) -> None:
        if contact.live:
            contact.abandoned_at = self.env.now
            self.dispatcher.abandoned(contact)

    def _assign(self, agent: Agent, contact: Contact) -> None:
        now = self.env.now
        contact.answered_at = now
        contact.agent = agent.id
        agent.seats_change(now, +1)
        self.in_hand.change(now, +1)
        agent.open_since.append(now)
        agent.last_assigned = now
        self.pool.update(agent)
        at(self.env, contact.handle_seconds, self._finish, agent, contact)

    def _finish(self, agent: Agent, contact: Contact) -> None:
        now = self.env.now
        agent.seats_change(now, -1)
        self.in_hand.change(now, -1)
        assert contact.answered_at is not None
        agent.open_since.remove(contact.answered_at)
        agent.contacts += 1
        self._record(agent, contact, now)
        self.workday.chat_ended(agent, now)

    def _record(self, agent: Agent, contact: Contact, now: float) -> None:
        """The contact's weight on the agent: the whole wellbeing record under tandem (the rules read it), only the
        load otherwise (for the report), both with the wellbeing layer's own load model."""
        if contact.hard:
            agent.hard_contacts += 1
        day, policy = self.scenario.day, self.wellbeing
        if self.tandem is not None:
            agent.wellbeing = record_contact(agent.wellbeing, contact.signals(), instant(day, now), policy)
            agent.load = agent.wellbeing.load
            if contact.hard:
                self.tandem.hard_contact_ended()
        else:
            added = contact_difficulty(contact.signals(), policy.difficulty)
            gap = timedelta(seconds=now - agent.load_at)
            agent.load = policy.load_model.load_after(agent.load, day, day + gap, added)
            agent.load_at = now
        agent.peak_load = max(agent.peak_load, agent.load)


def simulate(
    scenario: Scenario,
    policy: Policy,
    seed: int = 0,
    progress: Progress | None = None,
    shortlist: int | None = SHORTLIST,
) -> RunRecord:
    """Run one day of `scenario` under `policy` with `seed`."""
    return Engine(scenario, policy, seed, progress, shortlist).run()
