"""Tandem's own phrases in every supported language, from `locales/<lang>.yaml` (data, not code)."""

from functools import cache
from importlib.resources import files

import yaml

FALLBACK = "en"


@cache
def _catalog(language: str) -> dict[str, str]:
    resource = files("tandem.locales") / f"{language}.yaml"
    if not resource.is_file():
        return {}
    data = yaml.safe_load(resource.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def t(key: str, language: str, **values: object) -> str:
    """The phrase `key` in `language` (English when missing), formatted with `values`."""
    text = _catalog(language).get(key) or _catalog(FALLBACK)[key]
    return text.format(**values) if values else text
