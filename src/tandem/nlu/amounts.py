"""Money amounts in euros, dollars and pounds, normalised to "1234.50" + ISO currency."""

import re

from tandem.domain.understanding import Entity, EntityKind

# Thousands separators are a space (also no-break / narrow no-break), a dot, a comma or an apostrophe;
# the decimal part is the last "," or "." followed by one or two digits.
_NUMBER = r"(?:[0-9]{1,3}(?:[ \u00a0\u202f.,'’][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]{1,2})?)"
# Numbers are found first (a fast character-class scan) and only then is a currency looked for next to
# them: one case-insensitive pattern tried at every position of the message costs several times more.
_AMOUNT_NUMBER = re.compile(rf"(?<![0-9A-Za-z.,]){_NUMBER}(?![0-9]|[.,][0-9])")
_CURRENCY_AFTER = re.compile(
    r"(?P<cents>€[0-9]{2}(?![0-9]))"  # "49€90"
    r"|\s?(?P<after>€|\$|£|eur(?:o?s)?\b|euro\b|usd\b|dollars?\b|gbp\b|pounds?\b|livres? sterling\b)",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:€|US\$|\$|£|\b(?:EUR|USD|GBP))\s?$", re.IGNORECASE)
_CURRENCY_WIDTH = 4
_CURRENCIES = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "livre sterling": "GBP",
    "livres sterling": "GBP",
}


def find_amounts(text: str) -> list[Entity]:
    """Amounts with an explicit currency; `detail` is the ISO code (EUR, USD, GBP)."""
    found: list[Entity] = []
    for number in _AMOUNT_NUMBER.finditer(text):
        start, end = number.span()
        if found and start < found[-1].end:  # the cents of "49€90"
            continue
        before = _CURRENCY_BEFORE.search(text, max(0, start - _CURRENCY_WIDTH), start)
        after = None if before else _CURRENCY_AFTER.match(text, end)
        if before:
            start, symbol, value = before.start(), before.group().strip(), normalise_number(number.group())
        elif after and after.group("cents"):
            end, symbol, value = after.end(), "€", f"{int(number.group())}.{after.group('cents')[1:]}"
        elif after:
            end, symbol, value = after.end(), after.group("after"), normalise_number(number.group())
        else:
            continue
        currency = _CURRENCIES[symbol.lower()]
        found.append(Entity(EntityKind.AMOUNT, text[start:end], value, start, end, currency))
    return found


def normalise_number(number: str) -> str:
    """ "1 234,5" -> "1234.50": drop thousands separators, keep two decimals."""
    decimals = ""
    for width in (2, 3):
        if len(number) > width and number[-width] in ".,":
            number, decimals = number[:-width], number[-width + 1 :]
            break
    units = int("".join(char for char in number if char.isdigit()))
    return f"{units}.{decimals.ljust(2, '0')}"
