"""Small constructors for routing snapshots, with defaults that make a match unless a test says otherwise."""

from datetime import UTC, datetime, timedelta

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, WaitingConversation

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def agent(
    id: int = 1,
    *,
    status: AgentStatus = AgentStatus.AVAILABLE,
    skills: tuple[str, ...] = ("ecommerce",),
    languages: tuple[str, ...] = ("fr", "en"),
    capacity: int = 3,
    active: int = 0,
    last_assigned_ago: float | None = None,
) -> AgentSnapshot:
    last = None if last_assigned_ago is None else NOW - timedelta(seconds=last_assigned_ago)
    return AgentSnapshot(id, status, frozenset(skills), frozenset(languages), capacity, active, last)


def conv(
    id: str = "c1",
    *,
    domain: str = "ecommerce",
    language: str = "fr",
    waited: float = 0,
    priority: int = 0,
    sla_seconds: int = 120,
    hard: bool = False,
) -> WaitingConversation:
    return WaitingConversation(id, domain, language, NOW - timedelta(seconds=waited), priority, sla_seconds, hard)
