"""Hostile conversations kept for supervisors: the dashboard's alert list, one supervisor's take-over, and the
polite end of those nobody took in time.

A customer who stays insulting after the AI's warning is queued for supervisors only (`supervisor_only`). The
router gives such a conversation to a supervisor who is available, but a supervisor watching the dashboard usually
is not: the dashboard lists them (`waiting`), one click takes one (`take`), and a background pass (`expire`) ends,
flagged as abuse, any that waited longer than the site's limit, with a closing line for the customer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.domain import lifecycle
from tandem.domain.access import Principal, check_supervisor
from tandem.domain.conversations import Author, Conversation, ConversationStatus, NewMessage
from tandem.domain.errors import Conflict
from tandem.domain.events import SUPERVISORS, AgentsEvent, AssignedEvent, Outbox, agent_channel
from tandem.domain.meta import MessageMeta
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.i18n import t

END_REASON = "abuse"  # the flag an agent's "End (abuse)" sets: the widget and the metrics read it alike
TAKEOVER = "supervisor_takeover"  # why the joined notice names this person (the router did not choose them)


@dataclass(frozen=True, slots=True)
class Waiting:
    """A conversation kept for supervisors, as the alert shows it."""

    conversation: Conversation
    waited_seconds: int
    closes_at: datetime  # when the pass ends it if nobody has taken it
    closes_in_seconds: int


class TakeoverService:
    def __init__(
        self,
        uow: UnitOfWork,
        events: EventSink,
        clock: Callable[[], datetime],
        minutes: float,
        on_queue_change: Callable[[], object] = lambda: None,
    ) -> None:
        self._uow, self._events, self._clock = uow, events, clock
        self._limit = timedelta(minutes=minutes)
        self._on_queue_change = on_queue_change

    def waiting(self, principal: Principal) -> list[Waiting]:
        """The conversations waiting for a supervisor, longest wait first."""
        check_supervisor(principal)
        now = self._clock()
        with self._uow(read_only=True) as tx:
            kept = [c for c in tx.conversations.queued() if c.supervisor_only and c.queued_at is not None]
        return sorted((self._waiting(c, now) for c in kept), key=lambda w: -w.waited_seconds)

    def take(self, principal: Principal, conversation_id: str) -> Conversation:
        """The conversation, now the calling supervisor's: the customer is told who joined, the supervisor's
        workspace opens it. Raises Conflict when it is no longer waiting (someone took it, or it ended)."""
        check_supervisor(principal)
        assert principal.agent_id is not None
        now = self._clock()
        outbox = Outbox()
        with self._uow() as tx:
            tx.conversations.hold_routing()  # a routing pass running now finishes first: one winner, told clearly
            before = tx.conversations.get(conversation_id)  # NotFound for an unknown id
            if not before.supervisor_only:
                raise Conflict("this conversation is not kept for supervisors: the router gives it to an agent")
            supervisor = tx.agents.get(principal.agent_id)
            if not tx.conversations.claim(conversation_id, supervisor.id, now):
                raise Conflict(_not_waiting(tx, conversation_id))
            tx.facts.answered(conversation_id, now)
            taken = tx.conversations.get(conversation_id)
            joined = t("agent_joined", taken.language or "en", name=supervisor.display_name)
            meta = MessageMeta(routing=(TAKEOVER,))
            notice, _ = tx.messages.add(NewMessage(taken.id, Author.SYSTEM, joined, now, meta=meta))
            outbox.message(notice, supervisor.id)
            outbox.add((agent_channel(supervisor.id),), AssignedEvent(taken.id))
            outbox.status(taken.id, taken.status, SUPERVISORS)
            outbox.add((SUPERVISORS,), AgentsEvent())
            tx.commit()
        outbox.flush(self._events)
        self._on_queue_change()  # the others waiting moved up
        return taken

    def expire(self) -> list[str]:
        """End the conversations kept for supervisors that waited past the limit: resolved and flagged as abuse
        (as an agent's "End (abuse)"), with a polite closing line for the customer. Returns their ids. Safe on
        several workers at once: each conversation is checked again under its lock."""
        now = self._clock()
        with self._uow(read_only=True) as tx:
            overdue = [c.id for c in tx.conversations.queued() if self._overdue(c, now)]
        if not overdue:
            return []
        outbox = Outbox()
        ended: list[str] = []
        with self._uow() as tx:
            tx.conversations.hold_routing()
            for conversation_id in overdue:
                conversation = tx.conversations.lock(conversation_id)
                if self._overdue(conversation, now):  # not taken or ended meanwhile
                    self._end(tx, conversation, now, outbox)
                    ended.append(conversation_id)
            tx.commit()
        outbox.flush(self._events)
        if ended:
            self._on_queue_change()
        return ended

    def _end(self, tx: Transaction, conversation: Conversation, now: datetime, outbox: Outbox) -> None:
        after = lifecycle.ended(conversation, now, END_REASON)
        tx.conversations.update(after)
        tx.facts.closed(after.id, now, abuse=True)
        text = t("ended_abuse_unanswered", after.language or "en")
        notice, _ = tx.messages.add(NewMessage(after.id, Author.SYSTEM, text, now))
        outbox.message(notice, None)
        outbox.status(after.id, after.status, SUPERVISORS)

    def _waiting(self, conversation: Conversation, now: datetime) -> Waiting:
        assert conversation.queued_at is not None
        closes_at = self._deadline(conversation)
        waited = (now - conversation.queued_at).total_seconds()
        left = (closes_at - now).total_seconds()
        return Waiting(conversation, int(max(0.0, waited)), closes_at, int(max(0.0, left)))

    def _deadline(self, conversation: Conversation) -> datetime:
        assert conversation.queued_at is not None
        return conversation.queued_at + self._limit

    def _overdue(self, conversation: Conversation, now: datetime) -> bool:
        return (
            conversation.status == ConversationStatus.QUEUED
            and conversation.supervisor_only
            and conversation.queued_at is not None
            and now >= self._deadline(conversation)
        )


def _not_waiting(tx: Transaction, conversation_id: str) -> str:
    """Why a take-over found nothing to take, for the supervisor who clicked."""
    now = tx.conversations.get(conversation_id)
    if now.status == ConversationStatus.ASSIGNED and now.agent_id is not None:
        return f"{tx.agents.get(now.agent_id).display_name} already took this conversation"
    if now.status == ConversationStatus.QUEUED:  # held by another transaction this instant (PostgreSQL)
        return "this conversation is being changed; try again in a moment"
    return f"this conversation is no longer waiting: it is {now.status.value}"
