"""Daily rollups of settled days: once every hour of a UTC day is summed and settled, its hourly rows are summed
once more into one row per day and team, so that a long period reads a row a day rather than twenty-four.

A day is marked in `metric_days_done` with the service-level target of its hours; removing the mark of any of its
hours (a write to one of its conversations' facts, another target) removes the day's mark too (docs/metrics.md).

And an hour not settled yet is summed too, but for its *late* conversations (its customer wrote more than 30
minutes after the hour ended: they can still change with time), listed in `metric_hour_late` and read from the
facts one by one. The marks of hours not settled written before (nothing summed) are removed: summed again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = (
    "conversations",
    "engaged",
    "handed",
    "finished",
    "contained",
    "confirmed",
    "assumed",
    "assumed_without_email",
    "not_resolved",
    "pending",
    "closed",
    "reopened",
    "csat_ai_sum",
    "csat_ai_count",
    "csat_people_sum",
    "csat_people_count",
    "abuse_ended",
    "abuse_ended_by_staff",
    "queued",
    "answered",
    "within_target",
    "wait_seconds_sum",
    "abandoned",
    "closed_unanswered",
)


def upgrade() -> None:
    op.create_table(
        "metric_days_done",
        sa.Column("day_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("sla_seconds", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day_s", name=op.f("pk_metric_days_done")),
    )
    op.create_table(
        "metric_days",
        sa.Column("day_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("team", sa.String(length=32), nullable=False),
        *(sa.Column(name, sa.BigInteger(), server_default=sa.text("0"), nullable=False) for name in COUNTS),
        sa.PrimaryKeyConstraint("day_s", "team", name=op.f("pk_metric_days")),
    )
    op.create_table(
        "metric_day_escalations",
        sa.Column("day_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("team", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day_s", "team", "reason", name=op.f("pk_metric_day_escalations")),
    )

    op.create_table(
        "metric_hour_late",
        sa.Column("hour_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("conversation_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("hour_s", "conversation_id", name=op.f("pk_metric_hour_late")),
    )
    op.execute("DELETE FROM metric_hours_done WHERE open_until_s IS NOT NULL")


def downgrade() -> None:
    op.execute("DELETE FROM metric_hours_done WHERE open_until_s IS NOT NULL")
    op.drop_table("metric_hour_late")
    op.drop_table("metric_day_escalations")
    op.drop_table("metric_days")
    op.drop_table("metric_days_done")
