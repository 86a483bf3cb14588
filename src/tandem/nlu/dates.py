"""Calendar dates in French and English, validated and normalised to ISO 8601 (YYYY-MM-DD)."""

import re
from datetime import date

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from tandem.domain.understanding import Entity, EntityKind

_MONTHS = {
    **dict.fromkeys(("janvier", "janv", "january", "jan"), 1),
    **dict.fromkeys(("février", "fevrier", "févr", "fevr", "fév", "fev", "february", "feb"), 2),
    **dict.fromkeys(("mars", "march", "mar"), 3),
    **dict.fromkeys(("avril", "avr", "april", "apr"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "june", "jun"), 6),
    **dict.fromkeys(("juillet", "juil", "july", "jul"), 7),
    **dict.fromkeys(("août", "aout", "august", "aug"), 8),
    **dict.fromkeys(("septembre", "september", "sept", "sep"), 9),
    **dict.fromkeys(("octobre", "october", "oct"), 10),
    **dict.fromkeys(("novembre", "november", "nov"), 11),
    **dict.fromkeys(("décembre", "decembre", "déc", "december", "dec"), 12),
}
_WEEKDAYS = {
    **dict.fromkeys(("lundi", "monday"), 0),
    **dict.fromkeys(("mardi", "tuesday"), 1),
    **dict.fromkeys(("mercredi", "wednesday"), 2),
    **dict.fromkeys(("jeudi", "thursday"), 3),
    **dict.fromkeys(("vendredi", "friday"), 4),
    **dict.fromkeys(("samedi", "saturday"), 5),
    **dict.fromkeys(("dimanche", "sunday"), 6),
}
_DATEUTIL_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_RELATIVE_DAYS = {
    **dict.fromkeys(("aujourd'hui", "aujourd’hui", "today"), 0),
    **dict.fromkeys(("demain", "tomorrow"), 1),
    **dict.fromkeys(("après-demain", "après demain", "apres-demain", "apres demain"), 2),
    **dict.fromkeys(("day after tomorrow",), 2),
    **dict.fromkeys(("hier", "yesterday"), -1),
    **dict.fromkeys(("avant-hier", "avant hier"), -2),
}


