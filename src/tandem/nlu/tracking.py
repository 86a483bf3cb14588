"""Parcel tracking numbers: UPS, UPU S10 (La Poste), Colissimo, and a cue-gated generic fallback."""

import re
from collections.abc import Callable

from tandem.domain.understanding import Entity, EntityKind

_UPS = re.compile(r"(?<![0-9A-Za-z])1Z[0-9A-Z]{16}(?![0-9A-Za-z])", re.IGNORECASE)
_S10 = re.compile(r"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{9}[A-Z]{2}(?![0-9A-Za-z])", re.IGNORECASE)
_COLISSIMO = re.compile(r"(?<![0-9A-Za-z])[0-9][A-Z][0-9]{11}(?![0-9A-Za-z])", re.IGNORECASE)
_GENERIC = re.compile(r"(?<![0-9A-Za-z_-])[0-9A-Z]{10,22}(?![0-9A-Za-z_-])")
_CUE = re.compile(
    r"\b(?:suivi|tracking|track|colis|parcel|package|shipment|envoi|exp[ée]dition"
    r"|colissimo|chronopost|ups|dhl|fedex|gls|dpd)\b",
    re.IGNORECASE,
)
_CUE_BEFORE, _CUE_AFTER = 40, 25
# Cheap gates: each full pattern is only run when the message could hold a match.
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_CUE_HINTS = (
    "suivi",
    "track",
    "colis",
    "parcel",
    "package",
    "shipment",
    "envoi",
    "exp",
    "chrono",
    "ups",
    "dhl",
    "fedex",
    "gls",
    "dpd",
)

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def ups_valid(number: str) -> bool:
    """UPS "1Z" check digit: letters map to digits, odd body positions count double, mod 10."""
    number = number.upper()
    if len(number) != 18 or not number.startswith("1Z") or not number[17].isdigit():
        return False
    total = 0
    for index, char in enumerate(number[2:17]):
        value = int(char) if char.isdigit() else (ord(char) - 63) % 10
        total += value * 2 if index % 2 else value
    return (10 - total % 10) % 10 == int(number[17])


def s10_valid(number: str) -> bool:
    """UPU S10 check digit (weights 8 6 4 2 3 5 9 7, mod 11, 10 -> 0, 11 -> 5)."""
    if len(number) != 13 or not number[2:11].isdigit():
        return False
    serial, check = number[2:10], number[10]
    expected = 11 - sum(int(digit) * weight for digit, weight in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(expected, expected) == int(check)


def find_tracking_numbers(text: str) -> list[Entity]:
    """Tracking numbers with `detail` = carrier ("ups", "laposte", "colissimo", "generic")."""
    found: list[Entity] = []
    shaped: set[tuple[int, int]] = set()
    patterns: list[tuple[re.Pattern[str], str, Callable[[str], bool] | None]] = []
    if "1Z" in text or "1z" in text:
        patterns.append((_UPS, "ups", ups_valid))
    if _NINE_DIGITS.search(text):
        patterns += [(_S10, "laposte", s10_valid), (_COLISSIMO, "colissimo", None)]
    for pattern, carrier, valid in patterns:
        for match in pattern.finditer(text):
            # A look-alike with a bad check digit is rejected outright, not passed on to the generic rule.
            shaped.add(match.span())
            if valid is None or valid(match.group()):
                found.append(_entity(match, carrier))
    lowered = text.lower()
    if not any(hint in lowered for hint in _CUE_HINTS):
        return found
    for match in _GENERIC.finditer(text):
        candidate = match.group()
        if match.span() in shaped or candidate.isdigit() or candidate.isalpha():
            continue
        if _CUE.search(text, max(0, match.start() - _CUE_BEFORE), match.start()) or _CUE.search(
            text, match.end(), match.end() + _CUE_AFTER
        ):
            found.append(_entity(match, "generic"))
    return found


def _entity(match: re.Match[str], carrier: str) -> Entity:
    return Entity(EntityKind.TRACKING_NUMBER, match.group(), match.group().upper(), *match.span(), carrier)
