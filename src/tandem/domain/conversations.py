"""Conversations, their messages and the people who answer them: the records the service keeps."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tandem.domain.dialogue import AiState
from tandem.domain.handoff import HandoffPacket
from tandem.domain.meta import MessageMeta


class ConversationStatus(StrEnum):
    BOT = "bot"  # the AI is handling it
    QUEUED = "queued"  # escalated, waiting for a person
    ASSIGNED = "assigned"  # a person has it
    RESOLVED = "resolved"


class Author(StrEnum):
    CUSTOMER = "customer"
    AI = "ai"
    SYSTEM = "system"
    AGENT = "agent"


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"


class AgentStatus(StrEnum):
    AVAILABLE = "available"
    BREAK = "break"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    email: str | None = None
    vip: bool = False


@dataclass(frozen=True, slots=True)
class Conversation:
    """One customer conversation: the AI's state between messages, and once handed over, the packet people read."""

    id: str
    domain: str
    language: str | None
    customer: Customer
    created_at: datetime
    status: ConversationStatus = ConversationStatus.BOT
    ai_state: AiState = field(default_factory=AiState)
    # Escalation: why, how urgent, since when, and what the agent is handed.
    escalation_reasons: tuple[str, ...] = ()
    priority: int = 0
    queued_at: datetime | None = None
    handoff: HandoffPacket | None = None
    # Who has it.
    agent_id: int | None = None
    assigned_at: datetime | None = None
    # The end.
    resolved_at: datetime | None = None
    csat: int | None = None
    # Abuse shielding: ended by the agent and flagged (e.g. "abuse"); or for a supervisor only (repeated abuse).
    flagged: bool = False
    flag_reason: str | None = None
    supervisor_only: bool = False
    # Why the last routing pass left it waiting (e.g. "break_due", "break_due:1"); empty once assigned.
    waiting_reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Message:
    """A stored message. `text` is already redacted of payment data; `meta` holds the AI's reading of it."""

    id: int
    conversation_id: str
    author: Author
    text: str
    created_at: datetime
    client_message_id: str | None = None
    agent_id: int | None = None
    meta: MessageMeta = field(default_factory=MessageMeta)
    masked: bool = False  # a copy for staff with the customer's insults masked (never stored so)


@dataclass(frozen=True, slots=True)
class NewMessage:
    conversation_id: str
    author: Author
    text: str
    created_at: datetime
    client_message_id: str | None = None
    agent_id: int | None = None
    meta: MessageMeta = field(default_factory=MessageMeta)


@dataclass(frozen=True, slots=True)
class Agent:
    """A person who logs in: an agent (answers customers) or a supervisor (watches, may also answer)."""

    id: int
    username: str
    display_name: str
    role: Role
    password_hash: str
    skills: tuple[str, ...] = ()  # domains: ecommerce, logistics, telecom
    languages: tuple[str, ...] = ("fr", "en")
    capacity: int = 3  # concurrent conversations
    status: AgentStatus = AgentStatus.OFFLINE
    status_since: datetime | None = None
    # Wellbeing record (tandem.wellbeing.WellbeingState): load measured at `load_at`, end times of recent hard
    # contacts, end of the last abusive one, the latest self check-in (private to the agent).
    load: float = 0.0
    load_at: datetime | None = None
    hard_contacts_at: tuple[datetime, ...] = ()
    last_abusive_at: datetime | None = None
    check_in_score: int | None = None
    check_in_at: datetime | None = None
    # Working time (tandem.wellbeing.WorkLog), as of the last status change; `work_day` is the ISO date (UTC) of
    # the day counters. The stretch since `status_since` is added when read.
    work_day: str | None = None
    worked_seconds_today: float = 0.0
    worked_seconds_week: float = 0.0
    worked_since_break_seconds: float = 0.0
    breaks_taken_today: int = 0
    hard_contacts_today: int = 0
    # The working-time limit the agent was last told about ("break_due", "daily_limit", ...), None: none.
    wellbeing_notice: str | None = None


@dataclass(frozen=True, slots=True)
class NewAgent:
    username: str
    display_name: str
    role: Role
    password_hash: str
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("fr", "en")
    capacity: int = 3
