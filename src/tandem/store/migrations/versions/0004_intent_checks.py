"""Probation: a learning candidate records whether approving it checks the intent the AI would have answered.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain column types, not the application's: a migration must keep meaning what it meant when written.
FALSE = sa.text("false")


def upgrade() -> None:
    # Candidates proposed before probation existed check nothing.
    op.add_column("learning_candidates", sa.Column("checks_intent", sa.Boolean(), server_default=FALSE, nullable=False))


def downgrade() -> None:
    # Batch mode: SQLite drops columns by copying the table.
    with op.batch_alter_table("learning_candidates") as batch:
        batch.drop_column("checks_intent")
