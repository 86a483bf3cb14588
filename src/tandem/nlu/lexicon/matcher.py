"""Word-bounded matching of many regular expressions at once, factored on their leading letters."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

_LEADING_LITERAL = re.compile(r"([^\W_])(\+?)(?![*?{+])")  # a letter or digit, maybe "+", unquantified
_TRIE_DEPTH = 4


class Matcher:
    """Word-bounded matcher of one lexicon category.

    The pattern starts by consuming the character before the word, so the regex engine jumps from
    separator to separator instead of trying every position, then picks alternatives by first letter.
    """

    __slots__ = ("_masked", "_names", "_pattern")

    def __init__(
        self,
        pattern: re.Pattern[str] | None,
        names: tuple[str, ...] = (),
        masked: Callable[[], re.Pattern[str] | None] | None = None,
    ) -> None:
        self._pattern = pattern
        self._names = names
        # Also matches "f*ck". Big and slow to compile: built on the first text with a "*" in it.
        self._masked = masked

    def _pick(self, text: str) -> re.Pattern[str] | None:
        if self._masked is None or "*" not in text:
            return self._pattern
        return self._masked()

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, group name or "") of each non-overlapping match in `text`."""
        pattern = self._pick(text)
        if pattern is None:
            return
        for match in pattern.finditer("\n" + text):
            name = self._names[match.lastindex - 1] if self._names and match.lastindex else ""
            yield match.start(), match.end() - 1, name

    def search(self, text: str) -> bool:
        """Whether anything matches in `text`."""
        pattern = self._pick(text)
        return pattern is not None and pattern.search("\n" + text) is not None

    def count(self, text: str) -> int:
        """Number of non-overlapping matches in `text`."""
        return sum(1 for _ in self.finditer(text))

    def blank(self, text: str) -> str:
        """`text` with every match replaced by spaces (same length, so offsets still hold)."""
        pieces: list[str] = []
        last = 0
        for start, end, _ in self.finditer(text):
            pieces += [text[last:start], " " * (end - start)]
            last = end
        return "".join(pieces) + text[last:]


def build_matcher(alternatives: list[tuple[str, str]], named: bool = True) -> Matcher:
    """Compile (regex, name) alternatives into one pattern, factored on their leading letters.

    Python's regex engine discards at once an alternative that starts with a non-matching literal, but
    walks into any other; factoring the leading letters into a small trie keeps the work per word low.
    """
    if not alternatives:
        return Matcher(None)
    root = _Node()
    for source, name in alternatives:
        node, at = root, 0
        for _ in range(_TRIE_DEPTH):
            lead = _LEADING_LITERAL.match(source, at)
            if lead is None:
                break
            node = node.children.setdefault(lead.group(1) + lead.group(2), _Node())
            at = lead.end()
        node.leaves.append((source[at:], name))
    names: list[str] = []
    body = root.emit(names if named else None)
    return Matcher(re.compile(rf"[^\w*](?:{body})(?![\w*])"), tuple(names))


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    leaves: list[tuple[str, str]] = field(default_factory=list)

    def emit(self, names: list[str] | None) -> str:
        """Regex source; with `names`, each leaf is a capturing group and its name is appended in order."""
        parts = []
        for token, child in self.children.items():
            letter = re.escape(token[0])
            parts.append(f"{letter}{letter + '*' if token.endswith('+') else ''}(?:{child.emit(names)})")
        for rest, name in self.leaves:
            if names is not None:
                names.append(name)
                rest = f"({rest})"
            parts.append(rest)
        return "|".join(parts)
