"""The period a figure is over: parsed from the request's `since`, `until` and `bucket`, checked, in UTC."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from tandem.domain.errors import InvalidInput
from tandem.metrics.definitions import DAY_SECONDS, HOUR_SECONDS, MAX_HOURLY_SPAN_DAYS, MAX_SPAN_DAYS

MAX_PARAMETER_CHARS = 64


class Bucket(StrEnum):
    HOUR = "hour"
    DAY = "day"

    @property
    def seconds(self) -> int:
        return HOUR_SECONDS if self is Bucket.HOUR else DAY_SECONDS


@dataclass(frozen=True, slots=True)
class Period:
    """`[since, until)`, aware UTC datetimes; `live`: today's view, asked for without a period."""

    since: datetime
    until: datetime
    live: bool = False

    @property
    def window(self) -> tuple[int, int]:
        """The period in epoch seconds: `since` included, `until` excluded."""
        return epoch(self.since), epoch(self.until)

    def buckets(self, bucket: Bucket) -> list[datetime]:
        """The UTC hour or day starts from the one holding `since` to the one holding the last instant before
        `until`."""
        first = floor(epoch(self.since), bucket.seconds)
        last = floor(epoch(self.until) - 1, bucket.seconds)
        return [from_epoch(s) for s in range(first, last + 1, bucket.seconds)]


def epoch(at: datetime) -> int:
    """Whole epoch seconds (UTC) of an aware datetime, rounded down."""
    return int((at - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() // 1)


def from_epoch(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def floor(seconds: int, width: int) -> int:
    return seconds - seconds % width


def split_hours(start: datetime, end: datetime) -> Iterator[tuple[int, float]]:
    """(hour start, seconds in it) for each clock hour (UTC) the stretch `start`..`end` overlaps."""
    low, high = start.timestamp(), end.timestamp()
    hour = floor(epoch(start), HOUR_SECONDS)
    while hour < high:
        part = min(high, hour + HOUR_SECONDS) - max(low, hour)
        if part > 0:
            yield hour, part
        hour += HOUR_SECONDS


def today(now: datetime) -> Period:
    """The live view: from today's midnight (UTC) to `now`, its second included (what happened at `now` counts)."""
    moment = epoch(now)
    return Period(from_epoch(floor(moment, DAY_SECONDS)), from_epoch(moment + 1), live=True)


def parse_instant(name: str, value: str) -> datetime:
    """An ISO 8601 datetime with an offset, or a date (its 00:00 UTC). InvalidInput names the parameter."""
    text = value.strip()
    if not text or len(text) > MAX_PARAMETER_CHARS:
        raise InvalidInput(f"{name}: give an ISO 8601 date (YYYY-MM-DD) or datetime with an offset")
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        parsed = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise InvalidInput(f"{name}: not an ISO 8601 date (YYYY-MM-DD) or datetime with an offset") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidInput(f"{name}: give the datetime's offset (e.g. 2026-12-01T08:00:00+01:00 or ...Z)")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise InvalidInput(f"{name}: out of range") from None


def parse_period(since: str | None, until: str | None, now: datetime, bucket: Bucket | None = None) -> Period:
    """The asked period; today so far (the live view) when neither bound is given."""
    if since is None and until is None:
        return today(now)
    if since is None or until is None:
        missing = "since" if since is None else "until"
        raise InvalidInput(f"{missing}: give both since and until, or neither for today's live view")
    start, end = parse_instant("since", since), parse_instant("until", until)
    if end <= start:
        raise InvalidInput("until: must be after since")
    longest = MAX_HOURLY_SPAN_DAYS if bucket is Bucket.HOUR else MAX_SPAN_DAYS
    if end - start > timedelta(days=longest):
        what = "with bucket=hour " if bucket is Bucket.HOUR else ""
        raise InvalidInput(f"until: a period {what}is at most {longest} days long")
    return Period(start, end)


def parse_bucket(value: str | None) -> Bucket:
    if value is None:
        return Bucket.DAY
    try:
        return Bucket(value)
    except ValueError:
        raise InvalidInput("bucket: use hour or day") from None
