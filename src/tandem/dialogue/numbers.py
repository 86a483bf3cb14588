"""Decimal numbers in the AI's answers written as a customer reads them: "42,18" in French, "42.18" in English;
the connectors give them with a point ("42.18", "-3.5")."""

import re
from collections.abc import Mapping
from typing import Any

_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_SEPARATOR = {"fr": ","}


def local_decimal(value: str, language: str) -> str:
    """A plain decimal with the language's decimal separator; any other text as it is."""
    separator = _SEPARATOR.get(language)
    return value.replace(".", separator) if separator and _DECIMAL.match(value) else value


def with_local_decimals(values: Mapping[str, Any], language: str) -> dict[str, Any]:
    """`values` with every plain decimal written with `language`'s separator (other fields unchanged)."""
    return {name: local_decimal(v, language) if isinstance(v, str) else v for name, v in values.items()}
