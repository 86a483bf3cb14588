"""The facts a customer could act on (numbers with their unit, URLs, e-mails, phones), as grounding compares them."""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tandem.nlu.contacts import find_emails, find_phones

_PHONE_REGIONS = ("FR", "GB")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
# "2 000" and "2,000" are one number; "4,90" and "4.90" another; a separator before exactly three digits is
# read both ways, since French and English disagree on it.
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+(?!\d)|\d+)(?:([.,])(\d+))?")
_CURRENCY_BEFORE = re.compile(r"([€$£])\s?$")
_UNIT_AFTER = re.compile(
    r"^\s?(?:(?P<percent>%|pour ?cent|per ?cent)|(?P<eur>€|eur\b|euros?\b)|(?P<usd>\$|usd\b|dollars?\b)"
    r"|(?P<gbp>£|gbp\b|pounds?\b)|(?P<pm>pm\b|p\.m\.)|(?P<am>am\b|a\.m\.)"
    r"|(?:(?:working|business|calendar) )?(?P<day>days?\b|jours?\b|j\b)|(?P<week>weeks?\b|semaines?\b)"
    r"|(?P<month>months?\b|mois\b)|(?P<year>years?\b|ans?\b|annees?\b)|(?P<hour>hours?\b|heures?\b|h\b|hrs?\b)"
    r"|(?P<minute>minutes?\b|mins?\b))"
)
NUMBER_WORDS = {
    # Never "one"/"un"/"une" (articles) nor "neuf" (also "new"): too often not a number.
    **dict.fromkeys(("two", "deux"), 2),
    **dict.fromkeys(("three", "trois"), 3),
    **dict.fromkeys(("four", "quatre"), 4),
    **dict.fromkeys(("five", "cinq"), 5),
    "six": 6,
    **dict.fromkeys(("seven", "sept"), 7),
    **dict.fromkeys(("eight", "huit"), 8),
    "nine": 9,
    **dict.fromkeys(("ten", "dix"), 10),
    **dict.fromkeys(("eleven", "onze"), 11),
    **dict.fromkeys(("twelve", "douze"), 12),
    **dict.fromkeys(("fifteen", "quinze"), 15),
    **dict.fromkeys(("twenty", "vingt"), 20),
    **dict.fromkeys(("thirty", "trente"), 30),
    **dict.fromkeys(("forty", "quarante"), 40),
    **dict.fromkeys(("fifty", "cinquante"), 50),
    **dict.fromkeys(("sixty", "soixante"), 60),
    "ninety": 90,
}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b")


@dataclass(frozen=True, slots=True)
class _Number:
    values: frozenset[Decimal]
    unit: str | None
    text: str


def missing_facts(text: str, source: str, context: str = "") -> list[str]:
    """The facts of `text` that `source` does not give, contacts (sorted) first. Identifiers of five characters
    or more with digits (order or tracking numbers) may also come from `context`."""
    text_facts, text_rest = _contacts(text)
    source_facts, source_rest = _contacts(source)
    context_ids = {w.casefold() for w in re.findall(r"\b\w*\d\w*\b", context) if len(w) >= 5}
    missing = sorted(text_facts - source_facts)
    source_numbers = _numbers(source_rest)
    for number in _numbers(text_rest):
        if number.text.replace(" ", "").casefold() in context_ids:
            continue
        if not any(_same(number, other) for other in source_numbers):
            missing.append(number.text)
    return missing


def _same(a: _Number, b: _Number) -> bool:
    return bool(a.values & b.values) and (a.unit is None or b.unit is None or a.unit == b.unit)


def _contacts(text: str) -> tuple[set[str], str]:
    """URLs, e-mails and phones (normalised), and the text without them (so their digits are not numbers)."""
    found: set[str] = set()
    spans: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        found.add("url:" + match.group().rstrip(".,;:!?").casefold().rstrip("/"))
        spans.append(match.span())
    for email in find_emails(text):
        found.add("email:" + email.value)
        spans.append((email.start, email.end))
    for phone in find_phones(text, _PHONE_REGIONS):
        found.add("phone:" + phone.value)
        spans.append((phone.start, phone.end))
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    return found, "".join(rest)


def _numbers(text: str) -> list[_Number]:
    folded = fold(text)
    numbers = []
    for match in _NUMBER.finditer(folded):
        whole, separator, fraction = match.group(1).replace(" ", ""), match.group(2), match.group(3)
        values = {_decimal(whole)}
        if separator:
            values = {_decimal(f"{whole}.{fraction}")}
            if len(fraction) == 3:
                values.add(_decimal(whole + fraction))
        unit = _unit(folded[: match.start()], folded[match.end() :])
        numbers.append(_Number(frozenset(v for v in values if v is not None), unit, match.group()))
    for match in _NUMBER_WORD.finditer(folded):
        value = Decimal(NUMBER_WORDS[match.group(1)])
        numbers.append(_Number(frozenset({value}), _unit("", folded[match.end() :]), match.group()))
    return numbers


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def _unit(before: str, after: str) -> str | None:
    if currency := _CURRENCY_BEFORE.search(before):
        return {"€": "eur", "$": "usd", "£": "gbp"}[currency.group(1)]
    match = _UNIT_AFTER.match(after)
    return match.lastgroup if match else None


def fold(text: str) -> str:
    """Lower-case, accent-free, with plain apostrophes and spaces ("Délai" and "delai" are one word)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
