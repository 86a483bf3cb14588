"""A team's opening hours, as written in the settings (`TANDEM_SUPPORT_HOURS`, `TANDEM_TIMEZONE`): read and
checked once at start-up, then handed to the services that tell customers about them."""

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?)\s+(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})$")


@dataclass(frozen=True, slots=True)
class Span:
    """Days `first` to `last` (0 = Monday), from `start` to `end` (minutes after midnight)."""

    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SupportHours:
    """When the team answers, in the time zone `zone` (an IANA name such as Europe/Paris)."""

    spans: tuple[Span, ...]
    zone: str = "UTC"


def parse_hours(text: str, zone: str = "UTC") -> SupportHours | None:
    """ "mon-fri 09:00-18:00, sat 10:00-14:00" in `zone`; None for an empty text. Raises ValueError saying
    what is wrong and what is expected."""
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone!r}: use an IANA name such as Europe/Paris or UTC") from None
    parts = [p.strip().lower() for p in text.split(",") if p.strip()]
    if not parts:
        return None
    return SupportHours(tuple(_span(part) for part in parts), zone)


def _span(part: str) -> Span:
    expected = 'expected days and hours such as "mon-fri 09:00-18:00" or "sat 10:00-14:00"'
    match = _SPAN.match(part)
    if match is None:
        raise ValueError(f"cannot read opening hours {part!r}: {expected}")
    names = match["days"].split("-")
    if any(name not in DAYS for name in names):
        raise ValueError(f"unknown day in {part!r}: use {', '.join(DAYS)}")
    first, last = DAYS.index(names[0]), DAYS.index(names[-1])
    start, end = _minutes(match["start"], part), _minutes(match["end"], part)
    if last < first:
        raise ValueError(f"days go backwards in {part!r}: write the first day first, e.g. mon-fri")
    if end <= start:
        raise ValueError(f"closing time before opening time in {part!r}")
    return Span(first, last, start, end)


def _minutes(clock: str, part: str) -> int:
    hours, minutes = (int(n) for n in clock.split(":"))
    if hours > 23 or minutes > 59:
        raise ValueError(f"no such time {clock!r} in {part!r}: use 00:00 to 23:59")
    return hours * 60 + minutes
