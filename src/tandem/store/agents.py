"""Agents and supervisors: the people who log in."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tandem.domain.conversations import Agent, AgentStatus, NewAgent, Role
from tandem.domain.errors import Conflict, NotFound
from tandem.store.tables import AgentRow


def to_domain(row: AgentRow) -> Agent:
    return Agent(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        password_hash=row.password_hash,
        skills=tuple(row.skills),
        languages=tuple(row.languages),
        capacity=row.capacity,
        status=AgentStatus(row.status),
        status_since=row.status_since,
    )


def _columns(agent: Agent | NewAgent) -> dict[str, Any]:
    """The columns a new agent and an update both set."""
    return {
        "username": agent.username,
        "display_name": agent.display_name,
        "role": agent.role.value,
        "password_hash": agent.password_hash,
        "skills": list(agent.skills),
        "languages": list(agent.languages),
        "capacity": agent.capacity,
    }


class SqlAgentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, agent: NewAgent) -> Agent:
        """Store a new agent, offline. Raises Conflict when the username is taken."""
        row = AgentRow()
        self._write(row, agent.username, _columns(agent) | {"status": AgentStatus.OFFLINE.value, "status_since": None})
        return to_domain(row)

    def get(self, agent_id: int) -> Agent:
        """Raises NotFound."""
        return to_domain(self._row(agent_id))

    def by_username(self, username: str) -> Agent | None:
        row = self._session.scalar(select(AgentRow).where(AgentRow.username == username))
        return None if row is None else to_domain(row)

    def all(self, role: Role | None = None) -> list[Agent]:
        """Every agent (or those with `role`), by id."""
        query = select(AgentRow).order_by(AgentRow.id)
        if role is not None:
            query = query.where(AgentRow.role == role.value)
        return [to_domain(row) for row in self._session.scalars(query)]

    def update(self, agent: Agent) -> None:
        """Write every field. Raises NotFound, or Conflict when renaming to a taken username."""
        row = self._row(agent.id)
        columns = _columns(agent) | {"status": agent.status.value, "status_since": agent.status_since}
        self._write(row, agent.username, columns)

    def _write(self, row: AgentRow, username: str, columns: dict[str, Any]) -> None:
        try:
            # Changes go inside the savepoint, which flushes on leaving: a clash then rolls back only them
            # and leaves the caller's transaction usable.
            with self._session.begin_nested():
                for name, value in columns.items():
                    setattr(row, name, value)
                self._session.add(row)
        except IntegrityError as error:
            raise Conflict(f"username {username!r} is taken") from error

    def _row(self, agent_id: int) -> AgentRow:
        row = self._session.get(AgentRow, agent_id, populate_existing=True)
        if row is None:
            raise NotFound(f"agent {agent_id}")
        return row
