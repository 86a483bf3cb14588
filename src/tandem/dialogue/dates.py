"""Dates in the AI's answers written as a customer reads them, in the conversation's language: "4 December 2026",
"1er décembre 2026", "November 2026"; the connectors give ISO dates ("2026-12-04") and months ("2026-11")."""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def long_date(value: str, language: str) -> str:
    """An ISO date or month in words; any other text (or an impossible date) as it is."""
    months = _MONTHS.get(language, _MONTHS["en"])
    if match := _ISO_DAY.match(value):
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return value
        number = "1er" if language == "fr" and day.day == 1 else str(day.day)
        return f"{number} {months[day.month - 1]} {day.year}"
    if (match := _ISO_MONTH.match(value)) and 1 <= int(match[2]) <= 12:
        return f"{months[int(match[2]) - 1]} {match[1]}"
    return value


def with_long_dates(values: Mapping[str, Any], language: str) -> dict[str, Any]:
    """`values` with every ISO date or month written out in `language` (the record's other fields unchanged)."""
    return {name: long_date(v, language) if isinstance(v, str) else v for name, v in values.items()}
