"""Customer-facing use cases: open a conversation, post a message (AI answers or hands over), read it, rate it."""

import logging
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tandem.conversations.escalation import escalate
from tandem.conversations.handoff import summarize
from tandem.conversations.queueing import QueueInfo, queue_info
from tandem.dialogue.assistant import AiReply, AiState
from tandem.dialogue.assistants import Assistants
from tandem.dialogue.state_codec import dump_state, load_state
from tandem.domain.access import Principal, PrincipalKind, check_can_act, check_can_read
from tandem.domain.conversations import Author, Conversation, ConversationStatus, Customer, Message, NewMessage
from tandem.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from tandem.domain.events import Outbox
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.domain.shielding import for_staff
from tandem.domain.triage import Reason
from tandem.domain.understanding import Understanding
from tandem.i18n import t
from tandem.staff.security import Tokens
from tandem.triage.service import MAX_MESSAGE_CHARS

LANGUAGES = ("fr", "en")
_THINK_ATTEMPTS = 3  # the conversation changed while the AI thought: think again, at most this often
MAX_NAME_CHARS = 100
MAX_CLIENT_ID_CHARS = 100
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,}$")
# Who read which hidden message: never the text itself.
audit = logging.getLogger("tandem.audit")


@dataclass(frozen=True, slots=True)
class Posted:
    message: Message
    replies: tuple[Message, ...]
    status: ConversationStatus


