"""Give waiting conversations to agents: the pure router decides, this applies its plan in one transaction."""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from tandem.conversations.queueing import is_hard, queue_info, waiting
from tandem.domain.conversations import Agent, Author, Conversation, ConversationStatus, NewMessage
from tandem.domain.events import (
    AGENTS,
    SUPERVISORS,
    AgentsEvent,
    AssignedEvent,
    Outbox,
    QueueEvent,
    StatusEvent,
    WellbeingEvent,
    agent_channel,
    conversation_channel,
)
from tandem.domain.meta import MessageMeta
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.domain.routing import AgentSnapshot, ChatSpan, RoutingDecision, RoutingPlan, WaitingConversation
from tandem.i18n import t
from tandem.routing import DEFAULT_RULES, SupervisorOnly, route
from tandem.wellbeing import (
    DEFAULT_WELLBEING,
    WellbeingPolicy,
    annotate,
    break_status,
    chats_in_hand,
    lull_break,
    wellbeing_rules,
)
from tandem.wellbeing import working_time_limit as limit_reached
from tandem.wellbeing.occupancy import hour_start
from tandem.wellbeing.records import OCCUPANCY_WINDOW, routing_snapshot


def plan_pass(
    team: Sequence[AgentSnapshot], conversations: Sequence[WaitingConversation], now: datetime, policy: WellbeingPolicy
) -> RoutingPlan:
    """The live router's plan for one pass: every agent's snapshot (`team`) and the queue, with the wellbeing rules
    and scorers, each decision annotated with its reasons. The simulator's routing must agree with it
    (tests/unit/workforce/simulation/test_live_router_agrees.py)."""
    rules, scorers = wellbeing_rules(policy, team)
    plan = route(team, conversations, now, rules=(*DEFAULT_RULES, SupervisorOnly(), *rules), scorers=scorers)
    return annotate(plan, team, conversations, policy)


def breaks_in_lull(
    team: Sequence[AgentSnapshot],
    waiting: int,
    now: datetime,
    policy: WellbeingPolicy,
    spans: Sequence[ChatSpan] | None = None,
) -> list[AgentSnapshot]:
    """The team with the agents the live router asks, this pass, to take their break early marked `break_early`
    (tandem.wellbeing.lull: nobody waits, an idle agent's break falls due soon, the team can spare them now and
    while the chats in hand keep growing as they did over the last break's length, counted from the assignment
    log's `spans`; None: no growth counted). The simulator sends the same agents
    (tests/unit/workforce/simulation/test_live_router_agrees.py)."""
    rule = lull_break(policy)
    if rule is None:
        return list(team)
    earlier = None if spans is None else chats_in_hand(spans, now - rule.look_back)
    asked = set(rule.choose(team, waiting, now, earlier))
    return [replace(a, break_early=True) if a.id in asked else a for a in team]


