"""Signal lexicons: data in `<language>.yaml`, compiled once into one regular expression per category.

The template syntax of the entries is described in `tandem.nlu.lexicon.compile`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from tandem.domain.language import LANGUAGES
from tandem.domain.understanding import SensitiveTopic
from tandem.nlu.lexicon.compile import compile_entries, compile_groups, compile_trailing, template_regex
from tandem.nlu.lexicon.matcher import Matcher

__all__ = [
    "LANGUAGES",
    "Lexicon",
    "Matcher",
    "compile_entries",
    "compile_groups",
    "load_lexicon",
    "template_regex",
    "warm_lexicons",
]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled matchers of one language (or of all, for an unknown language)."""

    polarity: Matcher  # names "positive" or "negative"
    polarity_ignore: Matcher
    negator: Matcher
    clause_break: Matcher  # words that end the reach of a negator ("but"); punctuation does too
    frustration: Matcher
    profanity: Matcher  # profanity, vulgar, abuse and threat run on de-obfuscated text
    vulgar: Matcher  # the swear words masked for the agents, though alone they are not abuse
    abuse: Matcher
    abuse_exclude: Matcher  # ordinary words that contain an insult ("pain bâtard")
    threat: Matcher
    self_reference: re.Pattern[str]  # searched in the text just before an insult
    human_request: Matcher
    human_request_exclude: Matcher
    rejects_answer: Matcher
    multi_issue: Matcher
    clause_joiner: Matcher  # words that start a new clause ("and", "also"); punctuation does too
    conditional: Matcher  # "if": what follows is hypothetical
    topics: Matcher  # names the topic of conversation
    sensitive: Matcher  # names the SensitiveTopic


def load_lexicon(language: str) -> Lexicon:
    """The compiled lexicon of `language`; any language other than en/fr gets both merged."""
    key = language if language in LANGUAGES else ""
    return _BUILT.get(key) or _load(key)


def warm_lexicons() -> None:
    """Build the lexicons of the languages messages are read in now (about 0.6 s of CPU each), not on a customer's
    message. The merged one (1.2 s) is left until something asks for it: the triage's language is always one of
    LANGUAGES (`tandem.nlu.language.detect_language`)."""
    for language in LANGUAGES:
        load_lexicon(language)


# Built once per process, by one thread: a server's first messages arrive on many request threads at once, and
# each building its own copy cost 40 builds (24 s of CPU) after a restart under load.
_BUILT: dict[str, Lexicon] = {}
_BUILDING = threading.Lock()


def _load(language: str) -> Lexicon:
    with _BUILDING:
        if (built := _BUILT.get(language)) is None:
            names = (language,) if language else LANGUAGES
            built = _BUILT[language] = _build(_merge([_read(name) for name in names]))
        return built


def _read(language: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(f"{language}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"lexicon {language}.yaml must be a mapping")
    return data


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if isinstance(value, dict):
                merged[key] = _merge([merged.get(key, {}), value])
            else:
                merged[key] = [*merged.get(key, []), *(value or [])]
    return merged


def _words(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"lexicon entry {key!r} must be a list of strings")
    return value


def _build(data: dict[str, Any]) -> Lexicon:
    profanity = data.get("profanity", {})
    abuse = data.get("abuse", {})
    self_ref = data.get("self_reference", {})
    known = [str(topic) for topic in SensitiveTopic]
    sensitive = data.get("sensitive", {})
    if unknown := set(sensitive) - set(known):
        raise ValueError(f"unknown sensitive topics in lexicon: {sorted(unknown)}")
    topics = data.get("topics", {})
    return Lexicon(
        polarity=compile_groups({"positive": _words(data, "positive"), "negative": _words(data, "negative")}),
        polarity_ignore=compile_entries(_words(data, "polarity_ignore")),
        negator=compile_entries(_words(data, "negators")),
        clause_break=compile_entries(_words(data, "clause_breaks")),
        frustration=compile_entries(_words(data, "frustration")),
        profanity=compile_entries(
            _words(profanity, "phrases") + _words(profanity, "vulgar_phrases"),
            masks=True,
            inflected=_words(profanity, "words") + _words(profanity, "vulgar_words"),
        ),
        vulgar=compile_entries(
            _words(profanity, "vulgar_phrases"), masks=True, inflected=_words(profanity, "vulgar_words")
        ),
        abuse=compile_entries(_words(abuse, "phrases"), masks=True, inflected=_words(abuse, "words")),
        abuse_exclude=compile_entries(_words(data, "abuse_exclude")),
        threat=compile_entries(_words(data, "threats"), masks=True),
        self_reference=compile_trailing(_words(self_ref, "subjects"), _words(self_ref, "fillers")),
        human_request=compile_entries(_words(data, "human_request")),
        human_request_exclude=compile_entries(_words(data, "human_request_exclude")),
        rejects_answer=compile_entries(_words(data, "rejects_answer")),
        multi_issue=compile_entries(_words(data, "multi_issue")),
        clause_joiner=compile_entries(_words(data, "clause_joiners")),
        conditional=compile_entries(_words(data, "conditionals")),
        topics=compile_groups({name: _words(topics, name) for name in topics}),
        sensitive=compile_groups({name: _words(sensitive, name) for name in known if name in sensitive}),
    )