@dataclass(frozen=True, slots=True)
class Thread:
    conversation: Conversation
    messages: tuple[Message, ...]
    queue: QueueInfo | None


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
    ) -> None:
        self._uow, self._assistants, self._events, self._tokens = uow, assistants, events, tokens
        self._vips = vips
        self._clock, self._sla = clock, sla_seconds
        self._on_queue_change = on_queue_change

    def start(self, domain: str, language: str | None, customer: Customer) -> tuple[Conversation, str]:
        """A new conversation and the customer's token for it."""
        self._assistants.for_domain(domain)  # unknown domain: InvalidInput
        if language not in (None, *LANGUAGES):
            raise InvalidInput(f"unsupported language {language!r}: use fr, en or null")
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
            ai_state=dump_state(AiState(language=language)),
        )
        with self._uow() as tx:
            conversation = tx.conversations.add(conversation)
            tx.commit()
        return conversation, self._tokens.for_customer(conversation.id, now)

    def post(self, principal: Principal, conversation_id: str, text: str, client_message_id: str | None) -> Posted:
        """Store the message (once per client id), then let the AI or the person in charge take it.

        The AI thinks with no transaction open, so one customer's triage never holds up another's message;
        if the conversation moved on meanwhile (another message, an agent took it), it thinks again.
        """
        text = _checked_text(text)
        if client_message_id is not None and not 0 < len(client_message_id) <= MAX_CLIENT_ID_CHARS:
            raise InvalidInput(f"client_message_id must be 1 to {MAX_CLIENT_ID_CHARS} characters")
        customer = principal.kind == PrincipalKind.CUSTOMER
        for _ in range(_THINK_ATTEMPTS):
            with self._uow(read_only=True) as tx:
                seen = tx.conversations.get(conversation_id)
                (check_can_read if customer else check_can_act)(principal, seen)
                if (replayed := self._replayed(tx, seen, principal, client_message_id)) is not None:
                    return replayed
            thought: Understanding | tuple[AiState, AiReply, str | None] | None = None
            if customer:
                read = self._think(seen, text)
                thought = (*read, self._summary(seen, text, read[1])) if isinstance(read, tuple) else read
            outbox = Outbox()
            with self._uow() as tx:
                conversation = tx.conversations.lock(conversation_id)
                if (replayed := self._replayed(tx, conversation, principal, client_message_id)) is not None:
                    return replayed  # the same message, retried while this one was being thought about
                if conversation != seen:
                    continue
                if thought is None:
                    posted = self._from_staff(tx, conversation, principal, text, client_message_id, outbox)
                else:
                    posted = self._from_customer(tx, conversation, text, client_message_id, outbox, thought)
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

    def _replayed(
        self, tx: Transaction, conversation: Conversation, principal: Principal, client_message_id: str | None
    ) -> Posted | None:
        """What was answered to a message already stored under this client id, if any."""
        if client_message_id is None or (sent := tx.messages.find(conversation.id, client_message_id)) is None:
            return None
        if (sent.author == Author.CUSTOMER) != (principal.kind == PrincipalKind.CUSTOMER):
            raise Conflict("this client_message_id was already used by someone else in the conversation")
        replies = [m for m in tx.messages.in_conversation(conversation.id) if m.meta.get("reply_to") == sent.id]
        return Posted(sent, tuple(replies), conversation.status)

    def _think(self, conversation: Conversation, text: str) -> "Understanding | tuple[AiState, AiReply]":
        """The AI's work on a customer message: only reading it when a person has the conversation."""
        assistant = self._assistants.for_domain(conversation.domain)
        if conversation.status in (ConversationStatus.QUEUED, ConversationStatus.ASSIGNED):
            return assistant.read(text, conversation.language)
        state = load_state(conversation.ai_state)
        if conversation.status == ConversationStatus.RESOLVED:  # a new question reopens it with the AI
            state = AiState(
                language=state.language, known=state.known, facts=state.facts, abuse_warned=state.abuse_warned
            )
        return state, assistant.respond(state, text)

    def _summary(self, conversation: Conversation, text: str, reply: AiReply) -> str | None:
        """The optional language model's handoff summary when the AI hands over: written before the write
        transaction, so a slow model never holds the database."""
        if not reply.state.escalated or reply.llm is None:
            return None
        with self._uow(read_only=True) as tx:
            before = tx.messages.in_conversation(conversation.id)
        now = self._clock()
        asked = Message(0, conversation.id, Author.CUSTOMER, text, now, meta=_meta(reply.triaged.understanding, reply))
        return summarize(reply.llm, [*before, asked], reply.state.language or conversation.language or "en")

    def thread(self, principal: Principal, conversation_id: str) -> Thread:
        """The conversation's messages; staff see customers' insults masked."""
        with self._uow(read_only=True) as tx:
            conversation = tx.conversations.get(conversation_id)
            check_can_read(principal, conversation)
            messages = tx.messages.in_conversation(conversation_id)
            if principal.is_staff:
                messages = [for_staff(m) for m in messages]
            return Thread(conversation, tuple(messages), self._queue_info(tx, conversation))

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
        """The customer's satisfaction score (1-5), once the conversation is resolved."""
        if principal.kind != PrincipalKind.CUSTOMER:
            raise Forbidden("only the customer rates a conversation")
        if not 1 <= score <= 5:
            raise InvalidInput("score must be between 1 and 5")
        with self._uow() as tx:
            conversation = tx.conversations.lock(conversation_id)
            check_can_read(principal, conversation)
            if conversation.status != ConversationStatus.RESOLVED:
                raise Conflict("a conversation can be rated once it is resolved")
            if conversation.csat is not None:
                raise Conflict("this conversation is already rated")
            tx.conversations.update(replace(conversation, csat=score))
            tx.commit()
        return score

    def _from_customer(
        self,
        tx: Transaction,
        conversation: Conversation,
        text: str,
        client_id: str | None,
        outbox: Outbox,
        thought: "Understanding | tuple[AiState, AiReply, str | None]",
    ) -> Posted:
        now = self._clock()
        if not isinstance(thought, tuple):
            # A person has it: the AI only read the message (signals for the agent), it does not reply.
            message = _add(tx, conversation, Author.CUSTOMER, text, now, client_id, meta=_meta(thought, None))
            outbox.message(message, conversation.agent_id)
            return Posted(message, (), conversation.status)
        state, reply, summary = thought
        if conversation.status == ConversationStatus.RESOLVED:
            conversation = replace(
                conversation, status=ConversationStatus.BOT, resolved_at=None, agent_id=None, csat=None
            )
        message = _add(
            tx, conversation, Author.CUSTOMER, text, now, client_id, meta=_meta(reply.triaged.understanding, reply)
        )
        # Read before the AI's hand-over line is added: the packet lists what the AI tried, not that.
        so_far = tx.messages.in_conversation(conversation.id) if reply.state.escalated else []
        # The reply's meta keeps the article a model-worded answer came from, for the agent to check.
        ai = _add(tx, conversation, Author.AI, reply.text, now, None, meta={**reply.meta, "reply_to": message.id})
        replies = [ai]
        conversation = replace(conversation, ai_state=dump_state(reply.state), language=reply.state.language)
        if reply.state.escalated:
            # Insults again after the AI's warning: a supervisor takes it, not an agent.
            repeated_abuse = state.abuse_warned and Reason.ABUSE in reply.decision.reasons
            conversation = escalate(conversation, so_far, reply, now, supervisor_only=repeated_abuse, summary=summary)
            tx.conversations.update(conversation)
            notice = _queue_notice(self._queue_info(tx, conversation), conversation.language or "en")
            replies.append(_add(tx, conversation, Author.SYSTEM, notice, now, None, meta={"reply_to": message.id}))
        else:
            tx.conversations.update(conversation)
        for m in (message, *replies):
            outbox.message(m, None)
        outbox.add(
            (f"conversation:{conversation.id}", "supervisors"),
            {"type": "status", "conversation_id": conversation.id, "status": conversation.status.value, "queue": None},
        )
        return Posted(message, tuple(replies), conversation.status)

    def _from_staff(
        self,
        tx: Transaction,
        conversation: Conversation,
        principal: Principal,
        text: str,
        client_id: str | None,
        outbox: Outbox,
    ) -> Posted:
        if conversation.status != ConversationStatus.ASSIGNED:
            raise Conflict(f"the conversation is {conversation.status.value}, not assigned to a person")
        message = _add(tx, conversation, Author.AGENT, text, self._clock(), client_id, agent_id=principal.agent_id)
        outbox.message(message, conversation.agent_id)
        return Posted(message, (), conversation.status)

    def _queue_info(self, tx: Transaction, conversation: Conversation) -> QueueInfo | None:
        if conversation.status != ConversationStatus.QUEUED:
            return None
        agents = tx.agents.all()
        return queue_info(
            conversation, tx.conversations.queued(), agents, tx.conversations.count_assigned(), self._clock(), self._sla
        )


