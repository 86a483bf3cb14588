"""Tandem's routing in the simulator: the real `tandem.routing.route` with the real wellbeing rules and scorers.

A routing pass runs only when somebody is waiting and someone could take work, with frozen snapshots of a
bounded set of agents and a bounded head of the queue, so that its cost does not grow with the centre:

- a routing tick (every `TICK_SECONDS` while contacts wait, since vetoes such as the cool-down or a high load
  expire with time): the `HEAD` most urgent contacts by the router's own `queue_order` (priority, ageing,
  SLA), and everyone who can take work if there are at most `shortlist` of them; otherwise a shortlist of that
  many who can serve the head and whom the occupancy cap would not turn away, most free seats (free longest
  among equals) first, plus, when a hard contact
  waits, the `shortlist` with the fewest recent hard contacts (what the fair-share scorer looks for). The
  router applies every rule and scorer to the shortlist. `shortlist=None` passes every free agent (slower;
  used to check that the shortlist changes nothing that matters);
- a new contact: that contact alone against the same shortlist. The contacts already waiting were refused
  by everyone free when they came or at the last tick, and an agent's own changes trigger a pass (below);
- an agent freeing a seat or coming back: that agent alone against the `TRIGGER_HEAD` most urgent contacts.

So a veto that expires with time is noticed within a tick, as in the live router, which passes every 2 s; in
between, a newer contact may be served first. (This simulator once ticked every 30 s: a contact a veto had
given way to could wait up to 28 s longer than under the live router.)
"""

import heapq
import random
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, RoutingPlan, WaitingConversation
from tandem.routing import DEFAULT_POLICY, DEFAULT_RULES, Rule, Scorer, queue_order, route
from tandem.wellbeing import (
    FairShareOfHard,
    HardShareCap,
    OccupancyCap,
    WellbeingPolicy,
    median,
    recent_hard_count,
    wellbeing_rules,
)
from tandem.workforce.simulation.agents import Agent, Phase
from tandem.workforce.simulation.contact import Contact
from tandem.workforce.simulation.lull_breaks import LullBreaks
from tandem.workforce.simulation.pool import Assign, Pool, serves
from tandem.workforce.simulation.snapshots import agent_snapshot, instant, waiting_conversation


@dataclass(frozen=True, slots=True)
class RoutingPass:
    """One routing pass of the simulator: when, the contacts it routed, the whole team then, and its plan."""

    at: datetime
    waiting: tuple[WaitingConversation, ...]
    team: tuple[AgentSnapshot, ...]
    plan: RoutingPlan
    # Whether the pass weighed every agent free to serve one of its contacts (a seat freed weighs that agent alone).
    whole_pool: bool


HEAD = 16
TRIGGER_HEAD = 8
SHORTLIST = 8
TICK_SECONDS = 2.0  # the live router's cadence (tandem.api.app.ASSIGN_EVERY_SECONDS): the simulator models it
_MEDIAN_TTL = 60.0  # seconds a team median of recent hard contacts is reused (it moves slowly)


