"""The people's side: shifts, breaks, capacity, cool-downs and patience, as the live router respects them."""

from datetime import UTC, date, datetime, timedelta
from random import Random

from tandem.demo.hours import AgentHours
from tandem.demo.people import COOL_DOWN, LOOK_AHEAD, Desk, Waiting
from tandem.demo.team import BREAK, HISTORY_HOURS, Member, Rota, Shift

DAY = date(2026, 12, 2)  # a Wednesday
ALICE = Member(1, "alice", frozenset({"ecommerce"}), frozenset({"fr", "en"}), 2)


def rota_of(shift: Shift) -> Rota:
    rota = Rota([ALICE], HISTORY_HOURS, seed=0)
    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
        rota._days[day] = [shift] if day == DAY else []
    return rota


START = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
SHIFT = Shift(1, START, START + timedelta(hours=8), START + timedelta(hours=4), True)


def test_nobody_is_assigned_outside_the_shift_in_the_break_or_over_capacity() -> None:
    desk = Desk([ALICE], rota_of(SHIFT), horizon=START + timedelta(days=2))
    rng = Random(1)
    taken = [
        desk.take(Waiting("ecommerce", "fr", START - timedelta(hours=1) + timedelta(minutes=3 * i), False), rng)
        for i in range(200)
    ]
    chats = [(t.at, t.until) for t in taken if t.agent_id is not None and t.until is not None]
    assert chats
    break_start = SHIFT.break_start
    assert break_start is not None
    for at, _ in chats:
        assert SHIFT.start <= at < SHIFT.end - LOOK_AHEAD
        assert not break_start - LOOK_AHEAD <= at < break_start + BREAK
    for at, _ in chats:  # never more than her 2 seats at once
        assert sum(1 for a, u in chats if a <= at < u) <= ALICE.capacity


def test_a_customer_gives_up_rather_than_wait_for_nobody() -> None:
    desk = Desk([ALICE], rota_of(SHIFT), horizon=START + timedelta(days=2))
    rng = Random(2)
    late = [desk.take(Waiting("ecommerce", "fr", START + timedelta(hours=9), False), rng) for _ in range(20)]
    assert all(t.agent_id is None for t in late)  # after her shift, nobody the next day either
    other_language = desk.take(Waiting("ecommerce", "de", START + timedelta(hours=1), False), rng)
    assert other_language.agent_id is None


def test_no_hard_contact_during_a_cool_down() -> None:
    desk = Desk([ALICE], rota_of(SHIFT), horizon=START + timedelta(days=2))
    ended = START + timedelta(hours=1)
    desk.ended_abusive(1, ended)
    taken = desk.take(Waiting("ecommerce", "fr", ended + timedelta(minutes=1), True), Random(3))
    if taken.agent_id is not None:
        assert taken.at >= ended + COOL_DOWN


def test_agent_hours_split_work_and_seats_by_clock_hour() -> None:
    hours = AgentHours(until=START + timedelta(days=1))
    hours.shift(SHIFT)
    hours.contact(1, START + timedelta(minutes=50), START + timedelta(minutes=70), 2, hard=True, abusive=True)
    skipped = Shift(1, START + timedelta(days=1, hours=-12), START + timedelta(days=1, hours=-4), None, True)
    hours.shift(skipped)
    rows = {r["hour_s"]: r for r in hours.rows()}
    first, second = int(START.timestamp()), int(START.timestamp()) + 3600
    assert rows[first]["worked_seconds"] == 3600 and rows[first]["seat_seconds"] == 300  # 10 min, 1 seat in 2
    assert rows[second]["seat_seconds"] == 300 and rows[second]["contacts"] == 1
    assert rows[second]["hard_contacts"] == 1 and rows[second]["cool_downs"] == 1
    assert sum(r["worked_seconds"] for r in rows.values()) == 16 * 3600 - BREAK.total_seconds()
    assert sum(r["breaks_taken"] for r in rows.values()) == 1 and sum(r["breaks_due"] for r in rows.values()) == 1
