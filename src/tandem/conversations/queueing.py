"""From stored records to the router's snapshots, and what the waiting customer is told."""

import math
from collections.abc import Mapping, Sequence
from datetime import datetime

from tandem.domain.conversations import Agent, Conversation
from tandem.domain.events import QueueInfo
from tandem.domain.routing import WaitingConversation
from tandem.domain.triage import Reason
from tandem.routing import DEFAULT_POLICY, queue_order
from tandem.staff.team import at_work

# Contacts that weigh on whoever takes them (the next issue's wellbeing rules share them out fairly).
HARD_REASONS = frozenset({Reason.ABUSE.value, Reason.SENSITIVE_TOPIC.value, Reason.FRUSTRATION.value})
# Until enough conversations are resolved to measure it, a person spends this long on one (DOMAIN.md's AHT).
DEFAULT_HANDLE_SECONDS = 300


def is_hard(conversation: Conversation) -> bool:
    """Hostile or sensitive: a conversation whose weight the wellbeing rules share out."""
    return bool(HARD_REASONS.intersection(conversation.escalation_reasons))


def waiting(conversation: Conversation, sla_seconds: int) -> WaitingConversation:
    assert conversation.queued_at is not None, "only queued conversations wait"
    return WaitingConversation(
        id=conversation.id,
        domain=conversation.domain,
        language=conversation.language or "en",
        queued_at=conversation.queued_at,
        priority=conversation.priority,
        sla_seconds=sla_seconds,
        hard=is_hard(conversation),
        supervisor_only=conversation.supervisor_only,
    )


def queue_info(
    conversation: Conversation,
    queued: Sequence[Conversation],
    agents: Sequence[Agent],
    active: Mapping[int, int],
    now: datetime,
    sla_seconds: int,
    handle_seconds: float = DEFAULT_HANDLE_SECONDS,
) -> QueueInfo:
    """Position among the conversations that need the same team, and an honest estimate of the wait.

    The estimate assumes the team's seats free up at the average handle time; with no one of that team at
    work, it gives no figure rather than a made-up one.
    """
    same_team = [c for c in queued if (c.domain, c.language) == (conversation.domain, conversation.language)]
    order = [w.id for w in queue_order([waiting(c, sla_seconds) for c in same_team], now, DEFAULT_POLICY)]
    position = order.index(conversation.id) + 1 if conversation.id in order else 1
    team = at_work(agents, conversation.domain, conversation.language)
    seats = sum(a.capacity for a in team)
    if seats == 0:
        return QueueInfo(position, None)
    free = sum(max(0, a.capacity - active.get(a.id, 0)) for a in team)
    ahead = max(0, position - free)
    return QueueInfo(position, math.ceil(ahead * handle_seconds / seats))
