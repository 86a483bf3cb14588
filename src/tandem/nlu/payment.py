"""Payment identifiers (card numbers, IBANs), found only when their checksum holds."""

import re

# Card numbers are typed as digit groups joined by single spaces or dashes; a group glued to a letter or
# another digit belongs to something else (an IBAN body, a tracking number) and breaks the run.
_CARD_GROUP = re.compile(r"(?<![0-9A-Za-z])[0-9]+(?![0-9A-Za-z])")
_CARD_SEPARATORS = frozenset(" -")
_CARD_MIN, _CARD_MAX = 13, 19
_CARD_HINT = re.compile(r"[0-9](?:[ -]?[0-9]){12}")  # cheap gate: most messages hold no 13-digit run

_IBAN_START = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}[0-9]{2}")

# SWIFT IBAN registry lengths, plus the French overseas-territory codes some validators accept. Knowing the
# exact length is what lets us stop before the next word instead of guessing where a spaced IBAN ends.
_IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18,
    "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
    "GF": 27, "GP": 27, "MQ": 27, "RE": 27, "PF": 27, "TF": 27, "YT": 27, "NC": 27, "PM": 27, "WF": 27,
    "BL": 27, "MF": 27,
}  # fmt: skip


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check used by payment cards."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(iban: str) -> bool:
    """True when `iban` (no spaces, any case) has its registry length and a valid mod-97 checksum."""
    iban = iban.upper()
    if _IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isascii() or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def find_cards(text: str) -> list[tuple[int, int]]:
    """Spans of Luhn-valid card numbers (13–19 digits, optionally grouped with spaces or dashes)."""
    spans: list[tuple[int, int]] = []
    if not _CARD_HINT.search(text):
        return spans
    for run in _card_runs(text):
        spans.extend(_best_card_windows(text, run))
    return spans


def find_ibans(text: str) -> list[tuple[int, int]]:
    """Spans of IBANs, compact or in spaced groups, whose mod-97 checksum holds."""
    spans: list[tuple[int, int]] = []
    position = 0
    while match := _IBAN_START.search(text, position):
        length = _IBAN_LENGTHS.get(match.group()[:2].upper())
        end = _iban_end(text, match.start(), length) if length else None
        if end is not None and iban_valid(text[match.start() : end].replace(" ", "")):
            spans.append((match.start(), end))
            position = end
        else:
            position = match.start() + 1
    return spans


def _iban_end(text: str, start: int, length: int) -> int | None:
    """End offset after `length` alphanumerics from `start`, allowing single spaces between groups."""
    count, position, size = 0, start, len(text)
    while count < length and position < size:
        char = text[position]
        if _is_alnum(char):
            count += 1
        elif not (char == " " and position + 1 < size and _is_alnum(text[position + 1])):
            break
        position += 1
    if count < length or (position < size and _is_alnum(text[position])):
        return None
    return position


def _is_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _card_runs(text: str) -> list[list[re.Match[str]]]:
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for group in _CARD_GROUP.finditer(text):
        gap = text[current[-1].end() : group.start()] if current else ""
        if current and not (len(gap) == 1 and gap in _CARD_SEPARATORS):
            runs.append(current)
            current = []
        current.append(group)
    if current:
        runs.append(current)
    return runs


def _best_card_windows(text: str, run: list[re.Match[str]]) -> list[tuple[int, int]]:
    sizes = [group.end() - group.start() for group in run]
    if sum(sizes) < _CARD_MIN:
        return []
    # Longest valid windows first, so a card written next to an unrelated number is still caught whole.
    windows: list[tuple[int, int, int]] = []
    for first in range(len(run)):
        # No card number starts with 0 (MII 0 is not issued) or after a "+": those are phone numbers.
        start = run[first].start()
        if text[start] == "0" or (start and text[start - 1] == "+"):
            continue
        count = 0
        for last in range(first, len(run)):
            count += sizes[last]
            if count > _CARD_MAX:
                break
            if count >= _CARD_MIN:
                windows.append((count, first, last))
    windows.sort(key=lambda window: (-window[0], window[1]))
    taken: list[tuple[int, int]] = []
    used: set[int] = set()
    for _, first, last in windows:
        indexes = range(first, last + 1)
        if used.intersection(indexes):
            continue
        digits = "".join(run[index].group() for index in indexes)
        if luhn_valid(digits):
            used.update(indexes)
            taken.append((run[first].start(), run[last].end()))
    return sorted(taken)
