"""Frozen routing snapshots from the engine's mutable agents and contacts, with the real wellbeing state."""

from datetime import datetime, timedelta

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, WaitingConversation
from tandem.wellbeing import WellbeingPolicy, current_load, recent_hard_count
from tandem.workforce.simulation.agents import Agent
from tandem.workforce.simulation.contact import Contact


def instant(day: datetime, seconds: float) -> datetime:
    """The wall-clock instant `seconds` after the simulated day's midnight (what the router reads)."""
    return day + timedelta(seconds=seconds)


def agent_snapshot(
    agent: Agent, now: float, at: datetime, policy: WellbeingPolicy, hard_in_hand: int = 0
) -> AgentSnapshot:
    """The agent as the router would see them at `now` (`at` is the same instant as a datetime).

    Load, recent hard contacts and the last abusive contact come from the agent's `WellbeingState` through
    the wellbeing layer's own functions; `hard_in_hand` hard chats still open count as recent too (the state
    has a contact only once it ends). One day is simulated, so this week's work is today's.
    """
    state = agent.wellbeing
    worked = agent.worked(now) / 60.0
    hour_busy, hour_worked = agent.this_hour(now)
    return AgentSnapshot(
        id=agent.id,
        status=AgentStatus.AVAILABLE,
        skills=agent.skills,
        languages=agent.languages,
        capacity=agent.capacity,
        active=agent.active,
        last_assigned_at=None if agent.last_assigned is None else at - timedelta(seconds=now - agent.last_assigned),
        load=current_load(state, at, policy),
        recent_hard=recent_hard_count(state, at, policy) + hard_in_hand,
        last_abusive_at=state.last_abusive_at,
        worked_minutes_today=worked,
        worked_minutes_week=worked,
        worked_since_break_minutes=agent.worked_since_break(now) / 60.0,
        shift_ends_at=agent.shift_ends_at,
        occupancy_last_hour=agent.occupancy_last_hour(now),
        hour_busy_seconds=hour_busy,
        hour_worked_seconds=hour_worked,
        chats_started_at=tuple(at - timedelta(seconds=now - started) for started in agent.open_since),
    )


def waiting_conversation(contact: Contact, day: datetime, sla_seconds: float) -> WaitingConversation:
    """The contact as a queued conversation (built once: nothing in it changes while it waits)."""
    if contact.waiting is None:
        contact.waiting = WaitingConversation(
            id=contact.id,
            domain=contact.skill,
            language=contact.language,
            queued_at=instant(day, contact.queued_at),
            priority=contact.priority,
            sla_seconds=int(sla_seconds),
            hard=contact.hard,
        )
    return contact.waiting
