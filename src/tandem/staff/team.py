"""The team behind a conversation: who of it is at work now, its opening hours, and what a customer is told when
no one is there (an honest line, never a promise of someone "now")."""

from collections.abc import Sequence

from tandem.domain.conversations import Agent, AgentStatus
from tandem.domain.hours import DAYS, Span, SupportHours
from tandem.i18n import t

_UTC = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT"})


def hours_phrase(hours: SupportHours, language: str) -> str:
    """ "Monday to Friday, 9:00–18:00; Saturday, 10:00–14:00 (Paris time)", in `language`."""
    spans = t("hours_separator", language).join(_span_phrase(span, language) for span in hours.spans)
    if hours.zone in _UTC:
        zone = t("hours_zone_utc", language)
    else:
        zone = t("hours_zone", language, zone=hours.zone.rsplit("/", 1)[-1].replace("_", " "))
    return f"{spans} ({zone})"


def _span_phrase(span: Span, language: str) -> str:
    first, last = (t("day_" + DAYS[d], language) for d in (span.first, span.last))
    days = (
        t("hours_day", language, day=first)
        if span.first == span.last
        else t("hours_days", language, first=first, last=last)
    )
    start, end = (t("hours_time", language, h=m // 60, m=m % 60) for m in (span.start, span.end))
    return t("hours_span", language, days=days, start=start, end=end)


def at_work(agents: Sequence[Agent], domain: str, language: str | None) -> list[Agent]:
    """The people who can take a conversation of `domain` in `language` and are available now (busy or not)."""
    return [
        a
        for a in agents
        if a.status == AgentStatus.AVAILABLE and domain in a.skills and (language or "en") in a.languages
    ]


def nobody_now(hours: SupportHours | None, language: str) -> str:
    """What a customer is told when no one of the team is at work: no estimate, the hours when known, and that
    the request is kept."""
    if hours is None:
        return t("queued_nobody", language)
    return t("queued_nobody_hours", language, hours=hours_phrase(hours, language))
