"""Language identification for short chat text (lingua), with the conversation's language as tie-breaker."""

import re
from functools import lru_cache

from lingua import Language as LinguaLanguage
from lingua import LanguageDetector, LanguageDetectorBuilder

SUPPORTED: dict[str, LinguaLanguage] = {"en": LinguaLanguage.ENGLISH, "fr": LinguaLanguage.FRENCH}

# Tokens that carry no language: ids, numbers, e-mails, URLs. They only add noise on short texts.
_NOISE = re.compile(r"\S*\d\S*|\S+@\S+|https?://\S+")
# French chat shorthand lingua's models rarely see; a nudge, not a detector of our own.
_FR_SHORTHAND = re.compile(r"\b(?:stp|svp|bjr|slt|pb|pcq|jsp|dsl|mdr|cc|tkt|rdv)\b", re.IGNORECASE)
_MIN_MARGIN = 0.15


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*SUPPORTED.values()).build()


def detect_language(text: str, fallback: str | None = None) -> str:
    """Return "en" or "fr" for `text`.

    When the text says too little to tell (a number, "ok", a near tie), return `fallback` if given
    (the language the conversation already uses), else English.
    """
    default = fallback if fallback in SUPPORTED else "en"
    cleaned = _NOISE.sub(" ", text).strip()
    if not cleaned:
        return default
    scores = {v.language: v.value for v in _detector().compute_language_confidence_values(cleaned)}
    fr = scores.get(LinguaLanguage.FRENCH, 0.0)
    en = scores.get(LinguaLanguage.ENGLISH, 0.0)
    if _FR_SHORTHAND.search(cleaned):
        fr += 0.2
    if abs(fr - en) < _MIN_MARGIN:
        return default
    return "fr" if fr > en else "en"
