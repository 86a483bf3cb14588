"""Booking an agent's work in their agent-hours for the metrics (docs/metrics.md) when a stretch ends.

Called in the transaction of the status change or of the chat's end, with the agent's row locked."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from tandem.domain.conversations import Agent, AgentStatus, Conversation
from tandem.domain.ports import Transaction
from tandem.wellbeing import WellbeingPolicy


def breaks_falling_due(agent: Agent, now: datetime, break_after_seconds: float) -> Iterator[datetime]:
    """When breaks fell due during the agent's stretch at work from `status_since` to `now`: each time their work
    since the last real break reached a multiple of `break_after_seconds` (the stored counter is as of
    `status_since`)."""
    if agent.status_since is None or break_after_seconds <= 0:
        return
    before = agent.worked_since_break_seconds
    stretch = (now - agent.status_since).total_seconds()
    k = int(before // break_after_seconds) + 1
    while k * break_after_seconds <= before + stretch:
        yield agent.status_since + timedelta(seconds=k * break_after_seconds - before)
        k += 1


def book_stretch(tx: Transaction, agent: Agent, now: datetime, policy: WellbeingPolicy) -> None:
    """The stretch the agent (as stored before the change) spent in their status until `now`: time at work and
    the breaks that fell due in it when available; a break taken when on break for at least `break_minutes`."""
    since = agent.status_since
    if since is None or now <= since:
        return
    hours = policy.hours
    if agent.status is AgentStatus.AVAILABLE:
        tx.agent_hours.worked(agent.id, since, now)
        for due in breaks_falling_due(agent, now, 60.0 * hours.break_after_minutes):
            tx.agent_hours.break_due(agent.id, due)
    elif agent.status is AgentStatus.BREAK and now - since >= timedelta(minutes=hours.break_minutes):
        tx.agent_hours.break_taken(agent.id, since)


def book_chat(tx: Transaction, conversation: Conversation, capacity: int, now: datetime) -> None:
    """The agent's seat in use while they had `conversation` (as it was before it left them)."""
    if conversation.agent_id is not None and conversation.assigned_at is not None:
        tx.agent_hours.seated(conversation.agent_id, conversation.assigned_at, now, capacity)
