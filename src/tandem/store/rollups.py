"""Hourly rollups of settled hours, so that a long period is not a scan of all its conversations (docs/metrics.md).

A clock hour is *settled* when time alone can no longer change what its conversations count as: it ended more
than COME_BACK + QUIET + an hour ago, and none of its conversations' customers wrote in the last COME_BACK +
QUIET. A read first sums the hours of its period not summed yet (`metric_hours`, `metric_hour_escalations`, each
hour marked in `metric_hours_done`; an hour not settled is marked `open_until_s`, when it will be, and read from
the facts until then), then reads the settled hours' sums; the rest of the period (its edges, recent hours,
hours not settled) is counted from the facts. A write to a conversation's facts removes the marks of its hours
(`unmark`): the next read sums them again."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from tandem.metrics.definitions import COME_BACK_SECONDS, DAY_SECONDS, HOUR_SECONDS, QUIET_SECONDS
from tandem.metrics.period import floor
from tandem.metrics.ports import Bucketing, Window
from tandem.store import day_rollups
from tandem.store.metric_columns import bucket_of
from tandem.store.tables import (
    ROLLUP_COUNTS,
    metric_days_done,
    metric_hour_escalations,
    metric_hours,
    metric_hours_done,
)
from tandem.store.tables import ConversationFactRow as F

SETTLED_AFTER = COME_BACK_SECONDS + QUIET_SECONDS + HOUR_SECONDS
LOCK_TIMEOUT_MS = 100  # how long the summing may wait for a row lock on PostgreSQL (see `settle`)
MIN_HOURS = 24  # a shorter stretch of settled hours is read from the facts: as cheap as the rollup

HourCounts = dict[tuple[int, str], dict[str, int]]  # (hour, team) -> counters, and "last_s"
HourReasons = list[tuple[int, str, str, int]]  # (hour, team, reason, n)
CountHours = Callable[[Connection, Window], tuple[HourCounts, HourReasons]]


def settled_span(window: Window, now_s: int) -> Window | None:
    """The whole clock hours of `window` old enough to be settled, if there are at least MIN_HOURS of them."""
    low = -floor(-window[0], HOUR_SECONDS)
    high = min(floor(window[1], HOUR_SECONDS), floor(now_s - SETTLED_AFTER, HOUR_SECONDS))
    return (low, high) if high - low >= MIN_HOURS * HOUR_SECONDS else None


def runs(hours: list[int]) -> Iterator[Window]:
    """Sorted hour starts as contiguous [start, end) stretches."""
    return day_rollups.stretches(hours, HOUR_SECONDS)


def unmark(connection: Any, *where: Any) -> None:
    """Forget the sums of the hours of the conversations matching `where` (the hour each was created in, and
    the one it was first queued in), and of their days: call it after changing their facts. The hours' marks go
    first, then the days' (`day_rollups.settle_days` relies on that order)."""
    for width, marks, column in ((HOUR_SECONDS, metric_hours_done, "hour_s"), (DAY_SECONDS, metric_days_done, "day_s")):
        created = select(F.created_s - F.created_s % width).where(*where)
        queued = select(F.queued_s - F.queued_s % width).where(F.queued_s.is_not(None), *where)
        start = marks.c[column]
        connection.execute(delete(marks).where(or_(start.in_(created), start.in_(queued))))


def _done(span: Window, sla_seconds: int, now_s: int | None = None) -> Any:
    """The hours of `span` summed with this target (settled); with `now_s`, and those known not to be settled
    before a later time."""
    marks = metric_hours_done.c
    settled = (
        marks.open_until_s.is_(None) if now_s is None else or_(marks.open_until_s.is_(None), marks.open_until_s > now_s)
    )
    return select(marks.hour_s).where(
        marks.hour_s >= span[0], marks.hour_s < span[1], marks.sla_seconds == sla_seconds, settled
    )


def marked(connection: Connection, span: Window, sla_seconds: int) -> list[int]:
    """The settled hours of `span` summed with this service-level target, in order."""
    return list(connection.execute(_done(span, sla_seconds).order_by(metric_hours_done.c.hour_s)).scalars())


