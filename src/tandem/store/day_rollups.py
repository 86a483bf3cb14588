"""Daily rollups of settled days, so that a long period reads a row a day rather than twenty-four (docs/metrics.md).

Once every hour of a UTC day is summed into the hourly rollups, settled, with one service-level target
(`store.rollups`), the day's hourly rows are summed once more into `metric_days` and `metric_day_escalations`, and
the day is marked in `metric_days_done`. Removing the mark of one of its hours (`rollups.unmark`, or the hours
summed again for another target) removes the day's mark too, and a later read sums the day again. The summary,
the daily series and its CSV read whole marked days from here and hours only at the ragged ends; the hourly
series reads the hours alone."""

from collections import Counter
from collections.abc import Iterator
from typing import Any

from sqlalchemy import BigInteger, Connection, and_, delete, func, insert, literal_column, not_, or_, select

from tandem.metrics.definitions import DAY_SECONDS, HOUR_SECONDS
from tandem.metrics.period import floor
from tandem.metrics.ports import Bucketing, Window
from tandem.store.metric_columns import bucket_of
from tandem.store.tables import (
    ROLLUP_COUNTS,
    metric_day_escalations,
    metric_days,
    metric_days_done,
    metric_hour_escalations,
    metric_hours,
    metric_hours_done,
)

HOURS_A_DAY = DAY_SECONDS // HOUR_SECONDS


def stretches(starts: list[int], width: int) -> Iterator[Window]:
    """Sorted bucket starts (hours or days) as contiguous [start, end) stretches."""
    start = end = None
    for at in starts:
        if end is not None and at != end:
            assert start is not None
            yield start, end
            start = None
        start = at if start is None else start
        end = at + width
    if start is not None and end is not None:
        yield start, end


def within(column: Any, parts: list[Window]) -> Any:
    """`column` in any of the [start, end) stretches."""
    return or_(*(and_(column >= start, column < end) for start, end in parts))


def outside(column: Any, parts: list[Window]) -> Any:
    """`column` in none of the stretches (always true without any)."""
    return not_(within(column, parts)) if parts else literal_column("1") == literal_column("1")


def whole_days(span: Window) -> Window | None:
    """The whole UTC days inside `span`, if any."""
    low, high = -floor(-span[0], DAY_SECONDS), floor(span[1], DAY_SECONDS)
    return (low, high) if high > low else None


def day_compatible(bucketing: Bucketing) -> bool:
    """Day rows fit these buckets: no buckets, or whole UTC days."""
    return bucketing is None or (bucketing[0] % DAY_SECONDS == 0 and bucketing[1] % DAY_SECONDS == 0)


def marked_days(connection: Connection, span: Window, sla_seconds: int) -> list[Window]:
    """The days of `span` summed with this target, as stretches."""
    days = whole_days(span)
    return [] if days is None else list(stretches(sorted(marked_starts(connection, days, sla_seconds)), DAY_SECONDS))


def settle_days(connection: Connection, span: Window, sla_seconds: int) -> None:
    """In the hours' summing transaction: sum the whole days of `span` not summed yet whose every hour is summed
    and settled with this target. On PostgreSQL the hours' marks are read FOR SHARE, so that a write removing one
    (`rollups.unmark`, hours' marks first, then the days') either waits for this transaction and then removes the
    new day mark as well, or makes this one wait and give up at its lock timeout, or has already removed it."""
    days = whole_days(span)
    if days is None:
        return
    done = set(marked_starts(connection, days, sla_seconds))
    candidates = list(stretches([d for d in range(days[0], days[1], DAY_SECONDS) if d not in done], DAY_SECONDS))
    if not candidates:
        return
    hours = metric_hours_done.c
    query = select(hours.hour_s).where(
        within(hours.hour_s, candidates), hours.sla_seconds == sla_seconds, hours.open_until_s.is_(None)
    )
    if connection.dialect.name == "postgresql":
        query = query.with_for_update(read=True)
    summed = Counter(floor(int(h), DAY_SECONDS) for h in connection.execute(query).scalars())
    complete = sorted(day for day, n in summed.items() if n == HOURS_A_DAY)
    for run in stretches(complete, DAY_SECONDS):
        _sum_days(connection, run, sla_seconds)


