"""Summing the rollups never makes a customer's write wait: on a lock it gives up at once (PostgreSQL).

A write to a conversation's facts clears the marks of its hours (`rollups.unmark`) in the customer's own
transaction; a supervisor's long-period read sums hours and writes their marks. Were the summing to wait on the
customer's locks, the two could deadlock and PostgreSQL might cancel the customer's transaction instead."""

import time

import pytest
from sqlalchemy import func, insert, select

from tandem.metrics.definitions import HOUR_SECONDS
from tandem.store import make_engine
from tandem.store.rollups import LOCK_TIMEOUT_MS, settle
from tandem.store.tables import metric_hours_done

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
            settle(engine.begin, (HOUR, HOUR + 30 * HOUR_SECONDS), HOUR + 400 * 86400, 120, lambda _c, _w: ({}, []))
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
        settle(engine.begin, (HOUR, HOUR + 30 * HOUR_SECONDS), HOUR + 400 * 86400, 120, lambda _c, _w: ({}, []))
        with engine.connect() as reader:
            marks = reader.execute(select(func.count()).select_from(metric_hours_done)).scalar_one()
    finally:
        engine.dispose()
    assert marks == 30
