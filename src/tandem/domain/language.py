"""Languages Tandem speaks out of the box."""

from enum import StrEnum

from tandem.domain.errors import InvalidInput


class Language(StrEnum):
    EN = "en"
    FR = "fr"


DEFAULT_LANGUAGE = Language.EN
LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)  # ("en", "fr")


def check_language(language: str | None) -> str | None:
    """`language` if Tandem speaks it (None: not known yet); else InvalidInput."""
    if language not in (None, *LANGUAGES):
        raise InvalidInput(f"unsupported language {language!r}: use fr, en or null")
    return language
