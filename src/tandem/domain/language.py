"""Languages Tandem speaks out of the box."""

from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    FR = "fr"


DEFAULT_LANGUAGE = Language.EN
