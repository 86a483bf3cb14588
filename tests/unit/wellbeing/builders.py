"""Snapshots for wellbeing tests: a rested, available agent and an easy conversation unless a test says otherwise."""

from datetime import UTC, datetime, timedelta

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, WaitingConversation

NOW = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)


def minutes_ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def agent(
    id: int = 1,
    *,
    status: AgentStatus = AgentStatus.AVAILABLE,
    capacity: int = 3,
    active: int = 0,
    last_assigned_ago: float | None = None,
    load: float = 0.0,
    recent_hard: int = 0,
    abusive_ago: float | None = None,
    today: float = 0.0,
    week: float = 0.0,
    since_break: float = 0.0,
    shift_ends_in: float | None = None,
    check_in: int | None = None,
    occupancy: float = 0.0,
) -> AgentSnapshot:
    """`*_ago` and `*_in` are minutes before / after NOW; the worked times are minutes."""
    return AgentSnapshot(
        id=id,
        status=status,
        skills=frozenset({"ecommerce"}),
        languages=frozenset({"fr", "en"}),
        capacity=capacity,
        active=active,
        last_assigned_at=None if last_assigned_ago is None else minutes_ago(last_assigned_ago),
        load=load,
        recent_hard=recent_hard,
        last_abusive_at=None if abusive_ago is None else minutes_ago(abusive_ago),
        worked_minutes_today=today,
        worked_minutes_week=week,
        worked_since_break_minutes=since_break,
        shift_ends_at=None if shift_ends_in is None else NOW + timedelta(minutes=shift_ends_in),
        check_in=check_in,
        occupancy_last_hour=occupancy,
    )


def conv(id: str = "c1", *, hard: bool = False, waited: float = 0.0, priority: int = 0) -> WaitingConversation:
    """`waited` in seconds, like the router's SLA clock."""
    return WaitingConversation(id, "ecommerce", "fr", NOW - timedelta(seconds=waited), priority, 120, hard)
