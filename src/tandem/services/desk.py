"""What agents do with conversations: see theirs and the queue, resolve, hand back to the AI, transfer."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from tandem.domain.access import Principal
from tandem.domain.conversations import Author, Conversation, ConversationStatus, Message, NewMessage
from tandem.domain.errors import Conflict, InvalidInput
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.i18n import t
from tandem.services.access import check_can_act, check_staff
from tandem.services.assistant import AiState
from tandem.services.events import SUPERVISORS, Outbox, agent_channel, conversation_channel
from tandem.services.state_codec import dump_state, load_state

LANGUAGES = ("fr", "en")


@dataclass(frozen=True, slots=True)
class Assigned:
    conversation: Conversation
    messages: tuple[Message, ...]


class DeskService:
    def __init__(
        self,
        uow: UnitOfWork,
        events: EventSink,
        clock: Callable[[], datetime],
        domains: tuple[str, ...],
        on_queue_change: Callable[[], object] = lambda: None,
    ) -> None:
        self._uow, self._events, self._clock, self._domains = uow, events, clock, domains
        self._on_queue_change = on_queue_change

    def mine(self, principal: Principal) -> list[Assigned]:
        """The caller's assigned conversations, each with its messages (and, in `handoff`, its packet)."""
        check_staff(principal)
        assert principal.agent_id is not None
        with self._uow() as tx:
            return [
                Assigned(c, tuple(tx.messages.in_conversation(c.id)))
                for c in tx.conversations.assigned_to(principal.agent_id)
            ]

    def queue(self, principal: Principal) -> list[Conversation]:
        check_staff(principal)
        with self._uow() as tx:
            return tx.conversations.queued()

    def resolve(self, principal: Principal, conversation_id: str) -> Conversation:
        return self._change(principal, conversation_id, self._resolved)

    def hand_back(self, principal: Principal, conversation_id: str) -> Conversation:
        return self._change(principal, conversation_id, self._handed_back)

    def transfer(self, principal: Principal, conversation_id: str, domain: str, language: str | None) -> Conversation:
        if domain not in self._domains:
            raise InvalidInput(f"unknown domain {domain!r}; served: {', '.join(self._domains)}")
        if language not in (None, *LANGUAGES):
            raise InvalidInput(f"unsupported language {language!r}: use fr, en or null")

        def transferred(c: Conversation, now: datetime) -> tuple[Conversation, str]:
            if c.status not in (ConversationStatus.ASSIGNED, ConversationStatus.QUEUED):
                raise Conflict(f"only a conversation with people can be transferred; this one is {c.status.value}")
            moved = replace(
                c,
                domain=domain,
                language=language or c.language,
                status=ConversationStatus.QUEUED,
                agent_id=None,
                assigned_at=None,
            )
            return moved, "transferred"

        return self._change(principal, conversation_id, transferred)

    def _resolved(self, c: Conversation, now: datetime) -> tuple[Conversation, str]:
        if c.status == ConversationStatus.RESOLVED:
            raise Conflict("this conversation is already resolved")
        return replace(c, status=ConversationStatus.RESOLVED, resolved_at=now), "resolved"

    def _handed_back(self, c: Conversation, now: datetime) -> tuple[Conversation, str]:
        if c.status != ConversationStatus.ASSIGNED:
            raise Conflict(f"only an assigned conversation can be handed back; this one is {c.status.value}")
        old = load_state(c.ai_state)
        # A fresh start for the AI (no repeated-failure memory), keeping what was verified and looked up.
        state = AiState(language=old.language, known=old.known, facts=old.facts)
        back = replace(c, status=ConversationStatus.BOT, agent_id=None, assigned_at=None, ai_state=dump_state(state))
        return back, "handed_back"

    def _change(
        self,
        principal: Principal,
        conversation_id: str,
        change: Callable[[Conversation, datetime], tuple[Conversation, str]],
    ) -> Conversation:
        now = self._clock()
        outbox = Outbox()
        with self._uow() as tx:
            before = tx.conversations.lock(conversation_id)
            check_can_act(principal, before)
            after, phrase = change(before, now)
            tx.conversations.update(after)
            self._notify(tx, before, after, t(phrase, after.language or "en"), now, outbox)
            tx.commit()
        outbox.flush(self._events)
        self._on_queue_change()
        return after

    def _notify(
        self, tx: Transaction, before: Conversation, after: Conversation, text: str, now: datetime, outbox: Outbox
    ) -> None:
        notice, _ = tx.messages.add(NewMessage(after.id, Author.SYSTEM, text, now))
        outbox.message(notice, before.agent_id)
        event = {"type": "status", "conversation_id": after.id, "status": after.status.value, "queue": None}
        outbox.add((conversation_channel(after.id), SUPERVISORS), event)
        if before.agent_id is not None:
            outbox.add((agent_channel(before.agent_id),), event)
