"""What the metrics read from the store: counts of the period's rows, summed in the database, per bucket.

A `Bucketing` (first bucket start, width; epoch seconds) groups rows by `(t - start) // width`; without one,
everything is bucket 0. Every method reads only the rows of `window` (epoch seconds, `[since, until)`)."""

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

Window = tuple[int, int]
Bucketing = tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class ConversationCounts:
    """The conversations created in a bucket, by outcome (docs/metrics.md), as of `now`."""

    conversations: int = 0
    engaged: int = 0
    handed: int = 0
    finished: int = 0  # containment: handed over, closed, or the customer quiet (the dashboard's tile)
    contained: int = 0
    confirmed: int = 0
    assumed: int = 0
    assumed_without_email: int = 0
    not_resolved: int = 0
    pending: int = 0
    closed: int = 0
    reopened: int = 0
    csat_ai_sum: int = 0
    csat_ai_count: int = 0
    csat_people_sum: int = 0
    csat_people_count: int = 0
    abuse_ended: int = 0
    abuse_ended_by_staff: int = 0


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """The conversations that first entered the queue in a bucket."""

    queued: int = 0
    answered: int = 0
    within_target: int = 0
    wait_seconds_sum: int = 0
    abandoned: int = 0
    closed_unanswered: int = 0


@dataclass(frozen=True, slots=True)
class HourTotals:
    """Agent-hours folded: time at work, the highest counted occupancy, counted hours above the limit, and the
    counters. `worked_seconds` and the counters add up; `occupancy_max` is None with no counted hour."""

    worked_seconds: float = 0.0
    occupancy_max: float | None = None
    hours_over_cap: int = 0
    breaks_taken: int = 0
    breaks_due: int = 0
    cool_downs: int = 0


@dataclass(frozen=True, slots=True)
class AgentHour:
    """One agent's clock hour as stored (or as it stands with the work still in progress added)."""

    agent_id: int
    hour_s: int
    worked_seconds: float = 0.0
    seat_seconds: float = 0.0
    contacts: int = 0
    hard_contacts: int = 0
    breaks_taken: int = 0
    breaks_due: int = 0
    cool_downs: int = 0


@dataclass(frozen=True, slots=True)
class HourRead:
    """Agent-hours of a window: `totals` per bucket over the stored rows outside `open_from`, and `rows`, the
    stored rows inside it (each agent's hours from the given hour on), for the work in progress to be added."""

    totals: dict[int, HourTotals] = field(default_factory=dict)
    rows: list[AgentHour] = field(default_factory=list)


class MetricsQueries(Protocol):
    def prepare(self, window: Window, now_s: int, sla_seconds: int) -> None:
        """Before the reads of `window`: let the store bring its rollups of settled hours up to date."""
        ...

    def conversations(
        self, window: Window, now_s: int, team: str | None, bucketing: Bucketing
    ) -> dict[int, ConversationCounts]: ...

    def queue(
        self, window: Window, now_s: int, sla_seconds: int, team: str | None, bucketing: Bucketing
    ) -> dict[int, QueueCounts]: ...

    def escalations(self, window: Window, team: str | None, bucketing: Bucketing) -> dict[int, dict[str, int]]: ...

    def agent_hours(
        self, window: Window, open_from: Mapping[int, int], limit: float, bucketing: Bucketing
    ) -> HourRead: ...

    def hard_contacts(self, window: Window) -> dict[int, int]:
        """Hard contacts per agent id over the window's hours."""
        ...


class MetricsReader(Protocol):
    def __call__(self) -> AbstractContextManager[MetricsQueries]:
        """One read-only connection for the queries of one answer."""
        ...