def settle(
    writing: Callable[[], AbstractContextManager[Connection]],
    span: Window,
    now_s: int,
    sla_seconds: int,
    count: CountHours,
) -> None:
    """Sum the hours of `span` not summed yet and mark them (settled, or open until when they will be). A worker
    that loses a race with another summing the same hours, or a lock, leaves them to it: they are then read from
    the facts this time; on PostgreSQL it waits at most LOCK_TIMEOUT_MS for a lock."""
    limit = now_s - COME_BACK_SECONDS - QUIET_SECONDS
    try:
        with writing() as connection:
            if connection.dialect.name == "postgresql":
                # Never make a customer's write wait on the rollups, nor be the one a deadlock cancels: a write
                # clearing an hour's mark (`unmark`) holds its lock for milliseconds, so a summing that waits
                # longer than this gives up (the hours are then read from the facts) well before PostgreSQL's
                # deadlock check (1 s) could pick the customer's transaction.
                connection.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_MS}ms'"))
            done = set(connection.execute(_done(span, sla_seconds, now_s)).scalars())
            missing = [h for h in range(span[0], span[1], HOUR_SECONDS) if h not in done]
            for run in runs(missing):
                counts, reasons = count(connection, run)
                unsettled: dict[int, int] = {}
                for (hour, _), row in counts.items():
                    if row.get("last_s", 0) > limit:  # settled once that customer message is old enough
                        unsettled[hour] = max(unsettled.get(hour, 0), row["last_s"] + COME_BACK_SECONDS + QUIET_SECONDS)
                _write(connection, run, (counts, reasons), unsettled, sla_seconds)
            day_rollups.settle_days(connection, span, sla_seconds)
    except (IntegrityError, OperationalError):
        return


def _write(
    connection: Connection, run: Window, found: tuple[HourCounts, HourReasons], unsettled: dict[int, int], sla: int
) -> None:
    counts, reasons = found
    for table in (metric_hours, metric_hour_escalations, metric_hours_done):
        connection.execute(delete(table).where(table.c.hour_s >= run[0], table.c.hour_s < run[1]))
    day = metric_days_done.c.day_s  # the days holding these hours are summed again once all their hours are
    connection.execute(delete(metric_days_done).where(day >= floor(run[0], DAY_SECONDS), day < run[1]))
    rows = [
        {"hour_s": hour, "team": team, **{k: int(row.get(k, 0)) for k in ROLLUP_COUNTS}}
        for (hour, team), row in counts.items()
        if hour not in unsettled
    ]
    given = [{"hour_s": h, "team": t, "reason": r, "n": n} for h, t, r, n in reasons if h not in unsettled]
    if rows:
        connection.execute(insert(metric_hours), rows)
    if given:
        connection.execute(insert(metric_hour_escalations), given)
    done = [
        {"hour_s": h, "sla_seconds": sla, "open_until_s": unsettled.get(h)} for h in range(run[0], run[1], HOUR_SECONDS)
    ]
    if done:
        connection.execute(insert(metric_hours_done), done)


def summed_counts(
    connection: Connection, span: Window, sla_seconds: int, team: str | None, bucketing: Bucketing, days: list[Window]
) -> list[Any]:
    """The marked hours' counters summed per bucket (rows with `b` and every ROLLUP_COUNTS name), but those of
    `days` (read from the daily rollups)."""
    done = _done(span, sla_seconds)
    bucket = bucket_of(metric_hours.c.hour_s, bucketing)
    query = select(bucket, *(func.sum(metric_hours.c[k]).label(k) for k in ROLLUP_COUNTS))
    query = query.where(metric_hours.c.hour_s.in_(done), day_rollups.outside(metric_hours.c.hour_s, days))
    if team is not None:
        query = query.where(metric_hours.c.team == team)
    if bucketing is not None:
        query = query.group_by(bucket)
    return list(connection.execute(query).mappings())


def summed_reasons(
    connection: Connection, span: Window, sla_seconds: int, team: str | None, bucketing: Bucketing, days: list[Window]
) -> list[tuple[int, str, int]]:
    """The marked hours' escalations per bucket and reason, but those of `days`."""
    table = metric_hour_escalations
    done = _done(span, sla_seconds)
    bucket = bucket_of(table.c.hour_s, bucketing)
    query = select(bucket, table.c.reason, func.sum(table.c.n))
    query = query.where(table.c.hour_s.in_(done), day_rollups.outside(table.c.hour_s, days))
    if team is not None:
        query = query.where(table.c.team == team)
    keys = [table.c.reason] if bucketing is None else [bucket, table.c.reason]
    return [(int(b), str(r), int(n)) for b, r, n in connection.execute(query.group_by(*keys))]
