"""Writing a posted message inside the conversation's transaction: the customer's (with what the AI made of it:
its reply, or the hand-over to people) or a person's, and the live events they cause."""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from tandem.conversations.escalation import escalate
from tandem.dialogue.assistant import AiReply
from tandem.domain import lifecycle
from tandem.domain.conversations import Author, Conversation, ConversationStatus, Message, NewMessage
from tandem.domain.errors import Conflict, InvalidInput, TooLarge
from tandem.domain.events import SUPERVISORS, Outbox, QueueInfo
from tandem.domain.hours import SupportHours
from tandem.domain.lifecycle import Transition
from tandem.domain.meta import Mention, MessageMeta, Reading
from tandem.domain.ports import Transaction
from tandem.domain.triage import Decision
from tandem.domain.understanding import Understanding
from tandem.i18n import t
from tandem.staff.team import nobody_now
from tandem.triage.service import MAX_MESSAGE_CHARS

MAX_CLIENT_ID_CHARS = 100
# A customer's message is kept up to this long (the widget says so before sending; the AI reads no further).
CUSTOMER_MAX_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Posted:
    message: Message
    replies: tuple[Message, ...]
    status: ConversationStatus
    truncated: bool = False  # the customer's message was cut to CUSTOMER_MAX_CHARS (a reply says so)


class Resent(Exception):
    """The message's client id is stored already in the conversation: a retry, or someone else's id."""

    def __init__(self, sent: Message) -> None:
        super().__init__(f"client message id already used by message {sent.id}")
        self.sent = sent


@dataclass(frozen=True, slots=True)
class Thought:
    """What the AI made of a customer message, worked out before the write transaction opens."""

    understanding: Understanding
    reply: AiReply | None = None  # None: a person has the conversation, the AI only read the message
    summary: str | None = None  # the language model's handoff summary, when the reply hands over
    small_talk: bool = False  # the reply is a canned one (hello, thanks): no answer to a question, for the metrics


@dataclass(frozen=True, slots=True)
class Writer:
    """The pieces of the service a posted message needs: the time, and the queue as the customer is told it (with
    the team's hours when no one is at work)."""

    tx: Transaction
    now: datetime
    outbox: Outbox
    queue_info: Callable[[Transaction, Conversation], QueueInfo | None]
    hours: SupportHours | None = None


def checked_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("empty message")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        raise TooLarge(f"message longer than {MAX_MESSAGE_CHARS} characters")
    return cleaned


def clipped(text: str) -> tuple[str, bool]:
    """A customer's message as kept: its first CUSTOMER_MAX_CHARS characters; and whether it was longer."""
    if len(text) <= CUSTOMER_MAX_CHARS:
        return text, False
    return text[:CUSTOMER_MAX_CHARS].rstrip(), True


def checked_client_id(client_message_id: str | None) -> str | None:
    if client_message_id is not None and not 0 < len(client_message_id) <= MAX_CLIENT_ID_CHARS:
        raise InvalidInput(f"client_message_id must be 1 to {MAX_CLIENT_ID_CHARS} characters")
    return client_message_id


def from_customer(
    w: Writer, conversation: Conversation, text: str, client_id: str | None, thought: Thought, cut: bool = False
) -> Posted:
    """The customer's message (`cut`: the first part of a longer one, and a line saying so), then the AI's reply
    and, when it hands over, the conversation queued for people."""
    reply = thought.reply
    if reply is None:
        # A person has it: the AI only read the message (signals for the agent), it does not reply.
        message = add(w, conversation, Author.CUSTOMER, text, client_id, meta=reading_meta(thought.understanding))
        w.tx.facts.customer_wrote(conversation.id, w.now, None, answered=False, open_question=False)
        cut_notes = _cut_note(w, conversation, message, conversation.language) if cut else []
        for m in (message, *cut_notes):
            w.outbox.message(m, conversation.agent_id)
        return Posted(message, tuple(cut_notes), conversation.status, cut)
    if lifecycle.allowed(conversation, Transition.REOPEN):  # a new question after the end
        conversation = lifecycle.reopened(conversation)
        w.tx.facts.reopened(conversation.id, w.now)
    message = add(w, conversation, Author.CUSTOMER, text, client_id, meta=reading_meta(thought.understanding, reply))
    # Read before the AI's hand-over line is added: the packet lists what the AI tried, not that.
    so_far = w.tx.messages.in_conversation(conversation.id) if reply.state.escalated else []
    # The reply's meta keeps the article a model-worded answer came from, for the agent to check.
    replies = _cut_note(w, conversation, message, reply.state.language or conversation.language) if cut else []
    replies.append(add(w, conversation, Author.AI, reply.text, None, meta=replace(reply.meta, reply_to=message.id)))
    conversation = replace(conversation, ai_state=reply.state, language=reply.state.language)
    record_reply(w, conversation.id, reply, thought.small_talk)
    if reply.state.escalated:
        conversation = escalate(conversation, so_far, reply, w.now, summary=thought.summary)
        w.tx.conversations.update(conversation)
        w.tx.facts.handed(conversation.id, w.now, conversation.escalation_reasons)
        notice = queue_notice(w.queue_info(w.tx, conversation), conversation, w.hours)
        replies.append(add(w, conversation, Author.SYSTEM, notice, None, meta=MessageMeta(reply_to=message.id)))
        w.outbox.supervisor_needed(conversation)  # kept for supervisors (repeated abuse): their dashboard alerts
    else:
        w.tx.conversations.update(conversation)
    for m in (message, *replies):
        w.outbox.message(m, None)
    w.outbox.status(conversation.id, conversation.status, SUPERVISORS)
    return Posted(message, tuple(replies), conversation.status, cut)


