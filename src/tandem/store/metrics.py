"""The metrics' reads: sums over the period's fact rows, grouped by bucket, in SQL (docs/metrics.md).

Each query filters on an indexed epoch-seconds column (`created_s`, `queued_s`, `hour_s`) for the window, so
it reads the period's rows only, whatever the history. Buckets are `(t - start) // width` in integers: the
same arithmetic on SQLite and PostgreSQL."""

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    func,
    not_,
    or_,
    select,
    text,
)

from tandem.metrics.definitions import HOUR_SECONDS
from tandem.metrics.period import floor
from tandem.metrics.ports import (
    AgentHour,
    Bucketing,
    ConversationCounts,
    HourRead,
    HourTotals,
    QueueCounts,
    Window,
)
from tandem.store import day_rollups, rollups
from tandem.store.database import READ_ONLY
from tandem.store.metric_columns import bucket_of, grouped, hour_columns, outcome_columns, queue_columns
from tandem.store.tables import AgentHourRow as H
from tandem.store.tables import ConversationFactRow as F
from tandem.store.tables import EscalationFactRow as E
from tandem.store.tables import metric_hour_late

Writing = Callable[[], AbstractContextManager[Connection]]
_CONVERSATION_COUNTS = [f.name for f in fields(ConversationCounts)]
_QUEUE_COUNTS = [f.name for f in fields(QueueCounts)]


_within = day_rollups.within


@dataclass(frozen=True, slots=True)
class Plan:
    """How a window is read: `span` from the rollups (None: nothing), summed with target `sla`; `raw`, the
    stretches read from the facts; `days`, the whole days of `span` read from the daily rollups."""

    window: Window
    span: Window | None
    sla: int
    raw: list[Window]
    days: list[Window]
    early: list[Window] = field(default_factory=list)  # hours summed but for their late conversations


def _late_ones(query: Any, column: Any, early: list[Window], team: str | None) -> Any:
    """`query` over the late conversations listed for the `early` hours, each in its hour of `column`."""
    late = metric_hour_late.c
    listed = and_(late.conversation_id == F.conversation_id, late.hour_s == column - column % HOUR_SECONDS)
    query = query.select_from(F).join(metric_hour_late, listed).where(_within(late.hour_s, early))
    return query if team is None else query.where(F.team == team)


def _add(found: dict[int, Any], bucket: int, counts: Any) -> None:
    """Add `counts` (a ConversationCounts or QueueCounts) to the bucket's, field by field."""
    if (earlier := found.get(bucket)) is not None:
        counts = type(counts)(**{f.name: getattr(earlier, f.name) + getattr(counts, f.name) for f in fields(counts)})
    found[bucket] = counts


def _totals(row: Any) -> HourTotals:
    """A row of `_hour_columns` as plain numbers (PostgreSQL may give NUMERIC sums as Decimals)."""
    high = row["occupancy_max"]
    return HourTotals(
        worked_seconds=float(row["worked_seconds"]),
        occupancy_max=None if high is None else float(high),
        hours_over_cap=int(row["hours_over_cap"]),
        breaks_taken=int(row["breaks_taken"]),
        breaks_due=int(row["breaks_due"]),
        cool_downs=int(row["cool_downs"]),
    )


