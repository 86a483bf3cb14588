"""Hand a conversation over to people: queue it with its priority and the packet the agent will read."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from tandem.conversations.handoff import build_packet
from tandem.dialogue.assistant import AiReply
from tandem.domain.conversations import Conversation, ConversationStatus, Message
from tandem.routing import escalation_priority


def escalate(
    conversation: Conversation,
    messages: Sequence[Message],
    reply: AiReply,
    now: datetime,
    supervisor_only: bool = False,
    summary: str | None = None,
) -> Conversation:
    """The conversation, queued for a person (a supervisor when `supervisor_only`). `messages` are the stored
    ones, the escalating message included; `summary` the language model's, written beforehand, if any."""
    reasons = tuple(r.value for r in reply.decision.reasons)
    priority = escalation_priority(reasons, conversation.customer.vip)
    packet = build_packet(conversation, messages, reply.state, reasons, priority, written_summary=summary)
    return replace(
        conversation,
        status=ConversationStatus.QUEUED,
        escalation_reasons=tuple(dict.fromkeys((*conversation.escalation_reasons, *reasons))),
        priority=priority,
        queued_at=now,
        handoff=packet,
        agent_id=None,
        assigned_at=None,
        supervisor_only=supervisor_only,
        waiting_reasons=(),
    )