def _alternation(words: dict[str, int]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_NUMERIC = re.compile(
    r"(?<![0-9A-Za-z./-])(?:([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"
    r"|([0-9]{1,2})([-/.])([0-9]{1,2})\6([0-9]{4}|[0-9]{2}))(?![0-9A-Za-z]|[-/.][0-9])"
)
# Named months are found from the day number outward: scanning every word for a month name costs far more.
_DAY = re.compile(r"(?<![\w.,/:-])([0-9]{1,2})(?:er|st|nd|rd|th)?(?!\w)")
_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?({_alternation(_MONTHS)})\b\.?(?:,?\s+([0-9]{{4}})\b)?", re.I)
_YEAR_AFTER = re.compile(r",?\s+([0-9]{4})\b")
# Without a year only "dd/mm" with a two-digit month: "1/2" and "24/7" are not dates.
_DAY_MONTH_SHORT = re.compile(r"(?<![0-9A-Za-z./-])([0-9]{1,2})/([0-9]{2})(?![0-9A-Za-z]|[/.-][0-9])")
_RELATIVE = re.compile(rf"\b(?:the\s+)?({_alternation(_RELATIVE_DAYS)})\b", re.I)
_RELATIVE_HINTS = ("demain", "hier", "aujourd", "today", "tomorrow", "yesterday")
_NEXT_WEEKDAY = re.compile(
    rf"\b(?:next\s+({_alternation(_WEEKDAYS)})|(?:ce\s+)?({_alternation(_WEEKDAYS)})\s+prochain)\b"
    rf"|\b(ce|this)\s+({_alternation(_WEEKDAYS)})\b",
    re.I,
)
# "may" and "march" are also verbs: in month-first order only the capitalised word is trusted.
_VERB_MONTHS = frozenset({"may", "march", "mar"})


def find_dates(text: str, language: str = "en", today: date | None = None) -> list[Entity]:
    """Dates as ISO strings.

    Numeric dates are read day-first, and only so in French; in English month-first is the fallback when
    day-first is impossible, or the first choice for "en-US". With `today`, also relative dates ("demain",
    "next monday") and dates without a year.
    """
    found: list[Entity] = []
    month_first = language.lower().replace("_", "-") == "en-us"
    french = language.lower().startswith("fr")
    for match in _NUMERIC.finditer(text):
        if match.group(1):
            _add(found, match, _make(int(match.group(1)), int(match.group(3)), int(match.group(4))))
            continue
        first, second, short_year = int(match.group(5)), int(match.group(7)), len(match.group(8)) == 2
        if short_year and match.group(6) != "/":  # "1.2.25" is a version number far more often than a date
            continue
        year = 2000 + int(match.group(8)) if short_year else int(match.group(8))
        day_first = _make(year, second, first)
        if french:  # month-first is simply not a French way of writing a date
            _add(found, match, day_first)
        else:
            other = _make(year, first, second)
            _add(found, match, (other or day_first) if month_first else (day_first or other))
    for match in _DAY.finditer(text):
        _add_named(found, text, match, today)
    if today is not None:
        for match in _DAY_MONTH_SHORT.finditer(text):
            _add(found, match, _make(today.year, int(match.group(2)), int(match.group(1))))
        lowered = text.lower()
        if any(hint in lowered for hint in _RELATIVE_HINTS):
            for match in _RELATIVE.finditer(text):
                _add(found, match, today + relativedelta(days=_RELATIVE_DAYS[match.group(1).lower()]))
        if any(day in lowered for day in _WEEKDAYS):
            for match in _NEXT_WEEKDAY.finditer(text):
                _add(found, match, _next_weekday(today, match))
    return found


def _add_named(found: list[Entity], text: str, day: re.Match[str], today: date | None) -> None:
    """A named month around a day number: "12 mars 2025", "1er mai", "12th of March", "March 12, 2025"."""
    start, end = day.start(), day.end()
    after = _MONTH_AFTER.match(text, end)
    if after is not None:
        month, year, end = after.group(1), after.group(2), after.end()
    else:
        before = _word_before(text, start)
        if before is None or before[1].lower() not in _MONTHS:
            return
        start, month = before
        if month.lower() in _VERB_MONTHS and not month[0].isupper():
            return
        year_match = _YEAR_AFTER.match(text, end)
        year = year_match.group(1) if year_match else None
        end = year_match.end() if year_match else end
    if year is not None:
        chosen = int(year)
    elif today is not None:
        chosen = today.year
    else:
        return  # an ISO date needs a year, and the clock is never read here
    _add_span(found, text, start, end, _make(chosen, _MONTHS[month.lower()], int(day.group(1))))


def _word_before(text: str, index: int) -> tuple[int, str] | None:
    """The word ending just before `index` across spaces and an optional abbreviation dot."""
    end = index
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == index:
        return None
    if end > 0 and text[end - 1] == ".":
        end -= 1
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return (start, text[start:end]) if start < end else None


def _add(found: list[Entity], match: re.Match[str], value: date | None) -> None:
    _add_span(found, match.string, match.start(), match.end(), value)


def _add_span(found: list[Entity], text: str, start: int, end: int, value: date | None) -> None:
    if value is not None and not any(e.start < end and start < e.end for e in found):
        found.append(Entity(EntityKind.DATE, text[start:end], value.isoformat(), start, end))


def _make(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 31/02, month 13...
        return None


def _next_weekday(today: date, match: re.Match[str]) -> date:
    name = next(group for group in match.groups() if group and group.lower() in _WEEKDAYS)
    target = _DATEUTIL_WEEKDAYS[_WEEKDAYS[name.lower()]]
    upcoming = match.group(3) is not None  # "ce lundi" / "this monday" may be today
    result: date = today + relativedelta(days=0 if upcoming else 1, weekday=target(+1))
    return result
