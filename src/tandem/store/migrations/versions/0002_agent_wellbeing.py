"""Agent wellbeing: load, hard contacts, cool-down, check-in and working time on agents; on conversations, the
end-and-flag mark, the supervisor-only flag and why the router left them waiting.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain column types, not the application's: a migration must keep meaning what it meant when written.
UTC_DATETIME = sa.DateTime(timezone=True)
ZERO = sa.text("0")
FALSE = sa.text("false")
EMPTY_LIST = sa.text("'[]'")


def agent_columns() -> tuple[sa.Column[object], ...]:
    # New Column objects each time: a Column belongs to one table, and one process may migrate many databases.
    return (
        sa.Column("load", sa.Float(), server_default=ZERO, nullable=False),
        sa.Column("load_at", UTC_DATETIME, nullable=True),
        sa.Column("hard_contacts_at", sa.JSON(), server_default=EMPTY_LIST, nullable=False),
        sa.Column("last_abusive_at", UTC_DATETIME, nullable=True),
        sa.Column("check_in_score", sa.Integer(), nullable=True),
        sa.Column("check_in_at", UTC_DATETIME, nullable=True),
        sa.Column("work_day", sa.String(10), nullable=True),
        sa.Column("worked_seconds_today", sa.Float(), server_default=ZERO, nullable=False),
        sa.Column("worked_seconds_week", sa.Float(), server_default=ZERO, nullable=False),
        sa.Column("worked_since_break_seconds", sa.Float(), server_default=ZERO, nullable=False),
        sa.Column("breaks_taken_today", sa.Integer(), server_default=ZERO, nullable=False),
        sa.Column("hard_contacts_today", sa.Integer(), server_default=ZERO, nullable=False),
        sa.Column("wellbeing_notice", sa.String(32), nullable=True),
    )


def conversation_columns() -> tuple[sa.Column[object], ...]:
    return (
        sa.Column("flagged", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("flag_reason", sa.String(32), nullable=True),
        sa.Column("supervisor_only", sa.Boolean(), server_default=FALSE, nullable=False),
        sa.Column("waiting_reasons", sa.JSON(), server_default=EMPTY_LIST, nullable=False),
    )


def upgrade() -> None:
    for column in agent_columns():
        op.add_column("agents", column)
    for column in conversation_columns():
        op.add_column("conversations", column)


def downgrade() -> None:
    # Batch mode: SQLite drops columns by copying the table.
    with op.batch_alter_table("conversations") as batch:
        for column in reversed(conversation_columns()):
            batch.drop_column(column.name)
    with op.batch_alter_table("agents") as batch:
        for column in reversed(agent_columns()):
            batch.drop_column(column.name)
