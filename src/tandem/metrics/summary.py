"""The supervisor's figures: today's live view and any period's summary, series and CSV (docs/metrics.md).

Every count comes from the database's sums over the period's fact rows (`MetricsReader`); only the team, the
queue now and the chats in progress are read as rows, and those are a handful whatever the history."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from tandem.domain.access import Principal, check_supervisor
from tandem.domain.conversations import Agent, Conversation, ConversationStatus
from tandem.domain.errors import InvalidInput
from tandem.domain.events import utc_json
from tandem.domain.ports import UnitOfWork
from tandem.metrics import live
from tandem.metrics.csv_export import series_csv
from tandem.metrics.definitions import HOUR_SECONDS
from tandem.metrics.outcomes import hard_shares, outcomes, point
from tandem.metrics.period import Bucket, Period, epoch, floor, parse_bucket, parse_period
from tandem.metrics.ports import ConversationCounts, HourTotals, MetricsReader, QueueCounts
from tandem.metrics.work import InProgress, by_bucket, combine, fold, in_progress, merged
from tandem.wellbeing import DEFAULT_WELLBEING, WellbeingPolicy


class MetricsService:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Callable[[], datetime],
        reader: MetricsReader,
        policy: WellbeingPolicy = DEFAULT_WELLBEING,
        sla_seconds: int = 120,
        teams: tuple[str, ...] = (),
    ) -> None:
        self._uow, self._clock, self._read, self._policy = uow, clock, reader, policy
        self._sla, self._teams = sla_seconds, teams

    def summary(
        self, principal: Principal, since: str | None = None, until: str | None = None, team: str | None = None
    ) -> dict[str, Any]:
        """Today's live view without a period, else the period's: the dashboard's tiles (the team and the queue
        are always "now"), the period, and its `outcomes`."""
        check_supervisor(principal)
        now = self._clock()
        period, team = parse_period(since, until, now), self._team(team)
        with self._uow(read_only=True) as tx:
            staff = tx.agents.all()
            active = tx.conversations.count_assigned()
            queued = tx.conversations.queued()
            work = self._in_progress(staff, tx.conversations.with_status(ConversationStatus.ASSIGNED), now)
        window, now_s = period.window, epoch(now)
        with self._read() as q:
            q.prepare(window, now_s, self._sla)
            c = q.conversations(window, now_s, team, None).get(0, ConversationCounts())
            queue = q.queue(window, now_s, self._sla, team, None).get(0, QueueCounts())
            escalations = q.escalations(window, team, None).get(0, {})
            read = q.agent_hours(window, work.open_from, self._policy.occupancy_limit, None)
            hard = q.hard_contacts(window)
        low = floor(window[0], HOUR_SECONDS)
        hours = combine(
            read.totals.get(0, HourTotals()),
            fold(merged(read.rows, work, low, window[1]), self._policy.occupancy_limit),
        )
        return {
            **live.tiles(c, queue, escalations),
            **live.queue_now(queued, now),
            **live.team(staff, active),
            "cooling_down": live.cooling_down(staff, now, self._policy.cool_down_minutes),
            "period": {"since": utc_json(period.since), "until": utc_json(period.until), "live": period.live},
            "outcomes": outcomes(c, queue, escalations, hours, hard_shares(hard, staff), self._sla),
        }

    def series(
        self, principal: Principal, since: str | None, until: str | None, bucket: str | None, team: str | None = None
    ) -> dict[str, Any]:
        """One point per UTC hour or day of the period, empty ones included."""
        check_supervisor(principal)
        size = parse_bucket(bucket)
        now = self._clock()
        period, team = parse_period(since, until, now, size), self._team(team)
        return {
            "bucket": size.value,
            "since": utc_json(period.since),
            "until": utc_json(period.until),
            "points": self._points(period, size, team, now),
        }

    def series_csv(
        self, principal: Principal, since: str | None, until: str | None, bucket: str | None, team: str | None = None
    ) -> tuple[str, str]:
        """The series as CSV, and a file name for it."""
        found = self.series(principal, since, until, bucket, team)
        stamp = f"{found['since'][:10]}-{found['until'][:10]}"
        return series_csv(found["points"]), f"tandem-metrics-{found['bucket']}-{stamp}.csv"

    def _points(self, period: Period, size: Bucket, team: str | None, now: datetime) -> list[dict[str, Any]]:
        starts = period.buckets(size)
        bucketing = (epoch(starts[0]), size.seconds)
        with self._uow(read_only=True) as tx:
            work = self._in_progress(tx.agents.all(), tx.conversations.with_status(ConversationStatus.ASSIGNED), now)
        window, now_s, limit = period.window, epoch(now), self._policy.occupancy_limit
        with self._read() as q:
            q.prepare(window, now_s, self._sla)
            c = q.conversations(window, now_s, team, bucketing)
            queue = q.queue(window, now_s, self._sla, team, bucketing)
            escalations = q.escalations(window, team, bucketing)
            read = q.agent_hours(window, work.open_from, limit, bucketing)
        live_rows = by_bucket(merged(read.rows, work, floor(window[0], HOUR_SECONDS), window[1]), *bucketing)
        return [
            point(
                utc_json(start),
                c.get(i, ConversationCounts()),
                queue.get(i, QueueCounts()),
                escalations.get(i, {}),
                combine(read.totals.get(i, HourTotals()), fold(live_rows.get(i, []), limit)),
            )
            for i, start in enumerate(starts)
        ]

    def _in_progress(self, staff: Sequence[Agent], chats: Sequence[Conversation], now: datetime) -> InProgress:
        return in_progress(staff, chats, now, 60.0 * self._policy.hours.break_after_minutes)

    def _team(self, team: str | None) -> str | None:
        if team is not None and team not in self._teams:
            raise InvalidInput(f"team: unknown team; use one of {', '.join(self._teams)}")
        return team
