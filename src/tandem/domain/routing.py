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
    # Wellbeing, as of the snapshot's instant (see tandem.wellbeing). The defaults describe a rested agent at
    # the start of the day with no shift end and no check-in, so snapshots that ignore wellbeing behave as before.
    load: float = 0.0  # accumulated difficulty of recent contacts, recovering with rest (wellbeing.load)
    recent_hard: int = 0  # hostile or sensitive contacts handled in the rolling window (default 2 h)
    last_abusive_at: datetime | None = None  # end of the last contact in which the customer was abusive
    worked_minutes_today: float = 0.0
    worked_minutes_week: float = 0.0
    worked_since_break_minutes: float = 0.0  # work since the last break long enough to count (>= 20 min)
    shift_ends_at: datetime | None = None  # None: no planned end (the hour limits still apply)
    check_in: int | None = None  # the agent's latest self check-in score, 1 (bad) .. 5 (good); None: none valid
    occupancy_last_hour: float = 0.0  # share of the last hour spent handling contacts, 0 .. 1
    # The clock hour `now` falls in (wellbeing.occupancy): seat time in use so far in it, in seconds at full
    # occupancy (each chat counts 1/capacity of its time), and time at work so far in it, in seconds.
    hour_busy_seconds: float = 0.0
    hour_worked_seconds: float = 0.0
    chats_started_at: tuple[datetime, ...] = ()  # when each chat in hand began (unknown ones: as of now)
    supervisor: bool = False  # may take conversations kept for supervisors (repeated abuse)
    # Asked to take their break now, in a lull, and not yet back from it (wellbeing.lull): no new contacts.
    break_early: bool = False


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
    supervisor_only: bool = False  # the customer kept insulting after a warning: a supervisor takes it


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


@dataclass(frozen=True, slots=True)
class ChatSpan:
    """One stretch of an agent having a conversation (from the assignment log); `end` None: they still have it."""

    agent_id: int
    start: datetime
    end: datetime | None
