"""The SQL of the outcome figures (docs/metrics.md): the sums over fact rows that `store.metrics` groups by bucket
and `store.rollups` by hour and team. Conditional sums of CASE expressions, the same on SQLite and PostgreSQL."""

from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, and_, case, false, func, literal_column, not_, or_, true

from tandem.metrics.definitions import COME_BACK_SECONDS, MIN_HOUR_SECONDS, QUIET_SECONDS
from tandem.metrics.ports import Bucketing
from tandem.store.tables import AgentHourRow as H
from tandem.store.tables import ConversationFactRow as F


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def total_if(condition: ColumnElement[bool], value: Any) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def bucket_of(column: Any, bucketing: Bucketing) -> ColumnElement[Any]:
    if bucketing is None:
        return literal_column("0").label("b")
    # Written into the SQL (whole numbers only), not bound: PostgreSQL must see the GROUP BY expression as the
    # selected one, which two sets of parameters would hide.
    start, width = (literal_column(str(int(n)), BigInteger) for n in bucketing)
    bucket: ColumnElement[Any] = ((column - start) // width).label("b")
    return bucket


def grouped(query: Select[Any], bucket: ColumnElement[Any], bucketing: Bucketing) -> Select[Any]:
    return query if bucketing is None else query.group_by(bucket)


def outcome_columns(now_s: int) -> list[ColumnElement[Any]]:
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
        count_if(engaged).label("engaged"),
        count_if(and_(engaged, handed)).label("handed"),
        count_if(finished).label("finished"),
        count_if(and_(finished, not_(handed))).label("contained"),
        count_if(outcome == "confirmed").label("confirmed"),
        count_if(outcome == "assumed").label("assumed"),
        count_if(and_(outcome == "assumed", F.customer_key.is_(None))).label("assumed_without_email"),
        count_if(outcome == "not").label("not_resolved"),
        count_if(outcome == "pending").label("pending"),
        count_if(F.resolved_s.is_not(None)).label("closed"),
        count_if(F.reopened_s.is_not(None)).label("reopened"),
        total_if(and_(rated, not_(people)), F.csat).label("csat_ai_sum"),
        count_if(and_(rated, not_(people))).label("csat_ai_count"),
        total_if(and_(rated, people), F.csat).label("csat_people_sum"),
        count_if(and_(rated, people)).label("csat_people_count"),
        count_if(F.abuse_ended == true()).label("abuse_ended"),
        count_if(and_(F.abuse_ended == true(), F.answer_s.is_not(None))).label("abuse_ended_by_staff"),
    ]


def queue_columns(now_s: int, sla_seconds: int) -> list[ColumnElement[Any]]:
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
        count_if(answered).label("answered"),
        count_if(and_(answered, F.answer_s - F.queued_s <= sla_seconds)).label("within_target"),
        total_if(answered, F.answer_s - F.queued_s).label("wait_seconds_sum"),
        count_if(abandoned).label("abandoned"),
        count_if(and_(F.answer_s.is_(None), F.closed_unanswered == true())).label("closed_unanswered"),
    ]


def hour_columns(limit: float) -> list[ColumnElement[Any]]:
    counted = H.worked_seconds >= MIN_HOUR_SECONDS - 1
    occupancy = case((H.seat_seconds >= H.worked_seconds, 1.0), else_=H.seat_seconds / H.worked_seconds)
    return [
        func.coalesce(func.sum(H.worked_seconds), 0.0).label("worked_seconds"),
        func.max(case((counted, occupancy), else_=None)).label("occupancy_max"),
        count_if(and_(counted, H.seat_seconds > limit * H.worked_seconds + 1e-6)).label("hours_over_cap"),
        func.coalesce(func.sum(H.breaks_taken), 0).label("breaks_taken"),
        func.coalesce(func.sum(H.breaks_due), 0).label("breaks_due"),
        func.coalesce(func.sum(H.cool_downs), 0).label("cool_downs"),
    ]
