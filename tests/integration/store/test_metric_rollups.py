"""The hourly rollups of settled hours (store/rollups.py) give the figures the facts give, follow later changes
to old conversations and a new service-level target, and leave out hours that time can still change."""

from datetime import timedelta

import pytest
from sqlalchemy import Connection, func, select

from tandem.metrics.summary import MetricsService
from tandem.store.tables import metric_hours_done

from .metrics_history import BOSS, TEAMS, History, ago, from_facts

PERIOD = {"since": "2025-02-01", "until": "2025-03-21"}


@pytest.fixture
def history(connection: Connection) -> History:
    history = History(connection)
    for days in (30, 25, 20, 12):
        answered, handed, left = (history.chat(ago(days=days), f"c{days}@example.com") for _ in range(3))
        history.asked(answered, ago(days=days))
        history.asked(handed, ago(days=days), answered=False)
        history.record(lambda tx, c=handed, d=days: tx.facts.handed(c, ago(days=d), ["frustration", "abuse"]))
        history.record(lambda tx, c=handed, d=days: tx.facts.answered(c, ago(days=d) + timedelta(minutes=d)))
        history.asked(left, ago(days=days), intent=None, answered=False, open_question=True)
    return history


def _marks(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(metric_hours_done)).scalar_one())


def test_settled_hours_are_summed_once_and_give_the_figures_of_the_facts(
    history: History, connection: Connection
) -> None:
    first = history.summary(**PERIOD)["outcomes"]
    marks = _marks(connection)
    again = history.summary(**PERIOD)["outcomes"]
    days = history.service.series(BOSS, PERIOD["since"], PERIOD["until"], "day")["points"]

    assert marks > 24 * 30  # the settled hours of the period were summed
    assert first == again == from_facts(history, connection).summary(BOSS, **PERIOD)["outcomes"]
    assert days == from_facts(history, connection).series(BOSS, PERIOD["since"], PERIOD["until"], "day")["points"]
    assert first["escalations_by_reason"] == {"abuse": 4, "frustration": 4}


def test_a_later_change_to_an_old_conversation_is_counted(history: History, connection: Connection) -> None:
    history.summary(**PERIOD)
    old = history.chat(ago(days=28))
    history.asked(old, ago(days=28))
    history.record(lambda tx: tx.facts.rated(old, 1))

    outcomes = history.summary(**PERIOD)["outcomes"]

    assert outcomes == from_facts(history, connection).summary(BOSS, **PERIOD)["outcomes"]
    assert outcomes["csat"]["ai"] == {"average": 1.0, "count": 1}


def test_another_service_level_target_sums_the_queue_again(history: History, connection: Connection) -> None:
    strict = history.summary(**PERIOD)["outcomes"]["service_level"]
    lenient = MetricsService(history.uow, lambda: history.now, history.service._read, sla_seconds=3600, teams=TEAMS)

    level = lenient.summary(BOSS, **PERIOD)["outcomes"]["service_level"]

    assert (strict["within_target"], level["within_target"]) == (0, 4)  # waits of 12 to 30 minutes


def test_an_hour_a_customer_wrote_in_lately_is_read_from_the_facts(history: History, connection: Connection) -> None:
    old = history.chat(ago(days=20))
    history.asked(old, ago(days=2))  # back in an old conversation: it is pending again

    first = history.summary(**PERIOD)["outcomes"]["ai_resolution"]
    history.now += timedelta(days=4)  # still pending: its hour was not summed as it stood
    later = history.summary(**PERIOD)["outcomes"]["ai_resolution"]
    history.now += timedelta(days=2)  # a week after the customer's message: resolved (assumed)
    settled = history.summary(**PERIOD)["outcomes"]

    assert (first["pending"], later["pending"], settled["ai_resolution"]["pending"]) == (1, 1, 0)
    assert settled == from_facts(history, connection).summary(BOSS, **PERIOD)["outcomes"]
