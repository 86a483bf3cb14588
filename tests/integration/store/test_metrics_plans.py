"""The live dashboard reads today's rows through indexes, never a whole table of the history (docs/metrics.md):
every statement the summary and a series run is explained on SQLite and PostgreSQL, and none scans a
conversation, fact, escalation or agent-hour table in full (on PostgreSQL with sequential scans priced out, so
that a plan using an index is one the planner has; on tables of a few rows it would scan them anyway)."""

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Connection, event, text

from tandem.domain.conversations import AgentStatus

from .metrics_history import BOSS, History, ago

HISTORY_TABLES = ("conversation_facts", "escalation_facts", "agent_hours", "conversations", "assignments", "messages")


@pytest.fixture
def statements(connection: Connection) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", keep)
    yield seen
    event.remove(connection, "before_cursor_execute", keep)


def _plan(connection: Connection, statement: str, parameters: Any) -> str:
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    if connection.dialect.name == "sqlite":
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())
    cursor.execute("EXPLAIN " + statement, parameters)
    return "\n".join(str(row[0]) for row in cursor.fetchall())


def _full_scans(plan: str, dialect: str) -> list[str]:
    lines = plan.splitlines()
    if dialect == "sqlite":  # "SCAN t" reads it all; "SEARCH t USING INDEX ..." does not
        return [line for line in lines if line.startswith("SCAN") and line.split()[1] in HISTORY_TABLES]
    return [
        line for line in lines if "Seq Scan on" in line and line.split("Seq Scan on")[1].split()[0] in HISTORY_TABLES
    ]


def test_the_live_view_and_a_series_read_the_history_through_indexes(
    connection: Connection, statements: list[tuple[str, Any]]
) -> None:
    history = History(connection)
    alice = history.agent("alice")
    with history.uow() as tx:
        tx.agents.update(replace(tx.agents.get(alice), status=AgentStatus.AVAILABLE, status_since=ago(hours=2)))
        tx.commit()
    chat = history.chat(ago(hours=1), "ana@example.com")
    history.asked(chat, ago(hours=1))
    history.record(lambda tx: tx.facts.handed(chat, ago(hours=1), ["frustration"]))
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL enable_seqscan = off"))
    statements.clear()

    history.service.summary(BOSS)
    history.service.series(BOSS, "2025-03-19", "2025-03-21", "hour")

    explained = [(s, _plan(connection, s, p)) for s, p in statements]
    assert any("conversation_facts" in s for s, _ in explained) and any("agent_hours" in s for s, _ in explained)
    scans = {s: found for s, plan in explained if (found := _full_scans(plan, connection.dialect.name))}
    assert scans == {}
