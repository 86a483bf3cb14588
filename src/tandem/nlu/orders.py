"""Order numbers: demo 6-digit ids, cue-backed 6–10 digit ids, and prefixed ids like ORD-12345."""

import re

from tandem.domain.understanding import Entity, EntityKind

_DIGITS = re.compile(r"(?<![0-9A-Za-z.,+/_-])[0-9]{6,10}(?![0-9A-Za-z_]|[.,/-][0-9])")
# "#100234", "n°100234", "nº 100234", "no. 100234": the symbol belongs to the span but not to the value.
_SYMBOL = re.compile(r"(?:#|\bn[°º]|\bno\.?) ?$", re.IGNORECASE)
_SYMBOL_WIDTH = 5
_PREFIX_HINT = re.compile(r"[A-Za-z]-?[0-9]")
_PREFIXED = re.compile(r"(?<![0-9A-Za-z_-])([A-Za-z]{2,5})(-?)([0-9][0-9A-Za-z]*(?:-[0-9A-Za-z]+)*)(?![0-9A-Za-z_-])")
_KNOWN_PREFIXES = frozenset({"ORD", "ORDER", "CMD", "CDE", "SO", "PO", "WEB"})
_GLUED_PREFIXES = frozenset({"ORD", "CMD", "CDE"})  # written without a dash, e.g. "CMD20240042"
_CUE_BEFORE = re.compile(
    r"(?:\b(?:orders?|commandes?|cmd|cde|achat|purchase)\b|#|n[°º]|\bno\b\.?)[^0-9\n]{0,25}$", re.IGNORECASE
)
_CUE_AFTER = re.compile(r"^[^0-9\n]{0,15}\b(?:orders?|commandes?)\b", re.IGNORECASE)
_WINDOW = 40


def find_order_ids(text: str) -> list[Entity]:
    """Order ids, `value` without "#"/"n°". Plain numbers outside 100000–199999 need an order cue."""
    found: list[Entity] = []
    for match in _DIGITS.finditer(text):
        digits, start, end = match.group(), match.start(), match.end()
        symbol = _SYMBOL.search(text, max(0, start - _SYMBOL_WIDTH), start)
        if symbol is not None:
            start = symbol.start()
        elif not (len(digits) == 6 and digits[0] == "1") and not _has_cue(text, start, end):
            continue
        found.append(Entity(EntityKind.ORDER_ID, text[start:end], digits, start, end))
    if not _PREFIX_HINT.search(text):
        return found
    for match in _PREFIXED.finditer(text):
        prefix, dash, rest = match.groups()
        if sum(char.isdigit() for char in rest) < 3:
            continue
        prefix = prefix.upper()
        known = prefix in (_KNOWN_PREFIXES if dash else _GLUED_PREFIXES)
        if known or (dash and match.group(1).isupper() and _has_cue(text, match.start(), match.end())):
            found.append(Entity(EntityKind.ORDER_ID, match.group(), match.group().upper(), *match.span()))
    return found


def _has_cue(text: str, start: int, end: int) -> bool:
    return bool(_CUE_BEFORE.search(text[max(0, start - _WINDOW) : start])) or bool(
        _CUE_AFTER.search(text[end : end + _WINDOW])
    )
