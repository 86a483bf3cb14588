"""Hand-built histories for the metrics' definitions: conversations and agent-hours recorded as the services
record them (the same repository calls), at chosen times, then read through the metrics service."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.conversations import Conversation, Customer
from tandem.metrics.summary import MetricsService
from tandem.store import SqlUnitOfWork
from tandem.store.metrics import SqlMetricsQueries, SqlMetricsReader

from .builders import new_agent

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)
BOSS = Principal(PrincipalKind.SUPERVISOR, agent_id=1)
TEAMS = ("ecommerce", "logistics", "telecom")


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


class History:
    def __init__(self, connection: Connection) -> None:
        self.uow = SqlUnitOfWork(connection)
        self.now = NOW
        self.service = MetricsService(
            self.uow, lambda: self.now, SqlMetricsReader(connection), sla_seconds=120, teams=TEAMS
        )
        self._n = 0

    def chat(self, at: datetime, email: str | None = None, team: str = "ecommerce") -> str:
        """A new conversation opened at `at`; its id."""
        self._n += 1
        conversation_id = f"m{self._n}"
        with self.uow() as tx:
            tx.conversations.add(Conversation(conversation_id, team, "en", Customer("Ana", email), created_at=at))
            tx.facts.opened(conversation_id, at, team, email)
            tx.commit()
        return conversation_id

    def record(self, act: Callable[[Any], object]) -> None:
        """Record something in one transaction: `act(tx)`."""
        with self.uow() as tx:
            act(tx)
            tx.commit()

    def asked(self, cid: str, at: datetime, intent: str | None = "delivery_time", answered: bool = True,
              open_question: bool = False) -> None:  # fmt: skip
        self.record(lambda tx: tx.facts.customer_wrote(cid, at, intent, answered, open_question))

    def agent(self, username: str = "alice", capacity: int = 1) -> int:
        with self.uow() as tx:
            agent = tx.agents.add(new_agent(username, capacity=capacity))
            tx.commit()
        return agent.id

    def summary(self, since: str = "2025-03-01", until: str = "2025-03-21", team: str | None = None) -> dict[str, Any]:
        return self.service.summary(BOSS, since, until, team)

    def outcomes(self, **period: Any) -> dict[str, Any]:
        found: dict[str, Any] = self.summary(**period)["outcomes"]
        return found


def from_facts(history: History, connection: Connection, sla_seconds: int = 120) -> MetricsService:
    """The same service as `history.service`, reading every figure from the facts (no rollups)."""

    @contextmanager
    def reader() -> Iterator[SqlMetricsQueries]:
        yield SqlMetricsQueries(connection)

    return MetricsService(history.uow, lambda: history.now, reader, sla_seconds=sla_seconds, teams=TEAMS)
