"""The supervisor's summary: containment, escalations, queue, waits, agents, satisfaction."""

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from statistics import fmean
from typing import Any

from tandem.domain.access import Principal, check_supervisor
from tandem.domain.conversations import AgentStatus, ConversationStatus
from tandem.domain.ports import UnitOfWork


class MetricsService:
    def __init__(self, uow: UnitOfWork, clock: Callable[[], datetime]) -> None:
        self._uow, self._clock = uow, clock

    def summary(self, principal: Principal, since: datetime | None = None) -> dict[str, Any]:
        """Containment counts conversations where the customer wrote at least once: the AI contained those it
        never handed over. ASA is the mean wait of the conversations a person picked up."""
        check_supervisor(principal)
        now = self._clock()
        with self._uow(read_only=True) as tx:
            conversations = tx.conversations.created_since(since)
            agents = tx.agents.all()
        engaged = [c for c in conversations if c.ai_state.history or c.escalation_reasons]
        contained = [c for c in engaged if not c.escalation_reasons]
        queued = [c for c in conversations if c.status == ConversationStatus.QUEUED and c.queued_at]
        waits = [(now - c.queued_at).total_seconds() for c in queued if c.queued_at]
        answered = [
            (c.assigned_at - c.queued_at).total_seconds() for c in conversations if c.assigned_at and c.queued_at
        ]
        rated = [c.csat for c in conversations if c.csat is not None]
        by_status = Counter(a.status.value for a in agents)
        return {
            "conversations": len(conversations),
            "containment_rate": round(len(contained) / len(engaged), 4) if engaged else None,
            "escalations_by_reason": dict(Counter(r for c in conversations for r in c.escalation_reasons)),
            "queue_length": len(queued),
            "wait_seconds": {"avg": round(fmean(waits), 1) if waits else 0.0, "max": round(max(waits, default=0), 1)},
            "asa_seconds": round(fmean(answered), 1) if answered else 0.0,
            "agents_by_status": {s.value: by_status.get(s.value, 0) for s in AgentStatus},
            "csat": {"average": round(fmean(rated), 2) if rated else None, "count": len(rated)},
        }
