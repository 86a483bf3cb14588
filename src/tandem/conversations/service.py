"""Customer-facing use cases: open a conversation, post a message (AI answers or hands over), read it, rate it."""

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from tandem.conversations.handoff import summarize
from tandem.conversations.posting import (
    Posted,
    Resent,
    Thought,
    Writer,
    checked_client_id,
    checked_text,
    clipped,
    from_customer,
    from_staff,
    reading_meta,
)
from tandem.conversations.queueing import queue_info
from tandem.dialogue.assistant import AiReply
from tandem.dialogue.assistants import Assistants
from tandem.domain import lifecycle
from tandem.domain.access import Principal, PrincipalKind, check_can_act, check_can_read
from tandem.domain.conversations import Author, Conversation, ConversationStatus, Customer, Message
from tandem.domain.dialogue import AiState
from tandem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from tandem.domain.events import Outbox, QueueInfo
from tandem.domain.hours import SupportHours
from tandem.domain.language import check_language
from tandem.domain.lifecycle import Transition
from tandem.domain.packs import HandlerKind
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.domain.shielding import for_staff
from tandem.staff.security import Tokens

_THINK_ATTEMPTS = 3  # the conversation changed while the AI thought: think again, at most this often
MAX_NAME_CHARS = 100
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")
# Who read which hidden message: never the text itself.
audit = logging.getLogger("tandem.audit")


@dataclass(frozen=True, slots=True)
class Thread:
    conversation: Conversation
    messages: tuple[Message, ...]
    queue: QueueInfo | None
    can_confirm: bool = False  # the customer may be asked whether the AI's answer answered their question


