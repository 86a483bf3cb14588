"""The daily rollups of settled days (store/day_rollups.py) give the figures the facts give: over a history with
whole settled days, a day settled up to 10:00 (NOW is 2025-03-20 12:00: hours up to 2025-03-13 10:00 are
settled), an unsettled tail, and an old day a customer came back to lately; for periods on whole days and
periods with ragged ends; for the summary, the daily and hourly series and the CSV; and after later changes."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, event, select

from tandem.metrics.definitions import DAY_SECONDS
from tandem.metrics.period import epoch
from tandem.metrics.summary import MetricsService
from tandem.store.tables import metric_days, metric_days_done, metric_hour_late, metric_hours, metric_hours_done

from .metrics_history import BOSS, NOW, TEAMS, History, ago, from_facts

PERIODS = [
    ("2025-02-01", "2025-03-21"),  # whole days: settled ones, the partly settled 13 March, the tail
    ("2025-02-03T07:30:00Z", "2025-03-13T05:00:00+00:00"),  # ragged ends, up to inside the partly settled day
    ("2025-02-05T22:10:00+02:00", "2025-03-12T18:00:00Z"),  # an offset: the days stay UTC days
]
BACK_LATELY = ago(days=20, hours=3)  # a conversation a customer came back to 2 days ago: its day is not settled


def _one(history: History, i: int, at: datetime) -> None:
    """A conversation opened at `at`, with one of six outcomes."""
    cid = history.chat(at, f"c{i % 7}@example.com", team=TEAMS[i % 3])
    kind, later = i % 6, lambda minutes: at + timedelta(minutes=minutes)
    history.asked(
        cid, at, answered=kind in (0, 4), intent=None if kind == 3 else "delivery_time", open_question=kind == 3
    )
    if kind in (1, 2, 5):
        reasons = {1: ["frustration"], 2: ["asked_for_human", "abuse"], 5: ["low_confidence"]}[kind]
        history.record(lambda tx: tx.facts.handed(cid, at, reasons))
    if kind in (1, 5):
        history.record(lambda tx: tx.facts.answered(cid, later(1 if kind == 1 else 20)))
        history.record(lambda tx: tx.facts.closed(cid, later(30), abuse=kind == 5))
    if kind == 4:
        history.record(lambda tx: tx.facts.confirmed(cid, True, later(1)))
    if kind in (1, 4):
        history.record(lambda tx: tx.facts.rated(cid, 3 + i % 3))


@pytest.fixture
def history(connection: Connection) -> History:
    history = History(connection)
    moments = [ago(days=d, hours=(5 * d) % 24, minutes=7 * d % 60) for d in range(1, 48)]
    moments += [datetime(2025, 3, 13, h, 20, tzinfo=NOW.tzinfo) for h in (2, 9, 10, 15)]  # around 10:00
    for i, at in enumerate(moments):
        _one(history, i, at)
    old = history.chat(BACK_LATELY, "back@example.com", team="telecom")
    history.asked(old, BACK_LATELY)
    history.asked(old, ago(days=2))
    return history


def _answers(service: MetricsService, since: str, until: str, team: str | None = None) -> dict[str, Any]:
    days = service.series(BOSS, since, until, "day", team)["points"]
    return {
        "summary": service.summary(BOSS, since, until, team)["outcomes"],
        "days": days,
        "csv": service.series_csv(BOSS, since, until, "day", team)[0],
    }


def _days_marked(connection: Connection) -> set[int]:
    return {int(d) for d in connection.execute(select(metric_days_done.c.day_s)).scalars()}


@contextmanager
def _reads_of_day_rows(connection: Connection) -> Iterator[list[str]]:
    seen: list[str] = []

    def keep(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM metric_days " in statement:
            seen.append(statement)

    event.listen(connection, "before_cursor_execute", keep)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", keep)


@pytest.mark.parametrize(("since", "until"), PERIODS)
def test_settled_days_are_summed_once_and_give_the_figures_of_the_facts(
    history: History, connection: Connection, since: str, until: str
) -> None:
    with _reads_of_day_rows(connection) as day_reads:
        first = _answers(history.service, since, until)
    marked = _days_marked(connection)
    again = _answers(history.service, since, until)
    by_team = _answers(history.service, since, until, "logistics")

    facts = from_facts(history, connection)
    assert first == again == _answers(facts, since, until)
    assert by_team == _answers(facts, since, until, "logistics")
    assert day_reads  # the whole settled days were read from the daily rollups
    assert len(marked) >= 30
    assert max(marked) < epoch(datetime(2025, 3, 13, tzinfo=NOW.tzinfo))  # 13 March is settled up to 10:00 only
    assert epoch(BACK_LATELY) // DAY_SECONDS * DAY_SECONDS not in marked  # an hour of it is not settled
    assert first["summary"]["conversations"] > 0 and first["summary"]["escalations_by_reason"]


def test_the_hourly_series_is_exact_for_every_hour(history: History, connection: Connection) -> None:
    since, until = "2025-02-20T05:00:00Z", "2025-03-14"
    history.summary("2025-02-01", "2025-03-21")  # the days are summed

    hours = history.service.series(BOSS, since, until, "hour")["points"]

    assert hours == from_facts(history, connection).series(BOSS, since, until, "hour")["points"]
    assert sum(p["conversations"] for p in hours) > 20


def test_a_later_change_to_a_conversation_of_a_summed_day_is_counted(history: History, connection: Connection) -> None:
    since, until = PERIODS[0]
    history.summary(since, until)
    day = datetime(2025, 2, 10, 15, tzinfo=NOW.tzinfo)
    assert epoch(day) // DAY_SECONDS * DAY_SECONDS in _days_marked(connection)
    old = history.chat(day, team="ecommerce")  # opened in a summed day (a clock set back)
    history.asked(old, day)
    history.record(lambda tx: tx.facts.rated(old, 1))
    assert epoch(day) // DAY_SECONDS * DAY_SECONDS not in _days_marked(connection)

    outcomes = history.summary(since, until)["outcomes"]

    assert outcomes == from_facts(history, connection).summary(BOSS, since, until)["outcomes"]
    assert epoch(day) // DAY_SECONDS * DAY_SECONDS in _days_marked(connection)  # summed again
    assert _answers(history.service, since, until) == _answers(from_facts(history, connection), since, until)


def test_another_service_level_target_sums_the_days_again(history: History, connection: Connection) -> None:
    since, until = PERIODS[0]
    history.summary(since, until)
    lenient = MetricsService(history.uow, lambda: history.now, history.service._read, sla_seconds=3600, teams=TEAMS)

    found = _answers(lenient, since, until)

    assert found == _answers(from_facts(history, connection, sla_seconds=3600), since, until)
    assert _answers(history.service, since, until) == _answers(from_facts(history, connection), since, until)


def test_a_day_row_sums_the_conversations_of_its_day(history: History, connection: Connection) -> None:
    history.summary(*PERIODS[0])
    rows = connection.execute(select(metric_days.c.day_s, metric_days.c.conversations)).all()
    marked = _days_marked(connection)
    points = from_facts(history, connection).series(BOSS, *PERIODS[0], "day")["points"]

    per_day: dict[int, int] = {}
    for day, n in rows:
        per_day[int(day)] = per_day.get(int(day), 0) + int(n)
    expected = {epoch(datetime.fromisoformat(p["start"])): p["conversations"] for p in points}
    assert per_day and set(per_day) <= marked
    assert per_day == {day: n for day, n in expected.items() if day in marked and n}


def test_an_hour_not_settled_is_summed_but_for_its_late_conversations(history: History, connection: Connection) -> None:
    hour = epoch(BACK_LATELY) - epoch(BACK_LATELY) % 3600
    early = history.chat(BACK_LATELY + timedelta(minutes=5), team="telecom")  # quiet since: settled
    history.asked(early, BACK_LATELY + timedelta(minutes=5))
    since, until = PERIODS[0]

    first = _answers(history.service, since, until)
    hours = _answers(history.service, "2025-02-25", "2025-03-05")  # 8 days: hourly rows at the ends too
    marks = connection.execute(select(metric_hours_done).where(metric_hours_done.c.hour_s == hour)).mappings().all()
    late = connection.execute(select(metric_hour_late.c.conversation_id).where(metric_hour_late.c.hour_s == hour))
    summed = connection.execute(select(metric_hours.c.conversations).where(metric_hours.c.hour_s == hour)).scalars()

    facts = from_facts(history, connection)
    assert first == _answers(facts, since, until) and hours == _answers(facts, "2025-02-25", "2025-03-05")
    assert [m["open_until_s"] is not None for m in marks] == [True]  # not settled: the customer wrote 2 days ago
    assert len(list(late)) == 1 and sum(summed) >= 1  # that conversation listed, the early ones summed