def _queue_notice(info: QueueInfo | None, language: str) -> str:
    """An honest line about the wait: a figure only when people who can take it are at work."""
    if info is None or info.wait_seconds is None:
        return t("queued_unknown", language, position=info.position if info else 1)
    if info.wait_seconds == 0:
        return t("queued_now", language)
    return t("queued_position", language, position=info.position, minutes=math.ceil(info.wait_seconds / 60))


def _checked_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("empty message")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        raise TooLarge(f"message longer than {MAX_MESSAGE_CHARS} characters")
    return cleaned


def _add(
    tx: Transaction,
    conversation: Conversation,
    author: Author,
    text: str,
    now: datetime,
    client_id: str | None,
    meta: dict[str, Any] | None = None,
    agent_id: int | None = None,
) -> Message:
    message, _ = tx.messages.add(
        NewMessage(conversation.id, author, text, now, client_message_id=client_id, agent_id=agent_id, meta=meta or {})
    )
    return message


def _meta(u: Understanding, reply: AiReply | None) -> dict[str, Any]:
    """What the AI read in a customer message, kept for the handoff packet and the metrics."""
    meta: dict[str, Any] = {
        "language": u.language,
        "intent": u.intent,
        "confidence": round(u.confidence, 4),
        "entities": [{"kind": e.kind.value, "value": e.value, "text": e.text} for e in u.entities],
        "sentiment": round(u.signals.sentiment, 3),
        "frustration": round(u.signals.frustration, 3),
        "abuse": u.signals.abuse,
        # The words to mask for the agents; the stored text keeps them for the customer and for `reveal`.
        "abuse_terms": list(u.signals.abuse_terms),
    }
    if reply is not None:
        result = reply.decision
        meta |= {"decision": result.decision.value, "reasons": [r.value for r in result.reasons]}
    return meta
