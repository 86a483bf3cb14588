"""Give waiting conversations to agents: the pure router decides, this applies its plan in one transaction."""

from collections.abc import Callable
from datetime import datetime

from tandem.domain.conversations import Author, ConversationStatus, NewMessage
from tandem.domain.ports import EventSink, UnitOfWork
from tandem.domain.routing import RoutingDecision
from tandem.i18n import t
from tandem.routing import route
from tandem.services.events import AGENTS, SUPERVISORS, Outbox, agent_channel, conversation_channel
from tandem.services.queueing import queue_info, snapshot, waiting


class Assigner:
    """Runs one routing pass. Safe to run from several workers at once: a claim skips rows another holds."""

    def __init__(self, uow: UnitOfWork, events: EventSink, clock: Callable[[], datetime], sla_seconds: int) -> None:
        self._uow, self._events, self._clock, self._sla = uow, events, clock, sla_seconds

    def run(self, announce: bool = False) -> list[RoutingDecision]:
        """Assign what can be assigned now; tell the agents, the customers and the dashboards.

        A pass that assigns nothing stays silent unless `announce` (the queue changed for another reason).
        """
        now = self._clock()
        outbox = Outbox()
        applied: list[RoutingDecision] = []
        with self._uow() as tx:
            tx.conversations.hold_routing()
            queued = tx.conversations.queued()
            if not queued and not announce:
                return []
            agents = {a.id: a for a in tx.agents.all()}
            active = tx.conversations.count_assigned()
            plan = route(
                [snapshot(a, active.get(a.id, 0)) for a in agents.values()],
                [waiting(c, self._sla) for c in queued],
                now,
            )
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
