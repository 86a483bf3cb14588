"""The period a request asks for: dates, datetimes with offsets, today's live view, and every refusal naming
the parameter."""

from datetime import UTC, datetime

import pytest

from tandem.domain.errors import InvalidInput
from tandem.metrics.period import Bucket, parse_bucket, parse_period

NOW = datetime(2026, 12, 7, 15, 30, 12, 500000, tzinfo=UTC)


def test_no_period_is_today_so_far_with_the_current_second() -> None:
    period = parse_period(None, None, NOW)

    assert period.live
    assert (period.since, period.until) == (
        datetime(2026, 12, 7, tzinfo=UTC),
        datetime(2026, 12, 7, 15, 30, 13, tzinfo=UTC),
    )


def test_dates_are_midnight_utc_and_offsets_are_converted() -> None:
    period = parse_period("2026-12-01", "2026-12-02T08:00:00+01:00", NOW)

    assert period.since == datetime(2026, 12, 1, tzinfo=UTC)
    assert period.until == datetime(2026, 12, 2, 7, tzinfo=UTC)
    assert period.window == (int(period.since.timestamp()), int(period.until.timestamp()))


@pytest.mark.parametrize(
    ("since", "until", "bucket", "named"),
    [
        ("2026-12-01", None, None, "until"),
        (None, "2026-12-01", None, "since"),
        ("2026-12-02", "2026-12-01", None, "until"),
        ("2026-12-01", "2026-12-01", None, "until"),
        ("2024-01-01", "2026-01-01", None, "until"),  # longer than 400 days
        ("2026-01-01", "2026-03-01", Bucket.HOUR, "until"),  # hourly: at most 31 days
        ("2026-12-01T08:00:00", "2026-12-02", None, "since"),  # no offset: whose 08:00?
        ("yesterday", "2026-12-02", None, "since"),
        ("2026-12-01", "99999-01-01", None, "until"),
        ("2026-12-01", "2026-13-01", None, "until"),
        ("0001-01-01T00:00:00+05:00", "2026-12-02", None, "since"),  # before the year 1 in UTC
        ("2026-12-01", "2026-12-02" + "0" * 500, None, "until"),
        ("", "2026-12-02", None, "since"),
        ("2026-12-01\x00", "2026-12-02", None, "since"),
    ],
)
def test_bad_periods_are_refused_naming_the_parameter(
    since: str | None, until: str | None, bucket: Bucket | None, named: str
) -> None:
    with pytest.raises(InvalidInput, match=f"^{named}:"):
        parse_period(since, until, NOW, bucket)


def test_a_series_without_a_period_is_today_so_far() -> None:
    assert parse_period(None, None, NOW, Bucket.HOUR) == parse_period(None, None, NOW)


def test_buckets_are_utc_hours_or_days_from_the_one_holding_since() -> None:
    period = parse_period("2026-12-01T10:30:00Z", "2026-12-01T13:00:00Z", NOW, Bucket.HOUR)

    assert [b.hour for b in period.buckets(Bucket.HOUR)] == [10, 11, 12]
    assert [b.day for b in parse_period("2026-12-01", "2026-12-04T00:00:01Z", NOW).buckets(Bucket.DAY)] == [1, 2, 3, 4]


def test_bucket_names() -> None:
    assert parse_bucket(None) is Bucket.DAY and parse_bucket("hour") is Bucket.HOUR
    with pytest.raises(InvalidInput, match=r"^bucket:"):
        parse_bucket("minute")