class Assigner:
    """Runs one routing pass. Safe to run from several workers at once: a claim skips rows another holds."""

    def __init__(
        self,
        uow: UnitOfWork,
        events: EventSink,
        clock: Callable[[], datetime],
        sla_seconds: int,
        policy: WellbeingPolicy = DEFAULT_WELLBEING,
    ) -> None:
        self._uow, self._events, self._clock, self._sla = uow, events, clock, sla_seconds
        self._policy = policy
        # How far back the assignment log is read: the occupancy window, or further if the lull rule looks further.
        rule = lull_break(policy)
        self._look_back = max(OCCUPANCY_WINDOW, rule.look_back) if rule is not None else OCCUPANCY_WINDOW

    def run(self, announce: bool = False) -> list[RoutingDecision]:
        """Assign what can be assigned now; tell the agents, the customers and the dashboards.

        A pass that assigns nothing stays silent unless `announce` (the queue changed for another reason).
        Agents whose working time now stops (or no longer stops) new contacts are told once per change, and so
        are those asked to take their break early because nobody waits.
        """
        now = self._clock()
        outbox = Outbox()
        with self._uow() as tx:
            tx.conversations.hold_routing()
            queued = tx.conversations.queued()
            agents = {a.id: a for a in tx.agents.all()}
            spans = tx.conversations.chat_spans(now - self._look_back, now)
            snapshots = self._snapshots(tx, agents, now, spans)
            snapshots = breaks_in_lull(snapshots, len(queued), now, self._policy, spans)
            dirty = self._tell_working_time(tx, agents, snapshots, now, outbox)
            if not queued and not announce:
                self._finish(tx, dirty, outbox)
                return []
            plan = self._plan(snapshots, queued, now)
            dirty |= self._remember_why_waiting(tx, queued, plan)
            applied = [d for d in plan.decisions if self._apply(tx, d, agents[d.agent_id], now, outbox)]
            if not applied and not announce:
                self._finish(tx, dirty, outbox)
                return []
            self._tell_the_queue(tx, list(agents.values()), now, outbox)
            tx.commit()
        outbox.flush(self._events)
        return applied

    def _snapshots(
        self, tx: Transaction, agents: dict[int, Agent], now: datetime, spans: Sequence[ChatSpan]
    ) -> list[AgentSnapshot]:
        """The router's view of every agent: seats taken, hard contacts in hand, recent occupancy, working time
        (`spans`: the assignment log's stretches over at least the last `OCCUPANCY_WINDOW`)."""
        active = tx.conversations.count_assigned()
        in_hand = Counter(c.agent_id for c in tx.conversations.with_status(ConversationStatus.ASSIGNED) if is_hard(c))
        booked = tx.agent_hours.worked_in_hour(hour_start(now))
        return [
            routing_snapshot(a, active.get(a.id, 0), now, self._policy, in_hand[a.id], spans, booked.get(a.id, 0.0))
            for a in agents.values()
        ]

    def _apply(self, tx: Transaction, decision: RoutingDecision, agent: Agent, now: datetime, outbox: Outbox) -> bool:
        """Claim the conversation for `agent` and tell everyone; False when another worker took it first."""
        if not tx.conversations.claim(decision.conversation_id, agent.id, now):
            return False
        tx.facts.answered(decision.conversation_id, now)
        conversation = tx.conversations.get(decision.conversation_id)
        joined = t("agent_joined", conversation.language or "en", name=agent.display_name)
        meta = MessageMeta(routing=tuple(decision.reasons))
        notice, _ = tx.messages.add(NewMessage(conversation.id, Author.SYSTEM, joined, now, meta=meta))
        outbox.message(notice, agent.id)
        outbox.add((agent_channel(agent.id),), AssignedEvent(conversation.id))
        outbox.status(conversation.id, conversation.status, SUPERVISORS)
        return True

    def _tell_the_queue(self, tx: Transaction, agents: list[Agent], now: datetime, outbox: Outbox) -> None:
        """Everyone still waiting moved up: tell each where they stand, and everyone how long the queue is."""
        still = tx.conversations.queued()
        active = tx.conversations.count_assigned()
        for conversation in still:
            info = queue_info(conversation, still, agents, active, now, self._sla)
            outbox.add(
                (conversation_channel(conversation.id),), StatusEvent(conversation.id, conversation.status, info)
            )
        outbox.add((AGENTS, SUPERVISORS), QueueEvent(len(still)))

    def _plan(self, snapshots: list[AgentSnapshot], queued: Sequence[Conversation], now: datetime) -> RoutingPlan:
        return plan_pass(snapshots, [waiting(c, self._sla) for c in queued], now, self._policy)

    def _remember_why_waiting(self, tx: Transaction, queued: Sequence[Conversation], plan: RoutingPlan) -> bool:
        """Store why each conversation still waits, for the queue views (only when it changed; () once planned).
        True when something was written."""
        why = {w.conversation_id: w.reasons for w in plan.waiting}
        changed = False
        for conversation in queued:
            reasons = why.get(conversation.id, ())
            if reasons != conversation.waiting_reasons:
                tx.conversations.set_waiting_reasons(conversation.id, reasons)
                changed = True
        return changed

    def _tell_working_time(
        self,
        tx: Transaction,
        agents: dict[int, Agent],
        snapshots: list[AgentSnapshot],
        now: datetime,
        outbox: Outbox,
    ) -> bool:
        """Tell each agent when the router starts (or stops) turning them away for their working time: a break
        due, the daily or the weekly limit. Once per change: the last notice is kept on the agent."""
        told = False
        for snap in snapshots:
            agent = agents[snap.id]
            limit = limit_reached(snap, self._policy.hours)
            if limit == agent.wellbeing_notice:
                continue
            tx.agents.set_notice(agent.id, limit)
            due_at = break_status(snap, now, self._policy.hours).due_at
            outbox.add((agent_channel(agent.id),), WellbeingEvent(limit, due_at))
            told = True
        if told:
            outbox.add((SUPERVISORS,), AgentsEvent())
        return told

    def _finish(self, tx: Transaction, dirty: bool, outbox: Outbox) -> None:
        """End a pass that assigned nothing: keep what it wrote (notices, reasons for waiting), if anything."""
        if dirty:
            tx.commit()
            outbox.flush(self._events)
