"""Non-intent cues of one customer message: sentiment, frustration, abuse, human request, sensitive topics.

Lexicon-based on purpose: every flag can be traced to the words that raised it, which triage and the agents
need, and it works from the first message in French and English. The lexicons live in `nlu/lexicon/*.yaml`.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from tandem.domain.understanding import SensitiveTopic, Signals
from tandem.nlu.lexicon import Lexicon, load_lexicon
from tandem.nlu.textnorm import NormText, normalize

# Longer input adds nothing to the signals of a chat message and would only slow the matchers down.
MAX_CHARS = 4000
_NEGATION_WORDS = 3  # a negator this many words before a polar word flips it
_NEGATION_REACH = 60  # characters looked back for it
_SELF_REACH = 48  # characters before an insult searched for "I'm an ..."

_PUNCTUATION = re.compile(r"[.,;:!?\n]+")
_CAPS_WORD = re.compile(r"[^\W\d_a-z]{3,}")  # candidates only: also catches "été"; isupper() decides
_WORD = re.compile(r"[^\W\d_]{2,}")
_REPEATED_MARKS = re.compile(r"[!?](?:\s?[!?])+")
_TOPIC_ORDER = tuple(SensitiveTopic)


@dataclass(frozen=True, slots=True)
class _Polarity:
    positive: int = 0
    negative: int = 0
    negated_positive: int = 0  # "not happy"
    negated_negative: int = 0  # "not bad"


def detect_signals(text: str, language: str) -> Signals:
    """Signals of one message; `language` is "en" or "fr", anything else checks both lexicons."""
    text = text[:MAX_CHARS]
    lexicon = load_lexicon(language)
    plain = normalize(text).text
    revealed = normalize(text, deobfuscate=True)

    abuse_terms, threatened = _abuse(lexicon, revealed)
    rejects = lexicon.rejects_answer.search(plain)
    sentiment, frustration = _scores(
        polarity=_polarity(lexicon, plain),
        cues=sum(1 for start, _, _ in lexicon.frustration.finditer(plain) if not _hypothetical(lexicon, plain, start)),
        profanity=lexicon.profanity.count(revealed.text),
        insults=len(abuse_terms),
        rejects=rejects,
        intensity=_shouting(text) + _repeated_marks(text),
    )
    return Signals(
        sentiment=sentiment,
        frustration=frustration,
        abuse=bool(abuse_terms),
        abuse_terms=tuple(dict.fromkeys(abuse_terms + _vulgar(lexicon, revealed))),
        asked_for_human=lexicon.human_request.search(lexicon.human_request_exclude.blank(plain)),
        sensitive_topics=_sensitive_topics(lexicon, plain, threatened),
        multi_issue=_multi_issue(lexicon, plain),
        rejects_answer=rejects,
    )


def _scores(
    *, polarity: _Polarity, cues: int, profanity: int, insults: int, rejects: bool, intensity: float
) -> tuple[float, float]:
    """Sentiment (-1..1) and frustration (0..1) from the counted cues.

    Hand-set weights, checked against the test tables: one frustration cue or negative word moves sentiment
    as much as one positive word; swearing counts half; an insult, one and a half. Frustration saturates
    (1 - e^-x), so one clear cue gives about 0.6 and more cues add less and less.
    """
    negative = polarity.negative + polarity.negated_positive
    positive = polarity.positive + 0.5 * polarity.negated_negative
    raw = positive - negative - cues - 0.5 * profanity - 1.5 * insults - (0.5 if rejects else 0.0)
    raw += 0.2 * intensity if raw > 0 else -0.5 * intensity
    # Happy shouting ("THANK YOU!!!") is not impatience.
    calm = positive > negative + cues and not profanity and not insults
    strain = (
        cues
        + 0.6 * profanity
        + 0.2 * negative
        + (0.1 if calm else 1.0) * intensity
        + (1.0 if insults else 0.0)
        + (0.4 if rejects else 0.0)
    )
    return round(math.tanh(0.6 * raw), 3), round(1.0 - math.exp(-strain), 3)


def _abuse(lexicon: Lexicon, revealed: NormText) -> tuple[tuple[str, ...], bool]:
    """Insults and threats as the customer typed them, and whether one of them is a threat."""
    terms: list[str] = []
    text = lexicon.abuse_exclude.blank(revealed.text)  # same length: offsets into `revealed` still hold
    for start, end, _ in lexicon.abuse.finditer(text):
        before = text[max(0, start - _SELF_REACH) : start]
        if lexicon.self_reference.search(before) is None:  # "I feel like an idiot"
            terms.append(revealed.source_text(start, end).strip())
    threats = [revealed.source_text(start, end).strip() for start, end, _ in lexicon.threat.finditer(revealed.text)]
    return tuple(dict.fromkeys(terms + threats)), bool(threats)


def _vulgar(lexicon: Lexicon, revealed: NormText) -> tuple[str, ...]:
    """Swear words as typed: masked for the agents like insults, but alone they are frustration, not abuse."""
    return tuple(revealed.source_text(start, end).strip() for start, end, _ in lexicon.vulgar.finditer(revealed.text))


def _polarity(lexicon: Lexicon, text: str) -> _Polarity:
    text = lexicon.polarity_ignore.blank(text)
    counts = [0, 0, 0, 0]
    for start, _, name in lexicon.polarity.finditer(text):
        counts[(name == "negative") + 2 * _negated(lexicon, text, start)] += 1
    return _Polarity(*counts)


def _negated(lexicon: Lexicon, text: str, start: int) -> bool:
    """Whether a negator ("not", "pas") sits in the few words before `start`, in the same clause."""
    return lexicon.negator.search(_words_before(lexicon, text, start))


def _hypothetical(lexicon: Lexicon, text: str, start: int) -> bool:
    """Whether the cue at `start` follows an "if" ("what do I do if nobody answers?")."""
    return lexicon.conditional.search(_words_before(lexicon, text, start))


def _words_before(lexicon: Lexicon, text: str, start: int) -> str:
    """The last few words before `start`, within its clause."""
    window = text[max(0, start - _NEGATION_REACH) : start]
    cut = max((m.end() for m in _PUNCTUATION.finditer(window)), default=0)
    cut = max([cut, *(end for _, end, _ in lexicon.clause_break.finditer(window))])
    return " ".join(window[cut:].split()[-_NEGATION_WORDS:])


def _shouting(text: str) -> float:
    """0..1: share of capital letters, once at least two words of three or more letters are in capitals."""
    if sum(1 for word in _CAPS_WORD.findall(text) if word.isupper()) < 2:
        return 0.0
    words = _WORD.findall(text)
    letters = sum(map(len, words))
    shouted = sum(len(word) for word in words if word.isupper())
    ratio = shouted / letters if letters >= 8 else 0.0
    return ratio if ratio >= 0.6 else 0.0


def _repeated_marks(text: str) -> float:
    """0..1 from runs like "!!", "???", "?!?!"."""
    runs = (len(m.group().replace(" ", "")) for m in _REPEATED_MARKS.finditer(text))
    return min(1.0, sum(0.25 + 0.1 * (min(run, 6) - 2) for run in runs))


def _sensitive_topics(lexicon: Lexicon, text: str, threatened: bool) -> tuple[SensitiveTopic, ...]:
    found = {SensitiveTopic(name) for _, _, name in lexicon.sensitive.finditer(text)}
    if threatened:
        found.add(SensitiveTopic.SAFETY)
    return tuple(topic for topic in _TOPIC_ORDER if topic in found)


def _multi_issue(lexicon: Lexicon, text: str) -> bool:
    """A cue phrase ("and also", "par ailleurs"), or two clauses about unrelated topics."""
    if lexicon.multi_issue.search(text):
        return True
    found = list(lexicon.topics.finditer(text))
    if len({name for _, _, name in found}) < 2:
        return False
    boundaries = sorted(
        [m.end() for m in _PUNCTUATION.finditer(text)] + [end for _, end, _ in lexicon.clause_joiner.finditer(text)]
    )
    by_clause: dict[int, set[str]] = {}
    for start, _, topic in found:
        by_clause.setdefault(bisect_right(boundaries, start), set()).add(topic)
    seen: list[set[str]] = []
    for topics in by_clause.values():
        if any(not topics & other for other in seen):
            return True
        seen.append(topics)
    return False
