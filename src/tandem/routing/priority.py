"""How urgent a waiting conversation is now: base priority, aged by waiting time, boosted past its SLA."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import WaitingConversation
from tandem.domain.triage import Reason


@dataclass(frozen=True, slots=True)
class RoutingPolicy:
    """Parameters of the queue order.

    - `aging_seconds` (default 60): every this many seconds waited adds 1 to the priority, continuously
      (90 s waited = +1.5). Ageing keeps a low-priority contact from starving behind a stream of urgent
      ones. `math.inf` turns ageing off.
    - `sla_breach_boost` (default 10): added once the wait exceeds the conversation's `sla_seconds`. It is
      larger than the usual spread of base priorities (frustration, sensitive topic, VIP each add a few
      points), so a breached contact overtakes nearly everything that is still within its SLA.
    """

    aging_seconds: float = 60.0
    sla_breach_boost: float = 10.0

    def __post_init__(self) -> None:
        # A zero or negative step would divide by zero or make waiting lower the priority.
        if not self.aging_seconds > 0:
            raise InvalidInput(f"aging_seconds must be > 0, got {self.aging_seconds}")
        if not self.sla_breach_boost >= 0 or math.isinf(self.sla_breach_boost):
            raise InvalidInput(f"sla_breach_boost must be finite and >= 0, got {self.sla_breach_boost}")


DEFAULT_POLICY = RoutingPolicy()


def waited_seconds(conversation: WaitingConversation, now: datetime) -> float:
    """Seconds the conversation has been queued at `now`; 0 if `queued_at` is in the future (clock skew)."""
    return max(0.0, (now - conversation.queued_at).total_seconds())


def sla_breached(conversation: WaitingConversation, now: datetime) -> bool:
    """True once the conversation has waited longer than its `sla_seconds` (answering at exactly Y s meets it)."""
    return waited_seconds(conversation, now) > conversation.sla_seconds


def effective_priority(conversation: WaitingConversation, now: datetime, policy: RoutingPolicy) -> float:
    """Base priority + waited / `aging_seconds` + `sla_breach_boost` once the SLA is breached."""
    aged = conversation.priority + waited_seconds(conversation, now) / policy.aging_seconds
    return aged + policy.sla_breach_boost if sla_breached(conversation, now) else aged


def queue_order(
    waiting: Iterable[WaitingConversation], now: datetime, policy: RoutingPolicy
) -> list[WaitingConversation]:
    """The queue, most urgent first; ties go to the oldest `queued_at`, then to the smallest id (total order)."""
    return sorted(waiting, key=lambda c: (-effective_priority(c, now, policy), c.queued_at, c.id))


# How much each escalation reason raises a conversation's base priority (waiting time adds the rest).
REASON_PRIORITY: dict[str, int] = {
    Reason.SENSITIVE_TOPIC.value: 3,
    Reason.FRUSTRATION.value: 2,
    Reason.REPEATED_FAILURE.value: 1,
    Reason.REJECTED_ANSWER.value: 1,
    Reason.ASKED_FOR_HUMAN.value: 1,
}
VIP_PRIORITY = 2


def escalation_priority(reasons: Iterable[str], vip: bool = False) -> int:
    """A conversation's base priority from why it was handed over, and whether the customer is a VIP."""
    return sum(REASON_PRIORITY.get(reason, 0) for reason in set(reasons)) + (VIP_PRIORITY if vip else 0)
