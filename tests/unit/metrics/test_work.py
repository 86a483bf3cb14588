"""The work still in progress when the figures are read: time at work, seats in use and breaks falling due,
spread over the clock hours they touch, and folded as the SQL folds stored agent-hours."""

from dataclasses import replace
from datetime import UTC, datetime

from tandem.domain.conversations import Agent, AgentStatus, Conversation, Customer, Role
from tandem.metrics.ports import AgentHour
from tandem.metrics.work import fold, in_progress, merged
from tandem.staff.booking import breaks_falling_due

NOW = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)
H9, H10 = int(datetime(2026, 12, 7, 9, tzinfo=UTC).timestamp()), int(datetime(2026, 12, 7, 10, tzinfo=UTC).timestamp())
SIX_HOURS = 6 * 3600.0


def _agent(status: AgentStatus, since: datetime, capacity: int = 2, since_break: float = 0.0) -> Agent:
    return Agent(1, "ana", "Ana", Role.AGENT, "x", capacity=capacity, status=status, status_since=since,
                 worked_since_break_seconds=since_break)  # fmt: skip


def test_an_agent_at_work_and_their_open_chat_fill_the_hours_they_touch() -> None:
    ana = _agent(AgentStatus.AVAILABLE, datetime(2026, 12, 7, 9, 15, tzinfo=UTC))
    chat = replace(Conversation("c", "ecommerce", "en", Customer("Bo"), created_at=NOW), agent_id=1,
                   assigned_at=datetime(2026, 12, 7, 9, 45, tzinfo=UTC))  # fmt: skip

    work = in_progress([ana], [chat], NOW, SIX_HOURS)

    assert work.open_from == {1: H9}
    assert work.hours[(1, H9)].worked_seconds == 45 * 60 and work.hours[(1, H9)].seat_seconds == 15 * 60 / 2
    assert work.hours[(1, H10)].worked_seconds == 30 * 60 and work.hours[(1, H10)].seat_seconds == 30 * 60 / 2


def test_nobody_on_a_break_or_offline_is_at_work() -> None:
    resting = _agent(AgentStatus.BREAK, datetime(2026, 12, 7, 9, tzinfo=UTC))

    assert in_progress([resting], [], NOW, SIX_HOURS).hours == {}


def test_stored_rows_and_the_work_in_progress_add_up_before_occupancy_is_taken() -> None:
    ana = _agent(AgentStatus.AVAILABLE, datetime(2026, 12, 7, 10, tzinfo=UTC))
    stored = [AgentHour(1, H10, worked_seconds=0.0, seat_seconds=1500.0, breaks_taken=1)]

    rows = merged(stored, in_progress([ana], [], NOW, SIX_HOURS), H9, H10 + 3600)
    totals = fold(rows, limit=0.85)

    assert totals.worked_seconds == 1800 and totals.occupancy_max == 1500 / 1800
    assert (totals.hours_over_cap, totals.breaks_taken) == (0, 1)


def test_breaks_fall_due_every_six_hours_of_work_since_the_last_real_break() -> None:
    start = datetime(2026, 12, 7, 2, tzinfo=UTC)
    ana = _agent(AgentStatus.AVAILABLE, start, since_break=2 * 3600)

    dues = list(breaks_falling_due(ana, datetime(2026, 12, 7, 16, tzinfo=UTC), SIX_HOURS))

    assert [d.hour for d in dues] == [6, 12]  # 4 h more reach 6 h; 6 h after that, another
