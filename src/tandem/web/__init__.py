"""The browser side: page templates, static JS/CSS and the pages' own words in every language (data, not code)."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from tandem.domain.language import LANGUAGES as LANGUAGES  # the pages' languages

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
LOCALES_DIR = WEB_DIR / "locales"

DEFAULT_LANGUAGE = "en"
DEFAULT_DOMAIN = "ecommerce"


@cache
def strings(language: str) -> dict[str, Any]:
    """Every page's own text in `language` (a nested mapping; English for an unknown language)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    data = yaml.safe_load((LOCALES_DIR / f"{language}.yaml").read_text(encoding="utf-8"))
    return data or {}


def pick_language(requested: str | None, accept_language: str | None) -> str:
    """`?lang=` when supported, else the best supported Accept-Language entry, else English."""
    if requested and requested.lower() in LANGUAGES:
        return requested.lower()
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
