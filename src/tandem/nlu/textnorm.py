"""Text normalisation shared by the NLU matchers.

Matchers compare folded text (lowercase, no accents, one kind of apostrophe and dash), so one lexicon entry
covers "Connard", "CONNARD" and "cönnard". `normalize` can also undo the usual filter dodges ("c0nnard",
"con.nard", "f u c k") and remembers where each character came from, so a match can be reported as the
customer typed it. Every step is a regular-expression pass: per-character Python loops are too slow for the
one-millisecond budget of a message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

# Characters NFKD leaves alone but people treat as plain letters or plain punctuation.
_EXTRA = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "′": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
    }
)
# Everything but printable ASCII without capitals and backquote: the only characters folding changes.
_FOLDABLE = re.compile(r"[^\n\t !-@\[-_a-z{-~]")

# Look-alikes used to dodge filters ("c0nnard", "a$$hole", "sh!t", "f*ck" keeps its mask as "*").
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                       "€": "e", "!": "i", "|": "i", "#": "*"})  # fmt: skip
_EDGE_LEET = frozenset("013457@$€")  # may also start or end a word ("1d10t", "a$$")
_SEPARATORS = ("-", ".", "_", "·", "•")  # inside a word: "con.nard", "f-u-c-k"
_TRICKS = re.compile(r"[013457@$€!|*#]+|[._·•]|-")
_SPELLED = re.compile(r"(?<![\w*])[^\W\d_](?: [^\W\d_]){2,}(?![\w*])")  # "f u c k"
_REPEAT = re.compile(r"([^\W\d_])\1+")

_Step = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    out = []
    for c in unicodedata.normalize("NFKD", ch.casefold().translate(_EXTRA)):
        category = unicodedata.category(c)
        # Combining accents go; so do zero-width characters, often slipped inside a word to split it.
        if unicodedata.combining(c) or category == "Cf":
            continue
        out.append(" " if category in ("Cc", "Zl", "Zp") and c not in "\n\t" else c)
    return "".join(out).lower()


def _fold_match(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def _untrick(match: re.Match[str]) -> str:
    """Undo one dodge if it sits inside a word; leave "3 items", "!!!" or "e.g. " alone otherwise."""
    text, start, end = match.string, match.start(), match.end()
    found = match.group()
    before = start > 0 and text[start - 1].isalpha()
    after = end < len(text) and text[end].isalpha()
    if found in _SEPARATORS:
        if before and after:
            return " " if found == "-" else ""
        return found
    if (before and after) or ((before or after) and set(found) <= _EDGE_LEET):
        return found.translate(_LEET)
    return found


def _join_spelled(match: re.Match[str]) -> str:
    return match.group().replace(" ", "")


def _squeeze_match(match: re.Match[str]) -> str:
    return match.group(1)


_FOLD: _Step = (_FOLDABLE, _fold_match)
_DEOBFUSCATE: tuple[_Step, ...] = ((_TRICKS, _untrick), (_SPELLED, _join_spelled))
_SQUEEZE: _Step = (_REPEAT, _squeeze_match)


def fold(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes, dashes and ligatures ("Œuvre’s" → "oeuvre's")."""
    return _FOLDABLE.sub(_fold_match, text)


def squeeze(text: str) -> str:
    """Collapse runs of one letter ("idiiiot" → "idiot"); digits and punctuation are kept."""
    return _REPEAT.sub(_squeeze_match, text)


def deobfuscate(text: str) -> str:
    """Fold, then undo common filter dodges: "c0nnard", "con.nard", "f-u-c-k"; masks become "*"."""
    return normalize(text, deobfuscate=True).text


def canonical(text: str) -> str:
    """The form two spellings of a word or phrase compare equal in: folded, squeezed, single spaces."""
    return " ".join(squeeze(fold(text)).split())


@dataclass(frozen=True)
class NormText:
    """Normalised text, its source, and (computed when first needed) where each character came from."""

    text: str
    source: str
    steps: tuple[_Step, ...]

    @cached_property
    def origin(self) -> tuple[int, ...]:
        """`origin[i]` is the index in `source` of the character `text[i]` came from."""
        text, origin = self.source, list(range(len(self.source)))
        for pattern, repl in self.steps:
            text, origin = _tracked_sub(text, origin, pattern, repl)
        return tuple(origin)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Span in `source` of the normalised span `[start, end)`."""
        origin = self.origin
        if end <= start:
            at = origin[start] if start < len(origin) else len(self.source)
            return at, at
        last = origin[end - 1] + 1
        # Take in what was folded into the last character: squeezed letters, a ligature's second half.
        limit = origin[end] if end < len(origin) else len(self.source)
        while last < limit and (folded := _fold_char(self.source[last])) and folded[-1] == self.text[end - 1]:
            last += 1
        return origin[start], last

    def source_text(self, start: int, end: int) -> str:
        """The source characters behind the normalised span `[start, end)`."""
        s, e = self.source_span(start, end)
        return self.source[s:e]


def normalize(text: str, *, deobfuscate: bool = False, squeeze: bool = False) -> NormText:
    """Fold `text`; optionally undo filter dodges (see `deobfuscate`) and collapse repeated letters."""
    steps = (_FOLD, *(_DEOBFUSCATE if deobfuscate else ()), *((_SQUEEZE,) if squeeze else ()))
    out = text
    for pattern, repl in steps:
        out = pattern.sub(repl, out)
    return NormText(out, text, steps)


def _tracked_sub(
    text: str, origin: list[int], pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, list[int]]:
    """`pattern.sub(repl, text)`, also mapping each output character to the source index in `origin`."""
    pieces: list[str] = []
    resized: list[tuple[int, int, str]] = []  # only these move the characters after them
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        replacement = repl(match)
        pieces += [text[last:start], replacement]
        if len(replacement) != end - start:
            resized.append((start, end, replacement))
        last = end
    if not pieces:
        return text, origin
    pieces.append(text[last:])
    if not resized:
        return "".join(pieces), origin
    new_origin: list[int] = []
    last = 0
    for start, end, replacement in resized:
        new_origin += origin[last:start]
        new_origin += [origin[start + i] for i in _align(text[start:end], replacement)]
        last = end
    new_origin += origin[last:]
    return "".join(pieces), new_origin


def _align(matched: str, replacement: str) -> list[int]:
    """Offset in `matched` of each replacement character: as a subsequence if it is one, else in place."""
    offsets: list[int] = []
    at = 0
    for ch in replacement:
        found = matched.find(ch, at)
        if found < 0:
            last = max(len(matched) - 1, 0)
            return [min(i, last) for i in range(len(replacement))]
        offsets.append(found)
        at = found + 1
    return offsets