def record_reply(w: Writer, conversation_id: str, reply: AiReply, small_talk: bool = False) -> None:
    """The metrics' facts of a customer message the AI replied to: an actual answer (to which intent; a canned
    reply to small talk is none), or a question back (a clarification, a flow's next step) the customer may leave
    unanswered."""
    state = reply.state
    open_question = state.flow is not None or bool(state.options)
    answer = reply.decision.decision == Decision.ANSWER and not state.escalated and not small_talk
    intent = reply.decision.intent if answer else None
    w.tx.facts.customer_wrote(
        conversation_id, w.now, intent, answered=answer and not open_question, open_question=open_question
    )


def _cut_note(w: Writer, conversation: Conversation, message: Message, language: str | None) -> list[Message]:
    """The line telling the customer their message was cut."""
    note = t("message_cut", language or "en")
    return [add(w, conversation, Author.SYSTEM, note, None, meta=MessageMeta(reply_to=message.id))]


def from_staff(w: Writer, conversation: Conversation, agent_id: int | None, text: str, client_id: str | None) -> Posted:
    if conversation.status != ConversationStatus.ASSIGNED:
        raise Conflict(f"the conversation is {conversation.status.value}, not assigned to a person")
    message = add(w, conversation, Author.AGENT, text, client_id, agent_id=agent_id)
    w.outbox.message(message, conversation.agent_id)
    return Posted(message, (), conversation.status)


def add(
    w: Writer,
    conversation: Conversation,
    author: Author,
    text: str,
    client_id: str | None,
    meta: MessageMeta | None = None,
    agent_id: int | None = None,
) -> Message:
    new = NewMessage(conversation.id, author, text, w.now, client_id, agent_id, meta or MessageMeta())
    message, created = w.tx.messages.add(new)
    if not created:  # only a message with a client id can be stored already: the poster's own, added first
        raise Resent(message)
    return message


def reading_meta(u: Understanding, reply: AiReply | None = None) -> MessageMeta:
    """What the AI read in a customer message, kept for the handoff packet, the lessons and the metrics."""
    decided = reply.decision if reply is not None else None
    return MessageMeta(
        reading=Reading(
            language=u.language,
            intent=u.intent,
            confidence=round(u.confidence, 4),
            entities=tuple(Mention(e.kind.value, e.value, e.text) for e in u.entities),
            sentiment=round(u.signals.sentiment, 3),
            frustration=round(u.signals.frustration, 3),
            abuse=u.signals.abuse,
            abuse_terms=tuple(u.signals.abuse_terms),
            decision=decided.decision.value if decided else None,
            reasons=tuple(r.value for r in decided.reasons) if decided else (),
        )
    )


def queue_notice(info: QueueInfo | None, conversation: Conversation, hours: SupportHours | None = None) -> str:
    """An honest line about the wait: a figure only when people who can take it are at work; when no one is, that
    is said (with the team's hours when known); a supervisor-only conversation promises no one "now"."""
    language = conversation.language or "en"
    if conversation.supervisor_only:
        return t("queued_supervisor", language)
    if info is None or info.wait_seconds is None:
        return nobody_now(hours, language)
    if info.wait_seconds == 0:
        return t("queued_now", language)
    return t("queued_position", language, position=info.position, minutes=math.ceil(info.wait_seconds / 60))