class SqlMetricsQueries:
    """The reads of one answer. After `prepare`, the settled hours of that window come from the hourly rollups
    (`store.rollups`), its whole settled days from the daily ones (`store.day_rollups`) unless the buckets are
    hours, and only the rest from the facts."""

    def __init__(self, connection: Connection, writing: Writing | None = None) -> None:
        self._db, self._writing = connection, writing
        self._plan: Plan | None = None
        self._rolled: dict[tuple[str | None, Bucketing], list[Any]] = {}

    def prepare(self, window: Window, now_s: int, sla_seconds: int) -> None:
        span = rollups.settled_span(window, now_s) if self._writing is not None else None
        if self._writing is None or span is None:
            return
        rollups.settle(
            self._writing, span, now_s, sla_seconds, lambda c, run: rollups.count_hours(c, run, now_s, sla_seconds)
        )
        settled, opened = rollups.summed_open(self._db, span, sla_seconds)
        days = day_rollups.marked_days(self._db, span, sla_seconds)
        summed = set(settled) | set(opened)
        unsummed = [h for h in range(span[0], span[1], HOUR_SECONDS) if h not in summed]
        raw = [(window[0], span[0]), *rollups.runs(unsummed), (span[1], window[1])]
        early = list(rollups.runs(opened))
        self._plan = Plan(window, span, sla_seconds, [w for w in raw if w[0] < w[1]], days, early)

    def _parts(self, window: Window, bucketing: Bucketing) -> Plan:
        """The span read from the rollups (None: none), their SLA, the stretches read from the facts, and the whole
        days read from the daily rollups (none when the buckets are hours)."""
        plan = self._plan
        if plan is None or plan.window != window:
            return Plan(window, None, 0, [window], [])
        return plan if day_rollups.day_compatible(bucketing) else replace(plan, days=[])

    def _summed(self, plan: Plan, team: str | None, bucketing: Bucketing) -> list[Any]:
        """The rollups' counters per bucket (hours and days), read once for the conversations and the queue."""
        assert plan.span is not None
        key = (team, bucketing)
        if key not in self._rolled:
            hours = rollups.summed_counts(self._db, plan.span, plan.sla, team, bucketing, plan.days)
            days = day_rollups.day_counts(self._db, plan.days, plan.sla, team, bucketing) if plan.days else []
            self._rolled[key] = hours + days
        return self._rolled[key]

    def conversations(
        self, window: Window, now_s: int, team: str | None, bucketing: Bucketing
    ) -> dict[int, ConversationCounts]:
        plan = self._parts(window, bucketing)
        found: dict[int, ConversationCounts] = {}
        if plan.raw:  # one query for every stretch read from the facts (ranges of one index)
            bucket = bucket_of(F.created_s, bucketing)
            query = select(bucket, *outcome_columns(now_s)).where(_within(F.created_s, plan.raw))
            if team is not None:
                query = query.where(F.team == team)
            for r in self._db.execute(grouped(query, bucket, bucketing)).mappings():
                _add(found, int(r["b"]), ConversationCounts(**{k: int(v) for k, v in r.items() if k != "b"}))
        if plan.early:  # the late conversations of the hours summed before they settled
            bucket = bucket_of(F.created_s, bucketing)
            query = _late_ones(select(bucket, *outcome_columns(now_s)), F.created_s, plan.early, team)
            for r in self._db.execute(grouped(query, bucket, bucketing)).mappings():
                _add(found, int(r["b"]), ConversationCounts(**{k: int(v) for k, v in r.items() if k != "b"}))
        if plan.span is not None:
            for r in self._summed(plan, team, bucketing):
                _add(found, int(r["b"]), ConversationCounts(**{k: int(r[k] or 0) for k in _CONVERSATION_COUNTS}))
        return found

    def queue(
        self, window: Window, now_s: int, sla_seconds: int, team: str | None, bucketing: Bucketing
    ) -> dict[int, QueueCounts]:
        plan = self._parts(window, bucketing)
        found: dict[int, QueueCounts] = {}
        if plan.raw:
            bucket = bucket_of(F.queued_s, bucketing)
            query = select(bucket, *queue_columns(now_s, sla_seconds)).where(_within(F.queued_s, plan.raw))
            if team is not None:
                query = query.where(F.team == team)
            for r in self._db.execute(grouped(query, bucket, bucketing)).mappings():
                _add(found, int(r["b"]), QueueCounts(**{k: int(v) for k, v in r.items() if k != "b"}))
        if plan.early and plan.sla == sla_seconds:
            bucket = bucket_of(F.queued_s, bucketing)
            query = _late_ones(select(bucket, *queue_columns(now_s, sla_seconds)), F.queued_s, plan.early, team)
            for r in self._db.execute(grouped(query, bucket, bucketing)).mappings():
                _add(found, int(r["b"]), QueueCounts(**{k: int(v) for k, v in r.items() if k != "b"}))
        if plan.span is not None and plan.sla == sla_seconds:
            for r in self._summed(plan, team, bucketing):
                _add(found, int(r["b"]), QueueCounts(**{k: int(r[k] or 0) for k in _QUEUE_COUNTS}))
        return found

    def escalations(self, window: Window, team: str | None, bucketing: Bucketing) -> dict[int, dict[str, int]]:
        plan = self._parts(window, bucketing)
        found: dict[int, dict[str, int]] = {}
        rows: list[tuple[int, str, int]] = []
        if plan.raw or plan.early:  # the hours not settled are summed without their escalations
            bucket = bucket_of(E.created_s, bucketing)
            query = select(bucket, E.reason, func.count().label("n")).where(_within(E.created_s, plan.raw + plan.early))
            if team is not None:
                query = query.join(F, F.conversation_id == E.conversation_id).where(F.team == team)
            keys = [E.reason] if bucketing is None else [bucket, E.reason]
            rows += [(int(b), str(r), int(n)) for b, r, n in self._db.execute(query.group_by(*keys))]
        if plan.span is not None:
            rows += rollups.summed_reasons(self._db, plan.span, plan.sla, team, bucketing, plan.days)
            if plan.days:
                rows += day_rollups.day_reasons(self._db, plan.days, plan.sla, team, bucketing)
        for b, reason, n in rows:
            reasons = found.setdefault(b, {})
            reasons[reason] = reasons.get(reason, 0) + n
        return found

    def agent_hours(self, window: Window, open_from: Mapping[int, int], limit: float, bucketing: Bucketing) -> HourRead:
        low, high = floor(window[0], HOUR_SECONDS), window[1]
        inside = [and_(H.agent_id == agent, H.hour_s >= hour) for agent, hour in open_from.items()]
        bucket = bucket_of(H.hour_s, bucketing)
        query = select(bucket, *hour_columns(limit)).where(H.hour_s >= low, H.hour_s < high)
        if inside:
            query = query.where(not_(or_(*inside)))
        totals = {int(r["b"]): _totals(r) for r in self._db.execute(grouped(query, bucket, bucketing)).mappings()}
        rows: list[AgentHour] = []
        if inside:
            picked = select(H).where(H.hour_s >= low, H.hour_s < high, or_(*inside))
            rows = [AgentHour(**dict(r)) for r in self._db.execute(picked).mappings()]
        return HourRead(totals, rows)

    def hard_contacts(self, window: Window) -> dict[int, int]:
        low, high = floor(window[0], HOUR_SECONDS), window[1]
        query = (
            select(H.agent_id, func.sum(H.hard_contacts))
            .where(H.hour_s >= low, H.hour_s < high)
            .group_by(H.agent_id)
            .having(func.sum(H.hard_contacts) > 0)
        )
        return {int(agent): int(n) for agent, n in self._db.execute(query)}


