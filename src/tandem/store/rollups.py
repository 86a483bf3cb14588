"""Hourly rollups of settled hours, so that a long period is not a scan of all its conversations (docs/metrics.md).

A clock hour is *settled* when time alone can no longer change what its conversations count as: it ended more
than COME_BACK + QUIET + an hour ago, and none of its conversations' customers wrote in the last COME_BACK +
QUIET. A read first sums the hours of its period not summed yet (`metric_hours`, `metric_hour_escalations`, each
hour marked in `metric_hours_done`), then reads their sums; the rest of the period (its edges, recent hours) is
counted from the facts. An hour old enough but not settled is marked `open_until_s`, when it will be, and summed
again then; meanwhile its counters hold its *early* conversations (the customer's last message at most QUIET after
the hour ended: those are settled), its *late* ones are listed in `metric_hour_late` and read from the facts, and
its escalations are read from the facts. A write to a conversation's facts removes the marks of its hours
(`unmark`): the next read sums them again."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, not_, or_, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from tandem.metrics.definitions import COME_BACK_SECONDS, DAY_SECONDS, HOUR_SECONDS, QUIET_SECONDS
from tandem.metrics.period import floor
from tandem.metrics.ports import Bucketing, Window
from tandem.store import day_rollups
from tandem.store.metric_columns import bucket_of, outcome_columns, queue_columns
from tandem.store.tables import (
    ROLLUP_COUNTS,
    metric_days_done,
    metric_hour_escalations,
    metric_hour_late,
    metric_hours,
    metric_hours_done,
)
from tandem.store.tables import ConversationFactRow as F
from tandem.store.tables import EscalationFactRow as E

SETTLED_AFTER = COME_BACK_SECONDS + QUIET_SECONDS + HOUR_SECONDS
LOCK_TIMEOUT_MS = 100  # how long the summing may wait for a row lock on PostgreSQL (see `settle`)
MIN_HOURS = 24  # a shorter stretch of settled hours is read from the facts: as cheap as the rollup

HourCounts = dict[tuple[int, str], dict[str, int]]  # (hour, team) -> counters
HourReasons = list[tuple[int, str, str, int]]  # (hour, team, reason, n)


@dataclass(frozen=True, slots=True)
class HourSums:
    """A stretch of hours counted for the rollups: the counters of every conversation of a settled hour, and of the
    early ones of an hour not settled (`open_until`: when it will be), whose `late` conversations (hour, id) are
    read from the facts; the escalations of the settled hours only."""

    counts: HourCounts = field(default_factory=dict)
    reasons: HourReasons = field(default_factory=list)
    open_until: dict[int, int] = field(default_factory=dict)
    late: list[tuple[int, str]] = field(default_factory=list)


CountHours = Callable[[Connection, Window], HourSums]


def settled_limit(now_s: int) -> int:
    """A conversation whose customer wrote last at or before this is settled: time alone cannot change it."""
    return now_s - COME_BACK_SECONDS - QUIET_SECONDS


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


def _late(column: Any) -> Any:
    """The conversation's customer wrote more than QUIET after the end of `column`'s hour."""
    end = column - column % HOUR_SECONDS + (HOUR_SECONDS + QUIET_SECONDS)
    return and_(F.last_customer_s.is_not(None), F.last_customer_s > end)


def count_hours(connection: Connection, run: Window, now_s: int, sla_seconds: int) -> HourSums:
    """The facts of `run` counted per (hour, team) for the rollups (`HourSums`): the hours not settled,
    those whose latest customer message is after the settled limit, count their early conversations only."""
    limit, bucketing = settled_limit(now_s), (run[0], HOUR_SECONDS)
    open_until: dict[int, int] = {}
    for column in (F.created_s, F.queued_s):
        bucket = bucket_of(column, bucketing)
        latest = select(bucket, func.max(F.last_customer_s)).where(column >= run[0], column < run[1]).group_by(bucket)
        for b, last in connection.execute(latest):
            if last is not None and int(last) > limit:  # settled once that customer message is old enough
                hour = run[0] + int(b) * HOUR_SECONDS
                open_until[hour] = max(open_until.get(hour, 0), int(last) + COME_BACK_SECONDS + QUIET_SECONDS)
    opened = list(runs(sorted(open_until)))
    found = HourSums(open_until=open_until)
    for column, columns in ((F.created_s, outcome_columns(now_s)), (F.queued_s, queue_columns(now_s, sla_seconds))):
        bucket = bucket_of(column, bucketing)
        query = select(bucket, F.team, *columns).where(column >= run[0], column < run[1])
        if opened:  # their late conversations are listed instead
            query = query.where(not_(and_(day_rollups.within(column, opened), _late(column))))
        for r in connection.execute(query.group_by(bucket, F.team)).mappings():
            row = found.counts.setdefault((run[0] + int(r["b"]) * HOUR_SECONDS, str(r["team"])), {})
            row.update({k: int(v or 0) for k, v in r.items() if k not in ("b", "team")})
        if opened:
            late = select(column - column % HOUR_SECONDS, F.conversation_id).where(
                day_rollups.within(column, opened), _late(column)
            )
            found.late.extend((int(h or 0), str(c)) for h, c in connection.execute(late))
    bucket = bucket_of(E.created_s, bucketing)
    query = (
        select(bucket, F.team, E.reason, func.count())
        .join(F, F.conversation_id == E.conversation_id)
        .where(E.created_s >= run[0], E.created_s < run[1])
        .group_by(bucket, F.team, E.reason)
    )
    found.reasons.extend(
        (run[0] + int(b) * HOUR_SECONDS, str(t), str(r), int(n)) for b, t, r, n in connection.execute(query)
    )
    return found


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
                _write(connection, run, count(connection, run), sla_seconds)
            day_rollups.settle_days(connection, span, sla_seconds)
    except (IntegrityError, OperationalError):
        return


def _write(connection: Connection, run: Window, found: HourSums, sla: int) -> None:
    for table in (metric_hours, metric_hour_escalations, metric_hours_done, metric_hour_late):
        connection.execute(delete(table).where(table.c.hour_s >= run[0], table.c.hour_s < run[1]))
    day = metric_days_done.c.day_s  # the days holding these hours are summed again once all their hours are
    connection.execute(delete(metric_days_done).where(day >= floor(run[0], DAY_SECONDS), day < run[1]))
    rows = [
        {"hour_s": hour, "team": team, **{k: int(row.get(k, 0)) for k in ROLLUP_COUNTS}}
        for (hour, team), row in found.counts.items()
    ]
    unsettled = found.open_until
    given = [{"hour_s": h, "team": t, "reason": r, "n": n} for h, t, r, n in found.reasons if h not in unsettled]
    late = [{"hour_s": h, "conversation_id": c} for h, c in dict.fromkeys(found.late) if h in unsettled]
    for table, values in ((metric_hours, rows), (metric_hour_escalations, given), (metric_hour_late, late)):
        if values:
            connection.execute(insert(table), values)
    done = [
        {"hour_s": h, "sla_seconds": sla, "open_until_s": unsettled.get(h)} for h in range(run[0], run[1], HOUR_SECONDS)
    ]
    if done:
        connection.execute(insert(metric_hours_done), done)


def summed_open(connection: Connection, span: Window, sla_seconds: int) -> tuple[list[int], list[int]]:
    """The hours of `span` summed with this target, in order: the settled ones, and those summed but for their late
    conversations (whatever `open_until_s` says: their early conversations cannot change with time)."""
    marks = metric_hours_done.c
    query = select(marks.hour_s, marks.open_until_s).where(
        marks.hour_s >= span[0], marks.hour_s < span[1], marks.sla_seconds == sla_seconds
    )
    settled: list[int] = []
    opened: list[int] = []
    for hour, until in connection.execute(query.order_by(marks.hour_s)):
        (settled if until is None else opened).append(int(hour))
    return settled, opened


def summed_counts(
    connection: Connection, span: Window, sla_seconds: int, team: str | None, bucketing: Bucketing, days: list[Window]
) -> list[Any]:
    """The summed hours' counters (settled or not) per bucket (rows with `b` and every ROLLUP_COUNTS name), but
    those of `days` (read from the daily rollups)."""
    marks = metric_hours_done.c
    done = select(marks.hour_s).where(marks.hour_s >= span[0], marks.hour_s < span[1], marks.sla_seconds == sla_seconds)
    start = metric_hours.c.hour_s
    where = and_(start.in_(done), day_rollups.outside(start, days))
    return day_rollups.sum_counters(connection, metric_hours, start, where, team, bucketing)


def summed_reasons(
    connection: Connection, span: Window, sla_seconds: int, team: str | None, bucketing: Bucketing, days: list[Window]
) -> list[tuple[int, str, int]]:
    """The marked hours' escalations per bucket and reason, but those of `days`."""
    start = metric_hour_escalations.c.hour_s
    where = and_(start.in_(_done(span, sla_seconds)), day_rollups.outside(start, days))
    return day_rollups.sum_reasons(connection, metric_hour_escalations, start, where, team, bucketing)
