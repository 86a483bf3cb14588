"""Writing a history fast: one transaction per few thousand conversations; SQLAlchemy Core `insert()` of lists
of rows on SQLite, `COPY ... FROM STDIN` through psycopg on PostgreSQL. The storage adapter of the demo feature.

Message ids are given here rather than by the database, because an AI reply points at the message it answers
(`meta.reply_to`): each batch takes the ids after the highest one in use while it holds the table (PostgreSQL:
an exclusive lock, the sequence moved past them afterwards; SQLite: its single writer), so a server writing at
the same time never gets the same id.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite

from tandem.store.tables import (
    AgentHourRow,
    AssignmentRow,
    ConversationFactRow,
    ConversationRow,
    EscalationFactRow,
    MessageRow,
    metric_days_done,
    metric_hours_done,
)

CONVERSATIONS: Table = ConversationRow.__table__  # type: ignore[assignment]
MESSAGES: Table = MessageRow.__table__  # type: ignore[assignment]
ASSIGNMENTS: Table = AssignmentRow.__table__  # type: ignore[assignment]
FACTS: Table = ConversationFactRow.__table__  # type: ignore[assignment]
ESCALATIONS: Table = EscalationFactRow.__table__  # type: ignore[assignment]
AGENT_HOURS: Table = AgentHourRow.__table__  # type: ignore[assignment]
CHUNK = 5000  # conversations per transaction
_JSON = {"ai_state", "escalation_reasons", "handoff", "waiting_reasons", "meta"}


@dataclass(slots=True)
class Batch:
    """Rows to write together; `messages` is filled through `add_messages`, which numbers them."""

    conversations: list[dict[str, Any]] = field(default_factory=list)
    messages: list[list[dict[str, Any]]] = field(default_factory=list)  # one list per conversation
    assignments: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    escalations: list[dict[str, Any]] = field(default_factory=list)


class BulkWriter:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"

    def write(self, batch: Batch) -> int:
        """Write the batch, CHUNK conversations per transaction (so that a server writing at the same time waits
        for one chunk at most), their messages with them, then the rows pointing at them; returns the number of
        messages written."""
        written = 0
        for start in range(0, len(batch.conversations), CHUNK):
            part = slice(start, start + CHUNK)
            written += self._write(Batch(conversations=batch.conversations[part], messages=batch.messages[part]))
        longest = max(len(batch.assignments), len(batch.facts), len(batch.escalations))
        for start in range(0, longest, CHUNK):
            part = slice(start, start + CHUNK)
            self._write(
                Batch(assignments=batch.assignments[part], facts=batch.facts[part], escalations=batch.escalations[part])
            )
        return written

    def _write(self, batch: Batch) -> int:
        with self._engine.begin() as conn:
            count = sum(len(m) for m in batch.messages)
            first = self._reserve(conn, count) if count else 0
            messages = _numbered(batch.messages, first)
            for table, rows in (
                (CONVERSATIONS, batch.conversations),
                (MESSAGES, messages),
                (ASSIGNMENTS, batch.assignments),
                (FACTS, batch.facts),
                (ESCALATIONS, batch.escalations),
            ):
                if rows:
                    self._copy(conn, table, rows) if self._postgres else conn.execute(insert(table), rows)
            if self._postgres and messages:
                last = {"last": first + len(messages) - 1}
                conn.execute(text("SELECT setval(pg_get_serial_sequence('messages', 'id'), :last)"), last)
        return len(messages)

    def add_hours(self, rows: Sequence[dict[str, Any]]) -> None:
        """Agent-hours added to those already booked (the live service may have written some of those hours)."""
        if not rows:
            return
        dialect_insert = postgresql.insert if self._postgres else sqlite.insert
        statement = dialect_insert(AGENT_HOURS)
        columns = [c for c in rows[0] if c not in ("agent_id", "hour_s")]
        statement = statement.on_conflict_do_update(
            index_elements=["agent_id", "hour_s"],
            set_={c: AGENT_HOURS.c[c] + statement.excluded[c] for c in columns},
        )
        with self._engine.begin() as conn:
            for start in range(0, len(rows), 5000):
                conn.execute(statement, list(rows[start : start + 5000]))

    def forget_rollups(self, since: datetime) -> None:
        """Hours from `since` on may have been summed before these rows were written (a server read a period
        meanwhile, or a history was added there before): their marks go, and the next read sums them again, as
        the live service's `rollups.unmark` does for the hours of a conversation whose facts changed."""
        low = int(since.timestamp()) // 3600 * 3600
        with self._engine.begin() as conn:
            conn.execute(delete(metric_hours_done).where(metric_hours_done.c.hour_s >= low))
            conn.execute(delete(metric_days_done).where(metric_days_done.c.day_s >= low // 86400 * 86400))

    def settle(self) -> None:
        """PostgreSQL: VACUUM ANALYZE the tables written, as autovacuum would later: the planner gets its statistics
        for the new rows (without them it expects a thousand rows where there are a million) and the first reads
        do not pay for setting hint bits on every page."""
        if not self._postgres:
            return
        with self._engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in (CONVERSATIONS, MESSAGES, ASSIGNMENTS, FACTS, ESCALATIONS, AGENT_HOURS):
                conn.execute(text(f"VACUUM (ANALYZE) {table.name}"))

    def _reserve(self, conn: Connection, count: int) -> int:
        """The first of `count` message ids nobody else will use."""
        if self._postgres:
            conn.execute(text("LOCK TABLE messages IN EXCLUSIVE MODE"))
            name = conn.scalar(text("SELECT pg_get_serial_sequence('messages', 'id')"))
            sequence = conn.scalar(text(f"SELECT last_value FROM {name}")) or 0
            highest = conn.scalar(select(func.max(MESSAGES.c.id))) or 0
            return int(max(sequence, highest)) + 1
        return int(conn.scalar(select(func.max(MESSAGES.c.id))) or 0) + 1

    def _copy(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        columns = list(rows[0])
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in _JSON and row[c] is not None else row[c] for c in columns])


def _numbered(per_conversation: list[list[dict[str, Any]]], first: int) -> list[dict[str, Any]]:
    """The messages with their final ids: each conversation's were numbered from 0 (`meta.reply_to` too)."""
    out: list[dict[str, Any]] = []
    for rows in per_conversation:
        base = first + len(out)
        for row in rows:
            row["id"] += base
            if "reply_to" in row["meta"] and row["meta"]["reply_to"] is not None:
                row["meta"]["reply_to"] += base
            out.append(row)
    return out