class SqlMetricsReader:
    """Read-only connections for the metrics: from the engine's pool, or a test's connection as it is."""

    def __init__(self, bind: Engine | Connection) -> None:
        self._bind = bind

    @contextmanager
    def __call__(self) -> Iterator[SqlMetricsQueries]:
        if isinstance(self._bind, Connection):
            yield SqlMetricsQueries(self._bind, self._writing)
            return
        with self._bind.execution_options(**{READ_ONLY: True}).connect() as connection:
            _tuned(connection)
            yield SqlMetricsQueries(connection, self._writing)

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A write transaction for the rollups: the engine's, or a savepoint of the test's connection."""
        if isinstance(self._bind, Connection):
            with self._bind.begin_nested():
                yield self._bind
            return
        with self._bind.begin() as connection:
            _tuned(connection)
            yield connection


def _tuned(connection: Connection) -> None:
    """PostgreSQL, for this transaction only (docs/benchmarks.md, "Daily rollups"): the memory to group by bucket
    in a hash table (the planner cannot know that `(t - start) / width` has a few dozen values, expects a group a
    row, and sorts on disk otherwise), no parallel workers (on a small machine they only add their start-up to
    reads of a week or two of facts), and no JIT compilation (a period whose hours are not summed yet, read from
    the facts, costs enough to trigger it, and compiling took some 380 ms there)."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "SELECT set_config('work_mem', '32MB', true), set_config('max_parallel_workers_per_gather', '0', true),"
                " set_config('jit', 'off', true)"
            )
        )
