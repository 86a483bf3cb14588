"""Typed checks of an article's metadata values, whichever file format they came from.

Every failure is an `InvalidInput` whose message is `<key>: <problem>`; the caller prefixes the file.
"""

from typing import Any

from tandem.domain.errors import InvalidInput

KEYS = ("id", "title", "tags", "intents", "questions", "lang")


def text(value: Any, key: str) -> str:
    """`value` stripped if it is non-empty text; YAML numbers, yes/no values and dates are refused."""
    if not isinstance(value, str):
        raise InvalidInput(f"{key}: expected text (quote it)")
    if not value.strip():
        raise InvalidInput(f"{key}: empty text")
    return value.strip()


def texts(value: Any, key: str) -> tuple[str, ...]:
    """A list of texts (absent means none), each stripped, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(text(item, f"{key}[{i}]") for i, item in enumerate(_items(value, key))))


def identifier(value: Any, key: str) -> str:
    """An article or intent id as the pack loader accepts it: letters, digits, `_` and `-`, not starting with a
    digit or `-`."""
    name = text(value, key)
    if not name.replace("-", "_").isidentifier():
        raise InvalidInput(f"{key}: {name!r} is not a valid id (letters, digits, _ and -, starting with a letter)")
    return name


def identifiers(value: Any, key: str) -> tuple[str, ...]:
    """A list of ids (absent means none), duplicates dropped, order kept."""
    return tuple(dict.fromkeys(identifier(item, f"{key}[{i}]") for i, item in enumerate(_items(value, key))))


def language(value: Any, key: str) -> str:
    """A language tag reduced to its primary subtag, lower-cased (`fr-FR` -> `fr`)."""
    tag = text(value, key).replace("_", "-").split("-")[0].lower()
    if not tag.isalpha() or not 2 <= len(tag) <= 3:
        raise InvalidInput(f"{key}: {value!r} is not a language code such as en or fr")
    return tag


def _items(value: Any, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"{key}: expected a list of text, e.g. [a, b]")
    return value