class TandemDispatch:
    def __init__(
        self,
        pool: Pool,
        assign: Assign,
        team: list[Agent],
        day: datetime,
        sla_seconds: float,
        wellbeing: WellbeingPolicy,
        rng: random.Random,
        shortlist: int | None = SHORTLIST,
    ) -> None:
        self.pool, self.assign, self.team = pool, assign, team
        self.day, self.sla_seconds, self.wellbeing, self.rng = day, sla_seconds, wellbeing, rng
        self.shortlist = shortlist
        rules, scorers = wellbeing_rules(wellbeing)
        self.rules: tuple[Rule, ...] = (*DEFAULT_RULES, *rules)
        self.scorers: tuple[Scorer, ...] = tuple(scorers)
        self._cap = next((r for r in rules if isinstance(r, OccupancyCap)), None)
        self._fair = next(s for s in scorers if isinstance(s, FairShareOfHard))
        self.queues: dict[int, deque[Contact]] = {}  # by base priority; first come first within one
        self.size = 0
        self._median: tuple[float, float] | None = None  # (computed at, value)
        self._snapshots: dict[int, tuple[int, float, AgentSnapshot]] = {}  # agent -> (version, built at, snapshot)
        self._open_hard: dict[int, list[float]] = {}  # agent -> end times of the hard chats they are handling
        self.passes = 0
        self.lull: LullBreaks | None = None  # breaks asked for early while nobody waits (set by the engine)
        # Told of every pass before its decisions are carried out (tests compare them with the live router's).
        self.observer: Callable[[RoutingPass], None] | None = None

    def offer(self, contact: Contact, now: float) -> None:
        waiting_conversation(contact, self.day, self.sla_seconds)
        self.queues.setdefault(contact.priority, deque()).append(contact)
        self.size += 1
        if len(self.pool):
            at = instant(self.day, now)
            self._route([contact], self._candidates([contact], now, at), now, at)

    def retry(self, contact: Contact, now: float) -> None:
        """`contact` alone against the shortlist again, if it still waits (when a veto may have given way)."""
        if contact.live and len(self.pool):
            at = instant(self.day, now)
            self._route([contact], self._candidates([contact], now, at), now, at)

    def agent_changed(self, agent: Agent, now: float) -> None:
        self.pool.update(agent)
        if self.size and agent in self.pool:
            at = instant(self.day, now)
            self._route(self._head(at, TRIGGER_HEAD), [agent], now, at)

    def abandoned(self, contact: Contact) -> None:
        self.size -= 1

    def tick(self, now: float) -> None:
        if self.size and len(self.pool):
            at = instant(self.day, now)
            head = self._head(at, HEAD)
            self._route(head, self._candidates(head, now, at), now, at)
        elif not self.size and self.lull is not None:
            self.lull.check(now)

    def waiting(self) -> int:
        return self.size

    def hard_contact_ended(self) -> None:
        self._median = None

    def _route(self, head: list[Contact], agents: list[Agent], now: float, at: datetime) -> None:
        """One routing pass of `head` over `agents`; the router's decisions are carried out at once."""
        if not head or not agents:
            return
        self.passes += 1
        rules = self.rules
        margin = self.wellbeing.hard_share_margin
        if margin is not None and any(c.hard for c in head):
            rules = (*rules, HardShareCap(self._team_median(now, at), margin))
        snapshots = [self._snapshot(a, now, at) for a in agents]
        waiting = [c.waiting for c in head if c.waiting is not None]
        plan = route(snapshots, waiting, at, DEFAULT_POLICY, rules, self.rng, self.scorers)
        if self.observer is not None:
            free = {a.id for a in self.pool.in_order() if any(serves(a, c) for c in head)}
            whole = free <= {a.id for a in agents}
            self.observer(RoutingPass(at, tuple(waiting), self.team_snapshots(now, at), plan, whole))
        by_agent = {a.id: a for a in agents}
        by_contact = {c.id: c for c in head}
        for decision in plan.decisions:
            self.size -= 1
            contact = by_contact[decision.conversation_id]
            if contact.hard:
                self._open_hard.setdefault(decision.agent_id, []).append(now + contact.handle_seconds)
            self.assign(by_agent[decision.agent_id], contact)

    def team_snapshots(self, now: float, at: datetime) -> tuple[AgentSnapshot, ...]:
        """Everyone on shift as the live router would see them now, built afresh (no snapshot reused): at work,
        on a break (status break), or finishing their chats before a break or the end of the shift (available:
        the working-time rules turn them away)."""
        return tuple(
            replace(
                agent_snapshot(a, now, at, self.wellbeing, self._hard_in_hand(a, now)),
                status=AgentStatus.BREAK if a.phase == Phase.BREAK else AgentStatus.AVAILABLE,
            )
            for a in self.team
            if a.phase not in (Phase.OFF, Phase.GONE)
        )

    def _hard_in_hand(self, agent: Agent, now: float) -> int:
        """Hard chats the agent is handling now: they count as recent from the moment they are given out, as they
        do within one routing pass (the wellbeing record only has them once they end)."""
        ends = self._open_hard.get(agent.id)
        if not ends:
            return 0
        ends[:] = [end for end in ends if end > now]
        return len(ends)

    def _recent_hard(self, agent: Agent, now: float, at: datetime) -> int:
        return recent_hard_count(agent.wellbeing, at, self.wellbeing) + self._hard_in_hand(agent, now)

    def _snapshot(self, agent: Agent, now: float, at: datetime) -> AgentSnapshot:
        """The agent's snapshot as the live router would build it now: reused only within one instant while the
        agent is unchanged. (Reusing it for 10 s, as this simulator once did, read a load that had since decayed
        and left contacts waiting that the live router gives out: 3 of 370 passes of an evening hour; building
        afresh costs no measurable time.)"""
        cached = self._snapshots.get(agent.id)
        if cached is not None and cached[0] == agent.version and cached[1] == now:
            return cached[2]
        snapshot = agent_snapshot(agent, now, at, self.wellbeing, self._hard_in_hand(agent, now))
        self._snapshots[agent.id] = (agent.version, now, snapshot)
        return snapshot

    def _head(self, at: datetime, size: int) -> list[Contact]:
        """The most urgent waiting contacts: first come first within a priority, so each queue's front will do."""
        fronts: list[Contact] = []
        for queue in self.queues.values():
            while queue and not queue[0].live:
                queue.popleft()
            taken = 0
            for contact in queue:
                if contact.live:
                    fronts.append(contact)
                    taken += 1
                    if taken == size:
                        break
        if len(fronts) <= size:
            return fronts
        by_id = {c.id: c for c in fronts}
        order = queue_order([c.waiting for c in fronts if c.waiting is not None], at, DEFAULT_POLICY)
        return [by_id[w.id] for w in order[:size]]

    def _candidates(self, head: list[Contact], now: float, at: datetime) -> list[Agent]:
        able = (a for a in self.pool.in_order() if any(serves(a, c) for c in head))
        cap = self._cap
        if cap is not None and self.shortlist is not None and len(self.pool) > self.shortlist:
            # Agents the cap would turn away take no place on the shortlist from a colleague with headroom.
            able = (a for a in able if not cap.over(self._snapshot(a, now, at), at))
        if self.shortlist is None or len(self.pool) <= self.shortlist:
            return list(able)
        chosen: dict[int, Agent] = {}
        for agent in able:
            if len(chosen) >= self.shortlist:
                break
            chosen[agent.id] = agent
        hard = [c for c in head if c.hard]
        if hard:
            fit = [a for a in self.pool.in_order() if any(serves(a, c) for c in hard)]
            for agent in self._fewest_hard(fit, now, at):
                chosen.setdefault(agent.id, agent)
        return list(chosen.values())

    def _fewest_hard(self, agents: Iterable[Agent], now: float, at: datetime) -> list[Agent]:
        """The `shortlist` agents the fair-share scorer ranks first: lowest rate of recent hard contacts."""
        assert self.shortlist is not None
        fair = self._fair
        ranked = (
            (fair.share_of(self._recent_hard(a, now, at), a.worked(now) / 60.0), i, a) for i, a in enumerate(agents)
        )
        return [a for _, _, a in heapq.nsmallest(self.shortlist, ranked, key=lambda r: (r[0], r[1]))]

    def _team_median(self, now: float, at: datetime) -> float:
        """Median of recent hard contacts over everyone at work (the team `wellbeing_rules` compares with)."""
        if self._median is None or now - self._median[0] > _MEDIAN_TTL:
            at_work = (a for a in self.team if a.phase not in (Phase.OFF, Phase.GONE))
            value = median([float(self._recent_hard(a, now, at)) for a in at_work])
            self._median = (now, value)
        return self._median[1]
