"""The wellbeing figures (docs/metrics.md) on hand-built agent-hours, booked as the services book them, on SQLite
and PostgreSQL: occupancy by agent-hour, a break mid-chat, breaks due, hard-contact share, cool-downs."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Connection

from tandem.domain.conversations import AgentStatus, Conversation, Customer
from tandem.domain.ports import Transaction
from tandem.staff.booking import book_chat, book_stretch
from tandem.wellbeing import DEFAULT_WELLBEING

from .metrics_history import BOSS, NOW, History

DAY = NOW.replace(hour=0)  # 2025-03-20 00:00 UTC


def at(hour: int, minute: int = 0) -> datetime:
    return DAY + timedelta(hours=hour, minutes=minute)


@pytest.fixture
def history(connection: Connection) -> History:
    return History(connection)


def _wellbeing(history: History) -> dict[str, object]:
    found: dict[str, object] = history.outcomes(since="2025-03-20", until="2025-03-21")["wellbeing"]
    return found


def _work(history: History, agent_id: int, status: AgentStatus, start: datetime, end: datetime) -> None:
    """The agent was in `status` from `start` to `end` (booked at the change, as StaffService.set_status does)."""

    def book(tx: Transaction) -> None:
        agent = replace(tx.agents.get(agent_id), status=status, status_since=start)
        book_stretch(tx, agent, end, DEFAULT_WELLBEING)

    history.record(book)


def _chat(history: History, agent_id: int, start: datetime, end: datetime, capacity: int = 1) -> None:
    chat = Conversation("c-" + start.isoformat(), "ecommerce", "en", Customer("Ana"), created_at=start)
    chat = replace(chat, agent_id=agent_id, assigned_at=start)
    history.record(lambda tx: book_chat(tx, chat, capacity, end))


def test_a_break_mid_chat_ends_the_seat_time_and_counts_as_a_break_taken(history: History) -> None:
    alice = history.agent("alice")
    _work(history, alice, AgentStatus.AVAILABLE, at(9), at(9, 40))
    _chat(history, alice, at(9, 10), at(9, 40))  # requeued when she went on break
    _work(history, alice, AgentStatus.BREAK, at(9, 40), at(10, 5))
    _work(history, alice, AgentStatus.AVAILABLE, at(10, 5), at(11))
    _chat(history, alice, at(10, 10), at(10, 50))

    wellbeing = _wellbeing(history)

    assert wellbeing["occupancy_max"] == 0.75  # 9:00: 30 min of chat over 40 at work; 10:00: 40 over 55
    assert wellbeing["hours_over_cap"] == 0
    assert wellbeing["breaks"] == {"taken": 1, "due": 0}
    assert wellbeing["agent_hours"] == round((40 + 55) / 60, 2)


def test_a_short_pause_is_no_break_and_a_short_hour_has_no_occupancy(history: History) -> None:
    bob = history.agent("bob")
    _work(history, bob, AgentStatus.AVAILABLE, at(8, 50), at(9, 10))
    _chat(history, bob, at(8, 50), at(9, 10))
    _work(history, bob, AgentStatus.BREAK, at(9, 10), at(9, 20))

    wellbeing = _wellbeing(history)

    assert wellbeing["breaks"] == {"taken": 0, "due": 0}
    assert wellbeing["occupancy_max"] is None  # 10 minutes at work in each hour: too short to count


def test_an_hour_above_the_cap_is_counted_and_seats_share_the_time(history: History) -> None:
    carl, dana = history.agent("carl", capacity=1), history.agent("dana", capacity=2)
    for agent in (carl, dana):
        _work(history, agent, AgentStatus.AVAILABLE, at(9), at(10))
    _chat(history, carl, at(9), at(9, 55))
    _chat(history, dana, at(9), at(9, 55), capacity=2)  # one of two seats: half the time

    wellbeing = _wellbeing(history)

    assert wellbeing["occupancy_max"] == round(55 / 60, 4)
    assert wellbeing["hours_over_cap"] == 1


def test_breaks_fall_due_after_six_hours_of_work_booked_or_still_going(history: History) -> None:
    eve, finn = history.agent("eve"), history.agent("finn")
    _work(history, eve, AgentStatus.AVAILABLE, at(1), at(8))  # due at 7:00, booked at 8:00
    with history.uow() as tx:  # finn has been at work since 5:30 after an hour's work: due at 10:30, not booked
        tx.agents.update(
            replace(
                tx.agents.get(finn),
                status=AgentStatus.AVAILABLE,
                status_since=at(5, 30),
                worked_since_break_seconds=3600,
            )
        )
        tx.commit()

    wellbeing = _wellbeing(history)
    points = history.service.series(BOSS, "2025-03-20", "2025-03-21", "hour")["points"]

    assert wellbeing["breaks"] == {"taken": 0, "due": 2}
    assert [p["start"][11:16] for p in points if p["breaks_due"]] == ["07:00", "10:00"]
    assert wellbeing["agent_hours"] == round(7 + 6.5, 2)  # finn's 6.5 hours so far are counted too


def test_hard_contact_share_and_cool_downs(history: History) -> None:
    gus, hana = history.agent("gus"), history.agent("hana")
    history.record(lambda tx: tx.agent_hours.contact_ended(gus, at(9), hard=True, abusive=True))
    history.record(lambda tx: tx.agent_hours.contact_ended(hana, at(9, 30), hard=True, abusive=False))
    history.record(lambda tx: tx.agent_hours.contact_ended(hana, at(10), hard=False, abusive=False))

    wellbeing = _wellbeing(history)

    assert wellbeing["hard_contact_share"] == [
        {"agent_id": gus, "username": "gus", "share": 0.5},
        {"agent_id": hana, "username": "hana", "share": 0.5},
    ]
    assert wellbeing["cool_downs"] == 1