class ConversationService:
    def __init__(
        self,
        uow: UnitOfWork,
        assistants: Assistants,
        events: EventSink,
        tokens: Tokens,
        clock: Callable[[], datetime],
        sla_seconds: int,
        on_queue_change: Callable[[], object] = lambda: None,
        vips: frozenset[str] = frozenset(),
        hours: SupportHours | None = None,
    ) -> None:
        self._uow, self._assistants, self._events, self._tokens = uow, assistants, events, tokens
        self._vips, self._hours = vips, hours
        self._clock, self._sla = clock, sla_seconds
        self._on_queue_change = on_queue_change

    def start(self, domain: str, language: str | None, customer: Customer) -> tuple[Conversation, str]:
        """A new conversation and the customer's token for it."""
        self._assistants.for_domain(domain)  # unknown domain: InvalidInput
        check_language(language)
        name = customer.name.strip()
        if not name or len(name) > MAX_NAME_CHARS:
            raise InvalidInput(f"customer name must be 1 to {MAX_NAME_CHARS} characters")
        if customer.email is not None and not _EMAIL.match(customer.email):
            raise InvalidInput("customer email is not a valid address")
        now = self._clock()
        conversation = Conversation(
            id=str(uuid.uuid4()),
            domain=domain,
            language=language,
            # VIPs are the company's to name (settings), never the customer's to claim.
            customer=replace(customer, name=name, vip=(customer.email or "").lower() in self._vips),
            created_at=now,
            ai_state=AiState(language=language),
        )
        with self._uow() as tx:
            conversation = tx.conversations.add(conversation)
            tx.facts.opened(conversation.id, now, domain, customer.email)
            tx.commit()
        return conversation, self._tokens.for_customer(conversation.id, now)

    def post(self, principal: Principal, conversation_id: str, text: str, client_message_id: str | None) -> Posted:
        """Store the message (once per client id), then let the AI or the person in charge take it.

        The AI thinks with no transaction open, so one customer's triage never holds up another's message;
        if the conversation moved on meanwhile (another message, an agent took it), it thinks again.
        """
        text, client_message_id = checked_text(text), checked_client_id(client_message_id)
        customer = principal.kind == PrincipalKind.CUSTOMER
        text, cut = clipped(text) if customer else (text, False)  # longer: the first part, and the customer told
        for _ in range(_THINK_ATTEMPTS):
            with self._uow(read_only=True) as tx:
                seen = tx.conversations.get(conversation_id)
                (check_can_read if customer else check_can_act)(principal, seen)
            thought = self._think(seen, text) if customer else None
            outbox = Outbox()
            with self._uow() as tx:
                writer = Writer(tx, self._clock(), outbox, self._queue_info, self._hours)
                conversation = tx.conversations.lock(conversation_id)
                if conversation != seen:
                    continue
                try:
                    if thought is None:
                        posted = from_staff(writer, conversation, principal.agent_id, text, client_message_id)
                    else:
                        posted = from_customer(writer, conversation, text, client_message_id, thought, cut)
                except Resent as resent:  # a retry: what was answered then (this transaction is rolled back)
                    return replace(self._replayed(tx, conversation, principal, resent.sent), truncated=cut)
                tx.commit()
            break
        else:
            raise Conflict("the conversation keeps changing; send the message again")
        outbox.flush(self._events)
        if posted.status == ConversationStatus.QUEUED:
            self._on_queue_change()
            with self._uow(read_only=True) as tx:  # a free agent may have taken it at once
                posted = replace(posted, status=tx.conversations.get(conversation_id).status)
        return posted

    def _replayed(self, tx: Transaction, conversation: Conversation, principal: Principal, sent: Message) -> Posted:
        """What was answered to `sent`, the message already stored under the client id posted again. The unique
        client id in the database is the only check: a retry is rare, so it is not looked up before thinking."""
        if (sent.author == Author.CUSTOMER) != (principal.kind == PrincipalKind.CUSTOMER):
            raise Conflict("this client_message_id was already used by someone else in the conversation")
        replies = [m for m in tx.messages.in_conversation(conversation.id) if m.meta.reply_to == sent.id]
        return Posted(sent, tuple(replies), conversation.status)

    def _think(self, conversation: Conversation, text: str) -> Thought:
        """The AI's work on a customer message: only reading it when a person has the conversation."""
        assistant = self._assistants.for_domain(conversation.domain)
        if conversation.status in (ConversationStatus.QUEUED, ConversationStatus.ASSIGNED):
            return Thought(assistant.read(text, conversation.language))
        state = conversation.ai_state
        if lifecycle.allowed(conversation, Transition.REOPEN):  # a new question reopens it with the AI
            state = state.fresh_start()
        reply = assistant.respond(state, text)
        spec = assistant.pack.intents.get(reply.decision.intent or "")
        small_talk = spec is not None and spec.handler.kind == HandlerKind.REPLY  # hello, thanks: no answer
        return Thought(reply.triaged.understanding, reply, self._summary(conversation, text, reply), small_talk)

    def _summary(self, conversation: Conversation, text: str, reply: AiReply) -> str | None:
        """The optional language model's handoff summary when the AI hands over: written before the write
        transaction, so a slow model never holds the database."""
        if not reply.state.escalated or reply.llm is None:
            return None
        with self._uow(read_only=True) as tx:
            before = tx.messages.in_conversation(conversation.id)
        meta = reading_meta(reply.triaged.understanding, reply)
        asked = Message(0, conversation.id, Author.CUSTOMER, text, self._clock(), meta=meta)
        return summarize(reply.llm, [*before, asked], reply.state.language or conversation.language or "en")

    def thread(self, principal: Principal, conversation_id: str) -> Thread:
        """The conversation's messages; staff see customers' insults masked."""
        with self._uow(read_only=True) as tx:
            conversation = tx.conversations.get(conversation_id)
            check_can_read(principal, conversation)
            messages = tx.messages.in_conversation(conversation_id)
            if principal.is_staff:
                messages = [for_staff(m) for m in messages]
            asked = not principal.is_staff and tx.facts.can_confirm(conversation_id)
            return Thread(conversation, tuple(messages), self._queue_info(tx, conversation), asked)

    def reveal(self, principal: Principal, conversation_id: str, message_id: int) -> Message:
        """A masked message as the customer wrote it, for the conversation's agent or a supervisor who chooses
        to read it. Logged for audit (who, which message; never the text)."""
        with self._uow(read_only=True) as tx:
            conversation = tx.conversations.get(conversation_id)
            check_can_act(principal, conversation)
            message = next((m for m in tx.messages.in_conversation(conversation_id) if m.id == message_id), None)
        if message is None:
            raise NotFound(f"message {message_id} in conversation {conversation_id}")
        audit.info(
            "revealed message %s of conversation %s to %s %s",
            message.id,
            conversation.id,
            principal.kind.value,
            principal.agent_id,
        )
        return message

    def rate(self, principal: Principal, conversation_id: str, score: int) -> int:
        """The customer's satisfaction score (1-5), once the conversation is resolved, or while only the AI has
        it once the customer said its answer answered their question (the AI's CSAT, docs/metrics.md)."""
        if principal.kind != PrincipalKind.CUSTOMER:
            raise Forbidden("only the customer rates a conversation")
        if not 1 <= score <= 5:
            raise InvalidInput("score must be between 1 and 5")
        with self._uow() as tx:
            conversation = tx.conversations.lock(conversation_id)
            check_can_read(principal, conversation)
            ai_done = conversation.status == ConversationStatus.BOT and tx.facts.said_answered(conversation_id)
            if conversation.status != ConversationStatus.RESOLVED and not ai_done:
                raise Conflict("a conversation can be rated once it is resolved or the AI's answer was confirmed")
            if conversation.flagged:  # ended for abuse (by its agent, or as no supervisor could take it)
                raise Conflict("a conversation ended because of the tone of its messages is not rated")
            if conversation.csat is not None:
                raise Conflict("this conversation is already rated")
            tx.conversations.update(replace(conversation, csat=score))
            tx.facts.rated(conversation_id, score)
            tx.commit()
        return score

    def confirm(self, principal: Principal, conversation_id: str, answered: bool) -> bool:
        """The customer's "did this answer your question?" about the AI's answer (docs/metrics.md). Conflict when
        the AI gave no answer in the conversation or people were handed it. The same answer twice is one."""
        if principal.kind != PrincipalKind.CUSTOMER:
            raise Forbidden("only the customer says whether the answer helped")
        with self._uow() as tx:
            conversation = tx.conversations.lock(conversation_id)
            check_can_read(principal, conversation)
            if not tx.facts.confirmed(conversation_id, answered, self._clock()):
                raise Conflict("only an answer of the AI, in a conversation no person was handed, can be confirmed")
            tx.commit()
        return answered

    def _queue_info(self, tx: Transaction, conversation: Conversation) -> QueueInfo | None:
        if conversation.status != ConversationStatus.QUEUED:
            return None
        agents = tx.agents.all()
        return queue_info(
            conversation, tx.conversations.queued(), agents, tx.conversations.count_assigned(), self._clock(), self._sla
        )
