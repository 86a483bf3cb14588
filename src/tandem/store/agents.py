"""Agents and supervisors: the people who log in."""

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
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
        load=row.load,
        load_at=row.load_at,
        hard_contacts_at=tuple(datetime.fromisoformat(at) for at in row.hard_contacts_at),
        last_abusive_at=row.last_abusive_at,
        check_in_score=row.check_in_score,
        check_in_at=row.check_in_at,
        work_day=row.work_day,
        worked_seconds_today=row.worked_seconds_today,
        worked_seconds_week=row.worked_seconds_week,
        worked_since_break_seconds=row.worked_since_break_seconds,
        breaks_taken_today=row.breaks_taken_today,
        hard_contacts_today=row.hard_contacts_today,
        wellbeing_notice=row.wellbeing_notice,
    )


# The wellbeing record keeps at most this many hard-contact times (the rules look at the last 2 hours only).
MAX_HARD_CONTACTS = 50


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


def _wellbeing_columns(agent: Agent) -> dict[str, Any]:
    hard = sorted(agent.hard_contacts_at)[-MAX_HARD_CONTACTS:]
    return {
        "load": agent.load,
        "load_at": agent.load_at,
        "hard_contacts_at": [at.isoformat() for at in hard],
        "last_abusive_at": agent.last_abusive_at,
        "check_in_score": agent.check_in_score,
        "check_in_at": agent.check_in_at,
        "work_day": agent.work_day,
        "worked_seconds_today": agent.worked_seconds_today,
        "worked_seconds_week": agent.worked_seconds_week,
        "worked_since_break_seconds": agent.worked_since_break_seconds,
        "breaks_taken_today": agent.breaks_taken_today,
        "hard_contacts_today": agent.hard_contacts_today,
        "wellbeing_notice": agent.wellbeing_notice,
    }


class SqlAgentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, agent: NewAgent) -> Agent:
        """Store a new agent, offline. Raises Conflict when the username is taken."""
        row = AgentRow()
        fresh = Agent(0, agent.username, agent.display_name, agent.role, agent.password_hash)  # wellbeing defaults
        columns = _columns(agent) | {"status": AgentStatus.OFFLINE.value, "status_since": None}
        self._write(row, agent.username, columns | _wellbeing_columns(fresh))
        return to_domain(row)

    def get(self, agent_id: int) -> Agent:
        """Raises NotFound."""
        return to_domain(self._row(agent_id))

    def lock(self, agent_id: int) -> Agent:
        """`get`, holding a row lock until the transaction ends (PostgreSQL; SQLite has one writer anyway)."""
        return to_domain(self._row(agent_id, for_update=True))

    def set_notice(self, agent_id: int, notice: str | None) -> None:
        """Record the working-time notice the agent was given, touching no other column."""
        self._session.execute(update(AgentRow).where(AgentRow.id == agent_id).values(wellbeing_notice=notice))

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
        self._write(row, agent.username, columns | _wellbeing_columns(agent))

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

    def _row(self, agent_id: int, *, for_update: bool = False) -> AgentRow:
        row = self._session.get(AgentRow, agent_id, populate_existing=True, with_for_update=for_update or None)
        if row is None:
            raise NotFound(f"agent {agent_id}")
        return row
