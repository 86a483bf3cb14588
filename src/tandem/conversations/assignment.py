"""Give waiting conversations to agents: the pure router decides, this applies its plan in one transaction."""

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

from tandem.conversations.queueing import is_hard, queue_info, waiting
from tandem.domain.conversations import Agent, Author, Conversation, ConversationStatus, NewMessage
from tandem.domain.events import AGENTS, SUPERVISORS, Outbox, agent_channel, conversation_channel
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.domain.routing import AgentSnapshot, RoutingDecision, RoutingPlan
from tandem.i18n import t
from tandem.routing import DEFAULT_RULES, SupervisorOnly, route
from tandem.staff.wellbeing import OCCUPANCY_WINDOW, routing_snapshot
from tandem.wellbeing import DEFAULT_WELLBEING, WellbeingPolicy, annotate, break_status, wellbeing_rules
from tandem.wellbeing import working_time_limit as limit_reached


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

    def run(self, announce: bool = False) -> list[RoutingDecision]:
        """Assign what can be assigned now; tell the agents, the customers and the dashboards.

        A pass that assigns nothing stays silent unless `announce` (the queue changed for another reason).
        Agents whose working time now stops (or no longer stops) new contacts are told once per change.
        """
        now = self._clock()
        outbox = Outbox()
        applied: list[RoutingDecision] = []
        with self._uow() as tx:
            tx.conversations.hold_routing()
            queued = tx.conversations.queued()
            agents = {a.id: a for a in tx.agents.all()}
            active = tx.conversations.count_assigned()
            in_hand = Counter(
                c.agent_id for c in tx.conversations.with_status(ConversationStatus.ASSIGNED) if is_hard(c)
            )
            spans = tx.conversations.chat_spans(now - OCCUPANCY_WINDOW, now)
            snapshots = [
                routing_snapshot(a, active.get(a.id, 0), now, self._policy, in_hand[a.id], spans)
                for a in agents.values()
            ]
            dirty = self._tell_working_time(tx, agents, snapshots, now, outbox)
            if not queued and not announce:
                self._finish(tx, dirty, outbox)
                return []
            plan = self._plan(snapshots, queued, now)
            dirty |= self._remember_why_waiting(tx, queued, plan)
            for decision in plan.decisions:
                if not tx.conversations.claim(decision.conversation_id, decision.agent_id, now):
                    continue  # another worker took it first
                applied.append(decision)
                conversation = tx.conversations.get(decision.conversation_id)
                agent = agents[decision.agent_id]
                notice, _ = tx.messages.add(
                    NewMessage(
                        conversation.id,
                        Author.SYSTEM,
                        t("agent_joined", conversation.language or "en", name=agent.display_name),
                        now,
                        meta={"routing": list(decision.reasons)},
                    )
                )
                outbox.message(notice, agent.id)
                outbox.add((agent_channel(agent.id),), {"type": "assigned", "conversation_id": conversation.id})
                outbox.add(
                    (conversation_channel(conversation.id), SUPERVISORS),
                    {"type": "status", "conversation_id": conversation.id, "status": "assigned", "queue": None},
                )
            if not applied and not announce:
                self._finish(tx, dirty, outbox)
                return []
            still = tx.conversations.queued()
            active = tx.conversations.count_assigned()
            for conversation in still:  # everyone behind moved up: tell them where they stand
                info = queue_info(conversation, still, list(agents.values()), active, now, self._sla)
                outbox.add(
                    (conversation_channel(conversation.id),),
                    {
                        "type": "status",
                        "conversation_id": conversation.id,
                        "status": ConversationStatus.QUEUED.value,
                        "queue": info.as_json(),
                    },
                )
            outbox.add((AGENTS, SUPERVISORS), {"type": "queue", "length": len(still)})
            tx.commit()
        outbox.flush(self._events)
        return applied

    def _plan(self, snapshots: list[AgentSnapshot], queued: Sequence[Conversation], now: datetime) -> RoutingPlan:
        """The router's plan with the wellbeing rules and scorers, each decision annotated with its reasons."""
        conversations = [waiting(c, self._sla) for c in queued]
        rules, scorers = wellbeing_rules(self._policy, snapshots)
        plan = route(snapshots, conversations, now, rules=(*DEFAULT_RULES, SupervisorOnly(), *rules), scorers=scorers)
        return annotate(plan, snapshots, conversations, self._policy)

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
            status = break_status(snap, now, self._policy.hours)
            due_at = None if status.due_at is None else status.due_at.isoformat().replace("+00:00", "Z")
            event = {"type": "wellbeing", "break_due": limit is not None, "reason": limit, "break_due_at": due_at}
            outbox.add((agent_channel(agent.id),), event)
            told = True
        if told:
            outbox.add((SUPERVISORS,), {"type": "agents"})
        return told

    def _finish(self, tx: Transaction, dirty: bool, outbox: Outbox) -> None:
        """End a pass that assigned nothing: keep what it wrote (notices, reasons for waiting), if anything."""
        if dirty:
            tx.commit()
            outbox.flush(self._events)
