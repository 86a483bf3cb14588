"""The tables: SQLAlchemy rows, kept apart from the domain dataclasses the repositories return.

Enums are stored as their string values in plain VARCHAR columns (no native ENUM types), so adding a
status is a code change, not a migration. Any change here needs a new migration in `migrations/versions`;
a test compares the migrated schema with this file.
"""

from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tandem.metrics.ports import ConversationCounts, QueueCounts
from tandem.store.columns import UtcDateTime

# Deterministic constraint names, so migrations can name what they alter or drop.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQL NULL for "no value", rather than the JSON literal null.
NullableJSON = JSON(none_as_null=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AgentRow(Base):
    __tablename__ = "agents"
    __table_args__ = (UniqueConstraint("username"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    skills: Mapped[list[str]] = mapped_column(JSON)
    languages: Mapped[list[str]] = mapped_column(JSON)
    capacity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    status_since: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Wellbeing (0002). Server defaults so that the migration can add them to existing rows.
    load: Mapped[float] = mapped_column(Float, server_default=text("0"))
    load_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    hard_contacts_at: Mapped[list[str]] = mapped_column(JSON, server_default=text("'[]'"))  # ISO times, last 2 h
    last_abusive_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    check_in_score: Mapped[int | None] = mapped_column(Integer)
    check_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    work_day: Mapped[str | None] = mapped_column(String(10))  # ISO date (UTC) of the day counters
    worked_seconds_today: Mapped[float] = mapped_column(Float, server_default=text("0"))
    worked_seconds_week: Mapped[float] = mapped_column(Float, server_default=text("0"))
    worked_since_break_seconds: Mapped[float] = mapped_column(Float, server_default=text("0"))
    breaks_taken_today: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    hard_contacts_today: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    wellbeing_notice: Mapped[str | None] = mapped_column(String(32))


class ConversationRow(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index(None, "status", "queued_at"),  # the queue, oldest first
        Index(None, "agent_id"),
        Index(None, "created_at"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    domain: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    customer_name: Mapped[str] = mapped_column(String(200))
    customer_email: Mapped[str | None] = mapped_column(String(320))
    customer_vip: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(16))
    ai_state: Mapped[dict[str, Any]] = mapped_column(JSON)
    escalation_reasons: Mapped[list[str]] = mapped_column(JSON)
    priority: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    handoff: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    csat: Mapped[int | None] = mapped_column(Integer)
    # Abuse shielding and routing (0002).
    flagged: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    flag_reason: Mapped[str | None] = mapped_column(String(32))
    supervisor_only: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    waiting_reasons: Mapped[list[str]] = mapped_column(JSON, server_default=text("'[]'"))


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # Idempotent delivery: a client retrying a message gets the stored one back. NULLs never clash.
        UniqueConstraint("conversation_id", "client_message_id"),
        # A conversation's messages in order, and "those after id N" for polling clients.
        Index(None, "conversation_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    client_message_id: Mapped[str | None] = mapped_column(String(128))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON)


class AssignmentRow(Base):
    """The assignment log: one row each time a conversation is given to an agent, never updated."""

    __tablename__ = "assignments"
    __table_args__ = (Index(None, "conversation_id"), Index(None, "agent_id", "assigned_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CandidateRow(Base):
    """What the AI could learn from a resolved conversation (0003); texts PII-redacted."""

    __tablename__ = "learning_candidates"
    __table_args__ = (Index(None, "status", "domain"), Index(None, "conversation_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(64))
    suggested_intent: Mapped[str | None] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    proposed_by: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Approving it checks the intent the AI would have answered with, `suggested_intent` (0004).
    checks_intent: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))


class ModelVersionRow(Base):
    """One trained intent model of a domain and what it was trained on and scored (0003)."""

    __tablename__ = "model_versions"
    __table_args__ = (Index(None, "domain", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(String(1024))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)
    calibration: Mapped[dict[str, Any]] = mapped_column(JSON)


class ModelArtifactRow(Base):
    """The bytes of a model version (0005), so that every host loads the same model instead of training its own."""

    __tablename__ = "model_artifacts"

    version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id", ondelete="CASCADE"), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ConversationFactRow(Base):
    """One conversation's outcome facts for the metrics (0006, docs/metrics.md), set as events happen.

    Times are epoch seconds (UTC), so that hourly and daily buckets are integer arithmetic on every database."""

    __tablename__ = "conversation_facts"
    __table_args__ = (Index(None, "created_s"), Index(None, "queued_s"), Index(None, "customer_key", "created_s"))

    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True)
    created_s: Mapped[int] = mapped_column(BigInteger)
    team: Mapped[str] = mapped_column(String(32))
    customer_key: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the lower-cased e-mail
    intent: Mapped[str | None] = mapped_column(String(64))
    last_customer_s: Mapped[int | None] = mapped_column(BigInteger)
    ai_answered_s: Mapped[int | None] = mapped_column(BigInteger)
    ai_open: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    answered: Mapped[bool | None] = mapped_column(Boolean)
    confirmed_s: Mapped[int | None] = mapped_column(BigInteger)
    handed_s: Mapped[int | None] = mapped_column(BigInteger)
    queued_s: Mapped[int | None] = mapped_column(BigInteger)
    answer_s: Mapped[int | None] = mapped_column(BigInteger)
    resolved_s: Mapped[int | None] = mapped_column(BigInteger)
    reopened_s: Mapped[int | None] = mapped_column(BigInteger)
    came_back_s: Mapped[int | None] = mapped_column(BigInteger)
    closed_unanswered: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    abuse_ended: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    csat: Mapped[int | None] = mapped_column(Integer)
    csat_people: Mapped[bool | None] = mapped_column(Boolean)


class EscalationFactRow(Base):
    """A conversation handed over for a reason (0006): once per conversation and reason."""

    __tablename__ = "escalation_facts"
    __table_args__ = (Index(None, "created_s"),)

    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_s: Mapped[int] = mapped_column(BigInteger)  # the conversation's creation, for its period


class AgentHourRow(Base):
    """One agent's clock hour (0006): time at work, seat time in use, contacts, breaks, cool-downs."""

    __tablename__ = "agent_hours"
    __table_args__ = (Index(None, "hour_s"),)

    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    hour_s: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # the hour's start, epoch seconds (UTC)
    worked_seconds: Mapped[float] = mapped_column(Float, server_default=text("0"))
    seat_seconds: Mapped[float] = mapped_column(Float, server_default=text("0"))
    contacts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    hard_contacts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    breaks_taken: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    breaks_due: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    cool_downs: Mapped[int] = mapped_column(Integer, server_default=text("0"))


# Rollups of hours (0007, store/rollups.py) and of settled days (0008, store/day_rollups.py): Core tables, their
# counters named as the metrics' ConversationCounts and QueueCounts fields.
ROLLUP_COUNTS = tuple(f.name for f in (*fields(ConversationCounts), *fields(QueueCounts)))


def _rollup(name: str, key: str, reasons: bool = False) -> Table:
    """Counters per hour or day (`key`) and team, or escalations per hour or day, team and reason."""
    columns: list[Column[Any]]
    if reasons:
        columns = [Column("reason", String(32), primary_key=True), Column("n", BigInteger, nullable=False)]
    else:
        columns = [Column(c, BigInteger, server_default=text("0"), nullable=False) for c in ROLLUP_COUNTS]
    key_column = Column(key, BigInteger, primary_key=True, autoincrement=False)
    return Table(name, Base.metadata, key_column, Column("team", String(32), primary_key=True), *columns)


metric_hours_done = Table(
    "metric_hours_done",
    Base.metadata,
    Column("hour_s", BigInteger, primary_key=True, autoincrement=False),
    Column("sla_seconds", Integer, nullable=False),  # the service-level target its queue counts were summed with
    Column("open_until_s", BigInteger),  # not settled until then: its late conversations read from the facts
)
metric_hour_late = Table(  # the late conversations of an hour summed before settled (0008, store/rollups.py)
    "metric_hour_late",
    Base.metadata,
    Column("hour_s", BigInteger, primary_key=True, autoincrement=False),
    Column("conversation_id", String(64), primary_key=True),
)
metric_days_done = Table(  # with its hours' target
    "metric_days_done",
    Base.metadata,
    Column("day_s", BigInteger, primary_key=True, autoincrement=False),
    Column("sla_seconds", Integer, nullable=False),
)
metric_hours, metric_hour_escalations = (
    _rollup("metric_hours", "hour_s"),
    _rollup("metric_hour_escalations", "hour_s", True),
)
metric_days, metric_day_escalations = _rollup("metric_days", "day_s"), _rollup("metric_day_escalations", "day_s", True)
