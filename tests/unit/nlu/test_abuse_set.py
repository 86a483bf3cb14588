"""Masking and the abuse signal measured over a labelled set of real-looking chat lines (`data/abuse_lines.csv`).

The policy the set encodes (`data/README.md` says why):

- insult: a name called, or a vulgar word said OF the agent, the staff or the company ("you idiot", "this
  company is shit", "t'es vraiment une merde", "ta gueule", "fdp"). Masked for the agents AND the abuse signal:
  the AI warns once, a repeat goes to a supervisor.
- swearing: a vulgar word about a situation or a thing ("putain, mon colis est encore en retard", "where the
  fuck is my parcel", "shitty app"). Masked for the agents, NOT abuse: frustration, which triage already weighs;
  warning a customer for swearing at a late parcel would punish frustration.
- ordinary: nothing masked, including mild words no workplace would bleep ("damn", "bloody hell", "zut",
  "bon sang", "c'est nul") and innocent words that contain or look like a vulgar one ("Scunthorpe",
  "bite-sized", "contrat", "calculer", "Bitche", "les fdp sont offerts", "un pain bâtard").

Each line goes through the path a message takes: language detection (the line's language as the conversation's),
`detect_signals`, then `mask_terms` with the recorded `abuse_terms`, as `domain.shielding.for_staff` does.
Run with `-s` to see the figures per language.
"""

import csv
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tandem.domain.conversations import Author, Message
from tandem.domain.meta import MessageMeta, Reading
from tandem.domain.shielding import MASK, for_staff, mask_terms
from tandem.domain.understanding import Signals
from tandem.nlu.language import detect_language
from tandem.nlu.signals import detect_signals

DATA = Path(__file__).parent / "data" / "abuse_lines.csv"
KINDS = ("insult", "swearing", "ordinary")
MIN_MASK_RECALL = 0.95  # hostile lines whose every offending word is masked
MAX_FALSE_MASKING = 0.02  # ordinary lines with anything masked
MIN_ABUSE_RECALL = 0.90  # insults that raise the abuse signal
MAX_SWEARING_AS_ABUSE = 0.10  # swearing that raises it anyway


@dataclass(frozen=True)
class Line:
    text: str
    lang: str
    kind: str
    mask: tuple[str, ...]


@dataclass(frozen=True)
class Seen:
    line: Line
    signals: Signals
    shown: str  # what an agent reads

    @property
    def fully_masked(self) -> bool:
        return not any(_word(term).search(self.shown) for term in self.line.mask)

    @property
    def touched(self) -> bool:
        return self.shown != self.line.text


def _word(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w*]){re.escape(term)}(?![\w*])", re.IGNORECASE)


def _load() -> list[Line]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return [
            Line(row["text"], row["lang"], row["kind"], tuple(w for w in row["mask"].split("|") if w))
            for row in csv.DictReader(f)
        ]


LINES = _load()


@pytest.fixture(scope="module")
def seen() -> list[Seen]:
    out = []
    for line in LINES:
        signals = detect_signals(line.text, detect_language(line.text, fallback=line.lang))
        out.append(Seen(line, signals, mask_terms(line.text, signals.abuse_terms)))
    return out


def _rate(flags: list[bool]) -> float:
    return sum(flags) / max(1, len(flags))


def _figures(seen: list[Seen], lang: str) -> dict[str, float]:
    of = {kind: [s for s in seen if s.line.lang == lang and s.line.kind == kind] for kind in KINDS}
    hostile = of["insult"] + of["swearing"]
    return {
        "hostile": len(hostile),
        "ordinary": len(of["ordinary"]),
        "mask_recall": _rate([s.fully_masked for s in hostile]),
        "false_masking": _rate([s.touched for s in of["ordinary"]]),
        "abuse_recall": _rate([s.signals.abuse for s in of["insult"]]),
        "swearing_as_abuse": _rate([s.signals.abuse for s in of["swearing"]]),
    }


def test_the_set_is_well_formed() -> None:
    assert len(LINES) >= 400
    assert {line.kind for line in LINES} == set(KINDS)
    assert len({(line.text, line.lang) for line in LINES}) == len(LINES), "duplicate lines"
    for line in LINES:
        assert line.lang in ("en", "fr"), line
        assert bool(line.mask) == (line.kind != "ordinary"), line
        for term in line.mask:
            assert _word(term).search(line.text), f"{term!r} is not a word of {line.text!r}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hostile_words_are_masked_and_ordinary_lines_left_alone(seen: list[Seen], lang: str) -> None:
    figures = _figures(seen, lang)
    print(f"\n{lang}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()))
    missed = [s.shown for s in seen if s.line.lang == lang and s.line.kind != "ordinary" and not s.fully_masked]
    touched = [s.shown for s in seen if s.line.lang == lang and s.line.kind == "ordinary" and s.touched]
    assert figures["mask_recall"] >= MIN_MASK_RECALL, (figures, missed)
    assert figures["false_masking"] <= MAX_FALSE_MASKING, (figures, touched)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_insults_are_abuse_and_swearing_is_not(seen: list[Seen], lang: str) -> None:
    figures = _figures(seen, lang)
    quiet = [s.line.text for s in seen if s.line.lang == lang and s.line.kind == "insult" and not s.signals.abuse]
    loud = [s.line.text for s in seen if s.line.lang == lang and s.line.kind == "swearing" and s.signals.abuse]
    assert figures["abuse_recall"] >= MIN_ABUSE_RECALL, (figures, quiet)
    assert figures["swearing_as_abuse"] <= MAX_SWEARING_AS_ABUSE, (figures, loud)


@pytest.mark.parametrize(
    ("text", "lang", "word", "kept"),
    [
        ("putain, mon colis est encore en retard", "fr", "putain", "mon colis est encore en retard"),
        ("where the fuck is my parcel", "en", "fuck", "is my parcel"),
    ],
)
def test_agents_see_swearing_masked_without_an_abuse_flag(text: str, lang: str, word: str, kept: str) -> None:
    signals = detect_signals(text, lang)
    assert not signals.abuse
    reading = Reading(lang, None, 0.0, abuse=signals.abuse, abuse_terms=signals.abuse_terms)
    stored = Message(1, "c1", Author.CUSTOMER, text, datetime(2026, 1, 5, tzinfo=UTC), meta=MessageMeta(reading))
    shown = for_staff(stored)
    assert shown.masked
    assert word not in shown.text
    assert MASK in shown.text
    assert kept in shown.text
