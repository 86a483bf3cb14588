"""Hourly rollups of the outcome facts: settled clock hours are summed once and read back, not scanned again.

An hour is settled once nothing about its conversations can change with time alone (docs/metrics.md); a write to
one of its conversations' facts removes its mark in `metric_hours_done`, and the next read sums it again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
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
        "metric_hours_done",
        sa.Column("hour_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("sla_seconds", sa.Integer(), nullable=False),
        sa.Column("open_until_s", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("hour_s", name=op.f("pk_metric_hours_done")),
    )
    op.create_table(
        "metric_hours",
        sa.Column("hour_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("team", sa.String(length=32), nullable=False),
        *(sa.Column(name, sa.BigInteger(), server_default=sa.text("0"), nullable=False) for name in COUNTS),
        sa.PrimaryKeyConstraint("hour_s", "team", name=op.f("pk_metric_hours")),
    )
    op.create_table(
        "metric_hour_escalations",
        sa.Column("hour_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("team", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("hour_s", "team", "reason", name=op.f("pk_metric_hour_escalations")),
    )


def downgrade() -> None:
    op.drop_table("metric_hour_escalations")
    op.drop_table("metric_hours")
    op.drop_table("metric_hours_done")
