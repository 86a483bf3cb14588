"""Summing the rollups (hours, then days) never makes a customer's write wait: on a lock it gives up at once
(PostgreSQL).

A write to a conversation's facts clears the marks of its hours (`rollups.unmark`) in the customer's own
transaction; a supervisor's long-period read sums hours and writes their marks. Were the summing to wait on the
customer's locks, the two could deadlock and PostgreSQL might cancel the customer's transaction instead."""

import time

import pytest
from sqlalchemy import Engine, delete, func, insert, select

from tandem.metrics.definitions import DAY_SECONDS, HOUR_SECONDS
from tandem.store import make_engine
from tandem.store.rollups import LOCK_TIMEOUT_MS, HourSums, settle
from tandem.store.tables import metric_days_done, metric_hours_done

HOUR = 1_700_000_000 - 1_700_000_000 % HOUR_SECONDS  # a clock hour long settled


@pytest.mark.postgres
@pytest.mark.parametrize("fresh_database_url", ["postgresql"], indirect=True)
def test_a_summing_that_meets_a_writers_lock_gives_up_instead_of_waiting(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as writer:
            writer.begin()
            # Another transaction holds the mark of one hour of the span, not committed yet.
            writer.execute(insert(metric_hours_done).values(hour_s=HOUR + 5 * HOUR_SECONDS, sla_seconds=120))
            started = time.monotonic()
            settle(engine.begin, (HOUR, HOUR + 30 * HOUR_SECONDS), HOUR + 400 * 86400, 120, lambda _c, _w: HourSums())
            waited = time.monotonic() - started
            writer.rollback()
        with engine.connect() as reader:
            marks = reader.execute(select(func.count()).select_from(metric_hours_done)).scalar_one()
    finally:
        engine.dispose()
    assert waited < 10 * LOCK_TIMEOUT_MS / 1000  # gave up after its lock timeout, not after the writer's commit
    assert marks == 0  # and wrote nothing: those hours are read from the facts this time


@pytest.mark.parametrize("fresh_database_url", ["sqlite", "postgresql"], indirect=True)
def test_with_nobody_in_the_way_the_span_is_summed_and_marked(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        settle(engine.begin, (HOUR, HOUR + 30 * HOUR_SECONDS), HOUR + 400 * 86400, 120, lambda _c, _w: HourSums())
        with engine.connect() as reader:
            marks = reader.execute(select(func.count()).select_from(metric_hours_done)).scalar_one()
    finally:
        engine.dispose()
    assert marks == 30


DAY = HOUR - HOUR % DAY_SECONDS + DAY_SECONDS  # a UTC day long settled
TWO_DAYS = (DAY, DAY + 2 * DAY_SECONDS)


def _mark_hours(engine: Engine, open_hour: int | None = None) -> None:
    """Every hour of TWO_DAYS summed and settled, but `open_hour`, marked as not settled before later."""
    marks = [
        {"hour_s": h, "sla_seconds": 120, "open_until_s": HOUR + 500 * 86400 if h == open_hour else None}
        for h in range(*TWO_DAYS, HOUR_SECONDS)
    ]
    with engine.begin() as connection:
        connection.execute(insert(metric_hours_done), marks)


def _days_marked(engine: Engine) -> int:
    with engine.connect() as reader:
        return int(reader.execute(select(func.count()).select_from(metric_days_done)).scalar_one())


@pytest.mark.postgres
@pytest.mark.parametrize("fresh_database_url", ["postgresql"], indirect=True)
def test_a_day_summing_that_meets_a_writer_removing_an_hour_mark_gives_up(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        _mark_hours(engine)
        with engine.connect() as writer:
            writer.begin()
            # A customer's write to a conversation of the first day removes its hour's mark (`unmark`), not committed.
            writer.execute(delete(metric_hours_done).where(metric_hours_done.c.hour_s == DAY + 5 * HOUR_SECONDS))
            started = time.monotonic()
            settle(engine.begin, TWO_DAYS, HOUR + 400 * 86400, 120, lambda _c, _w: HourSums())
            waited = time.monotonic() - started
            writer.rollback()
        days = _days_marked(engine)
    finally:
        engine.dispose()
    assert waited < 10 * LOCK_TIMEOUT_MS / 1000
    assert days == 0  # neither day summed this time: the whole summing gave up


@pytest.mark.parametrize("fresh_database_url", ["sqlite", "postgresql"], indirect=True)
def test_only_days_whose_every_hour_is_settled_are_summed(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        _mark_hours(engine, open_hour=DAY + DAY_SECONDS + 7 * HOUR_SECONDS)
        settle(engine.begin, TWO_DAYS, HOUR + 400 * 86400, 120, lambda _c, _w: HourSums())
        days = _days_marked(engine)
        with engine.begin() as connection:  # what a write to a conversation of the first day does
            connection.execute(delete(metric_hours_done).where(metric_hours_done.c.hour_s == DAY + HOUR_SECONDS))
            connection.execute(delete(metric_days_done).where(metric_days_done.c.day_s == DAY))
        settle(engine.begin, TWO_DAYS, HOUR + 400 * 86400, 120, lambda _c, _w: HourSums())
        again = _days_marked(engine)
    finally:
        engine.dispose()
    assert (days, again) == (1, 1)  # the second day has an hour not settled; the first is summed again
