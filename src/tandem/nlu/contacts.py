"""Phone numbers and e-mail addresses, validated (phonenumbers metadata, pragmatic RFC 5322 subset)."""

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

# A phone number is typed as digit groups joined by one space, dot or dash; "(0)" and "(020)" ride along
# with the digits that follow them. Groups glued to letters belong to something else (IBAN, tracking).
# The separator between groups is mandatory, so the run pattern cannot backtrack exponentially.
_GROUP = r"(?:\([0-9]{1,4}\) ?)?[0-9]+"
_PHONE_RUN = re.compile(rf"(?<![0-9A-Za-z_+])\+?{_GROUP}(?:[ .\-\u00a0]{_GROUP})*")
_PHONE_GROUP = re.compile(rf"\+?{_GROUP}")
_PHONE_HINT = re.compile(r"[0-9](?:[ .()-]{0,2}[0-9]){7}")  # cheap gate: at least 8 digits close together
_DIGIT_COUNT = {"+": (8, 16), "00": (10, 17), "0": (9, 11)}

_EMAIL = re.compile(
    r"(?<![0-9A-Za-z._%+-])"
    r"[0-9A-Za-z](?:[0-9A-Za-z._%+-]*[0-9A-Za-z_%+-])?"
    r"@(?:[0-9A-Za-z](?:[0-9A-Za-z-]*[0-9A-Za-z])?\.)+[A-Za-z]{2,24}"
    r"(?![0-9A-Za-z_-])"
)


@dataclass(frozen=True, slots=True)
class Found:
    """A span of text and its normalised value."""

    start: int
    end: int
    value: str


def find_phones(text: str, regions: tuple[str, ...]) -> list[Found]:
    """Valid phone numbers, value in E.164.

    National numbers (leading 0 or 00) are tried in each of `regions`; numbers with "+" carry their own
    country code, so every region agrees on them. A bare digit string without 0/+ is never a phone: it is
    far more often an order number, and phonenumbers happily validates "1234567890" as a UK landline.
    """
    found: list[Found] = []
    if not _PHONE_HINT.search(text):
        return found
    for run in _PHONE_RUN.finditer(text):
        if run.end() - run.start() >= 8:
            found += _phones_in_run(text, run, regions)
    return found


def find_emails(text: str) -> list[Found]:
    """E-mail addresses, value lower-cased; trailing punctuation is left out of the span."""
    if "@" not in text:
        return []
    return [Found(match.start(), match.end(), match.group().lower()) for match in _EMAIL.finditer(text)]


def _phones_in_run(text: str, run: re.Match[str], regions: tuple[str, ...]) -> list[Found]:
    offset = run.start()
    groups = [(offset + g.start(), offset + g.end(), g.group()) for g in _PHONE_GROUP.finditer(run.group())]
    if run.end() < len(text) and text[run.end()].isalnum():
        groups.pop()  # glued to a word: "0612345678abc" is not a phone number
    counts = [len(group) if group.isdigit() else sum(char.isdigit() for char in group) for *_, group in groups]
    found: list[Found] = []
    first = 0
    while first < len(groups):
        hit = _longest_phone_from(text, groups, counts, first, regions)
        if hit is None:
            first += 1
            continue
        last, e164 = hit
        found.append(Found(groups[first][0], groups[last][1], e164))
        first = last + 1
    return found


def _longest_phone_from(
    text: str, groups: list[tuple[int, int, str]], counts: list[int], first: int, regions: tuple[str, ...]
) -> tuple[int, str] | None:
    head = groups[first][2].lstrip("(")
    prefix = "+" if head[0] == "+" else "00" if head.startswith("00") else "0" if head[0] == "0" else ""
    if not prefix:
        return None
    low, high = _DIGIT_COUNT[prefix]
    for last in range(len(groups) - 1, first - 1, -1):
        if not low <= sum(counts[first : last + 1]) <= high:
            continue
        candidate = text[groups[first][0] : groups[last][1]]
        for region in ("ZZ",) if prefix == "+" else regions:
            e164 = _e164(candidate, region)
            if e164 is not None:
                return last, e164
    return None


@lru_cache(maxsize=4096)
def _e164(candidate: str, region: str) -> str | None:
    # Parsing dominates the cost of entity extraction; extract_entities and redact see the same message.
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
