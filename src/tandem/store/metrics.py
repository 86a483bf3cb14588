"""The metrics' reads: sums over the period's fact rows, grouped by bucket, in SQL (docs/metrics.md).

Each query filters on an indexed epoch-seconds column (`created_s`, `queued_s`, `hour_s`) for the window, so
it reads the period's rows only, whatever the history. Buckets are `(t - start) // width` in integers: the
same arithmetic on SQLite and PostgreSQL."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    case,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    true,
)

from tandem.metrics.definitions import COME_BACK_SECONDS, HOUR_SECONDS, MIN_HOUR_SECONDS, QUIET_SECONDS
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
from tandem.store.database import READ_ONLY
from tandem.store.tables import AgentHourRow as H
from tandem.store.tables import ConversationFactRow as F
from tandem.store.tables import EscalationFactRow as E


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _total(condition: ColumnElement[bool], value: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _bucket(column: Any, bucketing: Bucketing) -> ColumnElement[Any]:
    if bucketing is None:
        return literal_column("0").label("b")
    # Written into the SQL (whole numbers only), not bound: PostgreSQL must see the GROUP BY expression as the
    # selected one, which two sets of parameters would hide.
    start, width = (literal_column(str(int(n)), BigInteger) for n in bucketing)
    bucket: ColumnElement[Any] = ((column - start) // width).label("b")
    return bucket


def _grouped(query: Select[Any], bucket: ColumnElement[Any], bucketing: Bucketing) -> Select[Any]:
    return query if bucketing is None else query.group_by(bucket)


def _outcome_columns(now_s: int) -> list[ColumnElement[Any]]:
    engaged = F.last_customer_s.is_not(None)
    quiet = F.last_customer_s <= now_s - QUIET_SECONDS
    handed = F.handed_s.is_not(None)
    not_resolved = or_(
        handed,
        F.answered == false(),
        F.came_back_s.is_not(None),
        F.reopened_s.is_not(None),
        and_(or_(F.ai_open == true(), F.ai_answered_s.is_(None)), quiet),
    )
    outcome = case(
        (not_(engaged), "none"),
        (not_resolved, "not"),
        (F.answered == true(), "confirmed"),
        (F.last_customer_s <= now_s - COME_BACK_SECONDS, "assumed"),
        else_="pending",
    )
    finished = and_(engaged, or_(handed, F.resolved_s.is_not(None), quiet))
    people = func.coalesce(F.csat_people, false()) == true()
    rated = F.csat.is_not(None)
    return [
        func.count().label("conversations"),
        _count(engaged).label("engaged"),
        _count(and_(engaged, handed)).label("handed"),
        _count(finished).label("finished"),
        _count(and_(finished, not_(handed))).label("contained"),
        _count(outcome == "confirmed").label("confirmed"),
        _count(outcome == "assumed").label("assumed"),
        _count(and_(outcome == "assumed", F.customer_key.is_(None))).label("assumed_without_email"),
        _count(outcome == "not").label("not_resolved"),
        _count(outcome == "pending").label("pending"),
        _count(F.resolved_s.is_not(None)).label("closed"),
        _count(F.reopened_s.is_not(None)).label("reopened"),
        _total(and_(rated, not_(people)), F.csat).label("csat_ai_sum"),
        _count(and_(rated, not_(people))).label("csat_ai_count"),
        _total(and_(rated, people), F.csat).label("csat_people_sum"),
        _count(and_(rated, people)).label("csat_people_count"),
        _count(F.abuse_ended == true()).label("abuse_ended"),
        _count(and_(F.abuse_ended == true(), F.answer_s.is_not(None))).label("abuse_ended_by_staff"),
    ]


def _queue_columns(now_s: int, sla_seconds: int) -> list[ColumnElement[Any]]:
    answered = F.answer_s.is_not(None)
    cut = now_s - QUIET_SECONDS
    abandoned = and_(
        F.answer_s.is_(None),
        F.resolved_s.is_(None),
        F.queued_s <= cut,
        or_(F.last_customer_s.is_(None), F.last_customer_s <= cut),
    )
    return [
        func.count().label("queued"),
        _count(answered).label("answered"),
        _count(and_(answered, F.answer_s - F.queued_s <= sla_seconds)).label("within_target"),
        _total(answered, F.answer_s - F.queued_s).label("wait_seconds_sum"),
        _count(abandoned).label("abandoned"),
        _count(and_(F.answer_s.is_(None), F.closed_unanswered == true())).label("closed_unanswered"),
    ]


def _hour_columns(limit: float) -> list[ColumnElement[Any]]:
    counted = H.worked_seconds >= MIN_HOUR_SECONDS - 1
    occupancy = case((H.seat_seconds >= H.worked_seconds, 1.0), else_=H.seat_seconds / H.worked_seconds)
    return [
        func.coalesce(func.sum(H.worked_seconds), 0.0).label("worked_seconds"),
        func.max(case((counted, occupancy), else_=None)).label("occupancy_max"),
        _count(and_(counted, H.seat_seconds > limit * H.worked_seconds + 1e-6)).label("hours_over_cap"),
        func.coalesce(func.sum(H.breaks_taken), 0).label("breaks_taken"),
        func.coalesce(func.sum(H.breaks_due), 0).label("breaks_due"),
        func.coalesce(func.sum(H.cool_downs), 0).label("cool_downs"),
    ]


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
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def conversations(
        self, window: Window, now_s: int, team: str | None, bucketing: Bucketing
    ) -> dict[int, ConversationCounts]:
        bucket = _bucket(F.created_s, bucketing)
        query = select(bucket, *_outcome_columns(now_s)).where(F.created_s >= window[0], F.created_s < window[1])
        if team is not None:
            query = query.where(F.team == team)
        rows = self._db.execute(_grouped(query, bucket, bucketing)).mappings()
        return {int(r["b"]): ConversationCounts(**{k: int(v) for k, v in r.items() if k != "b"}) for r in rows}

    def queue(
        self, window: Window, now_s: int, sla_seconds: int, team: str | None, bucketing: Bucketing
    ) -> dict[int, QueueCounts]:
        bucket = _bucket(F.queued_s, bucketing)
        query = select(bucket, *_queue_columns(now_s, sla_seconds)).where(
            F.queued_s >= window[0], F.queued_s < window[1]
        )
        if team is not None:
            query = query.where(F.team == team)
        rows = self._db.execute(_grouped(query, bucket, bucketing)).mappings()
        return {int(r["b"]): QueueCounts(**{k: int(v) for k, v in r.items() if k != "b"}) for r in rows}

    def escalations(self, window: Window, team: str | None, bucketing: Bucketing) -> dict[int, dict[str, int]]:
        bucket = _bucket(E.created_s, bucketing)
        query = select(bucket, E.reason, func.count().label("n")).where(
            E.created_s >= window[0], E.created_s < window[1]
        )
        if team is not None:
            query = query.join(F, F.conversation_id == E.conversation_id).where(F.team == team)
        found: dict[int, dict[str, int]] = {}
        for b, reason, n in self._db.execute(query.group_by(E.reason, *([] if bucketing is None else [bucket]))):
            found.setdefault(int(b), {})[str(reason)] = int(n)
        return found

    def agent_hours(self, window: Window, open_from: Mapping[int, int], limit: float, bucketing: Bucketing) -> HourRead:
        low, high = floor(window[0], HOUR_SECONDS), window[1]
        inside = [and_(H.agent_id == agent, H.hour_s >= hour) for agent, hour in open_from.items()]
        bucket = _bucket(H.hour_s, bucketing)
        query = select(bucket, *_hour_columns(limit)).where(H.hour_s >= low, H.hour_s < high)
        if inside:
            query = query.where(not_(or_(*inside)))
        totals = {int(r["b"]): _totals(r) for r in self._db.execute(_grouped(query, bucket, bucketing)).mappings()}
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
            yield SqlMetricsQueries(self._bind)
            return
        with self._bind.execution_options(**{READ_ONLY: True}).connect() as connection:
            yield SqlMetricsQueries(connection)
