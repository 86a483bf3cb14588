"""What the router sees (snapshots) and what it decides. Built by `services`, decided by `routing`."""

from dataclasses import dataclass
from datetime import datetime

from tandem.domain.conversations import AgentStatus


@dataclass(frozen=True, slots=True)
class AgentSnapshot:
    """An agent as the router sees them at one instant. Wellbeing fields are filled by the next layers."""

    id: int
    status: AgentStatus
    skills: frozenset[str]
    languages: frozenset[str]
    capacity: int
    active: int = 0  # conversations assigned now
    last_assigned_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class WaitingConversation:
    """An escalated conversation in the queue."""

    id: str
    domain: str  # the skill it needs
    language: str  # the language it needs
    queued_at: datetime
    priority: int = 0  # base priority from the escalation (frustration, sensitive topic, VIP)
    sla_seconds: int = 120
    hard: bool = False  # hostile or sensitive: weighs on whoever takes it


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    conversation_id: str
    agent_id: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unassigned:
    """A conversation the router left waiting, and why (no agent with the skill, all at capacity, ...)."""

    conversation_id: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RoutingPlan:
    decisions: tuple[RoutingDecision, ...]
    waiting: tuple[Unassigned, ...]
