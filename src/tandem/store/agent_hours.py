"""Recording agents' work per clock hour as it happens (docs/metrics.md, table `agent_hours` of 0006).

Each write adds to the (agent, hour) row, creating it if need be, in one statement (INSERT ... ON CONFLICT DO
UPDATE, which SQLite and PostgreSQL both have), so two writers never lose each other's additions."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tandem.metrics.definitions import HOUR_SECONDS
from tandem.metrics.period import epoch, floor, split_hours
from tandem.store.tables import AgentHourRow

_COUNTERS = ("worked_seconds", "seat_seconds", "contacts", "hard_contacts", "breaks_taken", "breaks_due", "cool_downs")


class SqlAgentHours:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _add(self, agent_id: int, hour_s: int, **amounts: float) -> None:
        dialect = self._session.get_bind().dialect.name
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        row = {name: 0 for name in _COUNTERS} | amounts
        statement = make(AgentHourRow).values(agent_id=agent_id, hour_s=hour_s, **row)
        statement = statement.on_conflict_do_update(
            index_elements=["agent_id", "hour_s"],
            set_={name: getattr(AgentHourRow, name) + statement.excluded[name] for name in amounts},
        )
        self._session.execute(statement)

    def worked(self, agent_id: int, start: datetime, end: datetime) -> None:
        """The agent was at work (available) from `start` to `end`."""
        for hour, seconds in split_hours(start, end):
            self._add(agent_id, hour, worked_seconds=seconds)

    def seated(self, agent_id: int, start: datetime, end: datetime, capacity: int) -> None:
        """The agent had a conversation from `start` to `end`: one of their `capacity` seats in use."""
        for hour, seconds in split_hours(start, end):
            self._add(agent_id, hour, seat_seconds=seconds / max(capacity, 1))

    def contact_ended(self, agent_id: int, at: datetime, hard: bool, abusive: bool) -> None:
        """A contact of the agent's ended: `hard` as the wellbeing rules weigh it, `abusive` starts a cool-down."""
        hour = floor(epoch(at), HOUR_SECONDS)
        self._add(agent_id, hour, contacts=1, hard_contacts=int(hard), cool_downs=int(abusive))

    def break_taken(self, agent_id: int, start: datetime) -> None:
        self._add(agent_id, floor(epoch(start), HOUR_SECONDS), breaks_taken=1)

    def break_due(self, agent_id: int, at: datetime) -> None:
        self._add(agent_id, floor(epoch(at), HOUR_SECONDS), breaks_due=1)

    def worked_in_hour(self, hour: datetime) -> dict[int, float]:
        """Seconds at work booked in the clock hour starting at `hour`, by agent (the router's occupancy cap)."""
        rows = self._session.execute(
            select(AgentHourRow.agent_id, AgentHourRow.worked_seconds).where(
                AgentHourRow.hour_s == floor(epoch(hour), HOUR_SECONDS), AgentHourRow.worked_seconds > 0
            )
        )
        return {agent_id: float(seconds) for agent_id, seconds in rows}