def marked_starts(connection: Connection, days: Window, sla_seconds: int) -> list[int]:
    marks = metric_days_done.c
    query = select(marks.day_s).where(marks.day_s >= days[0], marks.day_s < days[1], marks.sla_seconds == sla_seconds)
    return [int(d) for d in connection.execute(query).scalars()]


def _sum_days(connection: Connection, run: Window, sla_seconds: int) -> None:
    """The hourly rows of the days of `run` summed per day (and team, and reason), and the days marked."""
    for table in (metric_days, metric_day_escalations, metric_days_done):
        connection.execute(delete(table).where(table.c.day_s >= run[0], table.c.day_s < run[1]))
    hours, reasons = metric_hours.c, metric_hour_escalations.c
    day = _day_of(hours.hour_s)
    counts = select(day, hours.team, *(func.sum(hours[k]) for k in ROLLUP_COUNTS))
    counts = counts.where(hours.hour_s >= run[0], hours.hour_s < run[1]).group_by(day, hours.team)
    connection.execute(insert(metric_days).from_select(["day_s", "team", *ROLLUP_COUNTS], counts))
    day = _day_of(reasons.hour_s)
    given = select(day, reasons.team, reasons.reason, func.sum(reasons.n))
    given = given.where(reasons.hour_s >= run[0], reasons.hour_s < run[1]).group_by(day, reasons.team, reasons.reason)
    connection.execute(insert(metric_day_escalations).from_select(["day_s", "team", "reason", "n"], given))
    marks = [{"day_s": d, "sla_seconds": sla_seconds} for d in range(run[0], run[1], DAY_SECONDS)]
    connection.execute(insert(metric_days_done), marks)


def _day_of(hour: Any) -> Any:
    width = literal_column(str(DAY_SECONDS), BigInteger)
    return (hour - hour % width).label("day_s")


def day_counts(
    connection: Connection, days: list[Window], sla_seconds: int, team: str | None, bucketing: Bucketing
) -> list[Any]:
    """The marked days' counters summed per bucket (rows with `b` and every ROLLUP_COUNTS name)."""
    table = metric_days
    return sum_counters(connection, table, table.c.day_s, _marked(table, days, sla_seconds), team, bucketing)


def day_reasons(
    connection: Connection, days: list[Window], sla_seconds: int, team: str | None, bucketing: Bucketing
) -> list[tuple[int, str, int]]:
    """The marked days' escalations per bucket and reason."""
    table = metric_day_escalations
    return sum_reasons(connection, table, table.c.day_s, _marked(table, days, sla_seconds), team, bucketing)


def sum_counters(
    connection: Connection, table: Any, start: Any, where: Any, team: str | None, bucketing: Bucketing
) -> list[Any]:
    """A rollup table's counters (hourly or daily, by its `start` column) summed over the rows `where` selects,
    per bucket: rows with `b` and every ROLLUP_COUNTS name."""
    bucket = bucket_of(start, bucketing)
    query = select(bucket, *(func.sum(table.c[k]).label(k) for k in ROLLUP_COUNTS)).where(where)
    if team is not None:
        query = query.where(table.c.team == team)
    if bucketing is not None:
        query = query.group_by(bucket)
    return list(connection.execute(query).mappings())


def sum_reasons(
    connection: Connection, table: Any, start: Any, where: Any, team: str | None, bucketing: Bucketing
) -> list[tuple[int, str, int]]:
    """A rollup table's escalations (hourly or daily) summed over the rows `where` selects, per bucket and reason."""
    bucket = bucket_of(start, bucketing)
    query = select(bucket, table.c.reason, func.sum(table.c.n)).where(where)
    if team is not None:
        query = query.where(table.c.team == team)
    keys = [table.c.reason] if bucketing is None else [bucket, table.c.reason]
    return [(int(b), str(r), int(n)) for b, r, n in connection.execute(query.group_by(*keys))]


def _marked(table: Any, days: list[Window], sla_seconds: int) -> Any:
    marks = metric_days_done.c
    done = select(marks.day_s).where(within(marks.day_s, days), marks.sla_seconds == sla_seconds)
    return and_(within(table.c.day_s, days), table.c.day_s.in_(done))
