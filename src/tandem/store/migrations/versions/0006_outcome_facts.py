"""Outcome facts for the metrics: per conversation, per escalation reason, per agent and clock hour.

Rows are written as events happen (docs/metrics.md), so that every figure is an indexed range scan of its
period. Conversations stored before this revision get no facts row: they are not in the new figures.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FALSE = sa.text("false")
_ZERO = sa.text("0")


def _epoch(name: str, nullable: bool = True) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def upgrade() -> None:
    _conversation_facts()
    _escalation_facts()
    _agent_hours()


def _conversation_facts() -> None:
    op.create_table(
        "conversation_facts",
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        _epoch("created_s", nullable=False),
        sa.Column("team", sa.String(length=32), nullable=False),
        sa.Column("customer_key", sa.String(length=64), nullable=True),
        sa.Column("intent", sa.String(length=64), nullable=True),
        _epoch("last_customer_s"),
        _epoch("ai_answered_s"),
        sa.Column("ai_open", sa.Boolean(), server_default=_FALSE, nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=True),
        _epoch("confirmed_s"),
        _epoch("handed_s"),
        _epoch("queued_s"),
        _epoch("answer_s"),
        _epoch("resolved_s"),
        _epoch("reopened_s"),
        _epoch("came_back_s"),
        sa.Column("closed_unanswered", sa.Boolean(), server_default=_FALSE, nullable=False),
        sa.Column("abuse_ended", sa.Boolean(), server_default=_FALSE, nullable=False),
        sa.Column("csat", sa.Integer(), nullable=True),
        sa.Column("csat_people", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_facts_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversation_facts")),
    )
    op.create_index(op.f("ix_conversation_facts_created_s"), "conversation_facts", ["created_s"])
    op.create_index(op.f("ix_conversation_facts_queued_s"), "conversation_facts", ["queued_s"])
    op.create_index(
        op.f("ix_conversation_facts_customer_key_created_s"), "conversation_facts", ["customer_key", "created_s"]
    )


def _escalation_facts() -> None:
    op.create_table(
        "escalation_facts",
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        _epoch("created_s", nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_escalation_facts_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "reason", name=op.f("pk_escalation_facts")),
    )
    op.create_index(op.f("ix_escalation_facts_created_s"), "escalation_facts", ["created_s"])


def _agent_hours() -> None:
    op.create_table(
        "agent_hours",
        sa.Column("agent_id", sa.Integer(), nullable=False),
        _epoch("hour_s", nullable=False),
        sa.Column("worked_seconds", sa.Float(), server_default=_ZERO, nullable=False),
        sa.Column("seat_seconds", sa.Float(), server_default=_ZERO, nullable=False),
        sa.Column("contacts", sa.Integer(), server_default=_ZERO, nullable=False),
        sa.Column("hard_contacts", sa.Integer(), server_default=_ZERO, nullable=False),
        sa.Column("breaks_taken", sa.Integer(), server_default=_ZERO, nullable=False),
        sa.Column("breaks_due", sa.Integer(), server_default=_ZERO, nullable=False),
        sa.Column("cool_downs", sa.Integer(), server_default=_ZERO, nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_agent_hours_agent_id_agents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("agent_id", "hour_s", name=op.f("pk_agent_hours")),
    )
    op.create_index(op.f("ix_agent_hours_hour_s"), "agent_hours", ["hour_s"])


def downgrade() -> None:
    op.drop_table("agent_hours")
    op.drop_table("escalation_facts")
    op.drop_table("conversation_facts")
