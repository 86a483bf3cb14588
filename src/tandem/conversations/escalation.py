"""Hand a conversation over to people: queue it with its priority and the packet the agent will read."""

from collections.abc import Sequence
from datetime import datetime

from tandem.conversations.handoff import build_packet
from tandem.dialogue.assistant import AiReply
from tandem.domain import lifecycle
from tandem.domain.conversations import Conversation, Message
from tandem.routing import escalation_priority


def escalate(
    conversation: Conversation,
    messages: Sequence[Message],
    reply: AiReply,
    now: datetime,
    summary: str | None = None,
) -> Conversation:
    """The conversation, queued for a person (a supervisor when the AI's reply says so). `messages` are the
    stored ones, the escalating message included; `summary` the language model's, written beforehand, if any."""
    reasons = tuple(r.value for r in reply.decision.reasons)
    priority = escalation_priority(reasons, conversation.customer.vip)
    packet = build_packet(conversation, messages, reply.state, reasons, priority, written_summary=summary)
    return lifecycle.escalated(conversation, now, reasons, priority, packet, supervisor_only=reply.for_supervisor)
