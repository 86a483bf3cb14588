"""Signal lexicons: data in `<language>.yaml`, compiled once into one regular expression per category.

Entries are short templates in plain spelling. They match folded text (`textnorm.fold`: lowercase, no
accents) on word boundaries, and a letter may be repeated ("idiiiot", "connnard" match "idiot", "connard").

    (a|b c)   one of the alternatives        [a|b]   optional          #   a number
    ...       up to three arbitrary words    ^ / $   start / end of a sentence
    re:...    raw regular expression over folded text, non-capturing groups only
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from tandem.domain.understanding import SensitiveTopic
from tandem.nlu.textnorm import canonical

LANGUAGES = ("en", "fr")

# Words are separated by blanks, commas or hyphens; nothing is needed after an elision ("l'agent").
_SEP = r"(?:[\s,\-]+|(?<=['\s\-]))"
_GAP = rf"(?:{_SEP}[\w']+){{0,3}}"
_START = r"(?<=[.!?;:\n])\s*"  # after the separator a Matcher consumes (see Matcher.finditer)
_END = r"\s*(?=$|[.!?;:\n])"
_LEADING_LITERAL = re.compile(r"([^\W_])(\+?)(?![*?{+])")  # a letter or digit, maybe "+", unquantified
_TRIE_DEPTH = 4
_MAX_VARIANTS = 64


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


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled matchers of one language (or of all, for an unknown language)."""

    polarity: Matcher  # names "positive" or "negative"
    polarity_ignore: Matcher
    negator: Matcher
    clause_break: Matcher  # words that end the reach of a negator ("but"); punctuation does too
    frustration: Matcher
    profanity: Matcher  # profanity, abuse and threat run on de-obfuscated text
    abuse: Matcher
    threat: Matcher
    self_reference: re.Pattern[str]  # searched in the text just before an insult
    human_request: Matcher
    human_request_exclude: Matcher
    rejects_answer: Matcher
    multi_issue: Matcher
    clause_joiner: Matcher  # words that start a new clause ("and", "also"); punctuation does too
    topics: Matcher  # names the topic of conversation
    sensitive: Matcher  # names the SensitiveTopic


def load_lexicon(language: str) -> Lexicon:
    """The compiled lexicon of `language`; any language other than en/fr gets both merged."""
    return _load(language if language in LANGUAGES else "")


@cache
def _load(language: str) -> Lexicon:
    return _build(_merge([_read(name) for name in ((language,) if language else LANGUAGES)]))


def compile_entries(entries: list[str], *, masks: bool = False, inflected: list[str] | None = None) -> Matcher:
    """A matcher for any of the template `entries`, and of the `inflected` ones.

    masks: a run of "*" may stand for letters inside a word ("f*ck", "c**nard").
    inflected: entries that may also take a plural or feminine ending (e, s, es).
    """
    endings = {t: "" for t in entries} | {t: "e*s*" for t in inflected or []}
    variants = _variants(list(endings))
    plain = _matcher([(template_regex(t) + endings[e], "") for e, t in variants], False)
    if not masks:
        return plain

    @cache
    def masked() -> re.Pattern[str] | None:
        return _matcher([(template_regex(t, masks=True) + endings[e], "") for e, t in variants], False)._pattern

    return Matcher(plain._pattern, masked=masked)


def compile_groups(groups: dict[str, list[str]]) -> Matcher:
    """Like `compile_entries`; `Matcher.finditer` also says which key's entries matched."""
    named = [(entry, name) for name, entries in groups.items() for entry in entries]
    # Longer entries first across groups too: "delivery address" is about the address, not the delivery.
    named.sort(key=lambda pair: -len(pair[0]))
    return _matcher([(template_regex(t), name) for entry, name in named for _, t in _variants([entry])])


def template_regex(template: str, *, masks: bool = False) -> str:
    """Regular expression source of one template (see the module docstring); no top-level "|"."""
    if template.startswith("re:"):
        raw = template[3:]
        if re.compile(raw).groups:
            raise ValueError(f"raw lexicon entry must not capture: {template!r}")
        return f"(?:{raw})"
    body = template.strip()
    prefix = suffix = ""
    if body.startswith("^"):
        prefix, body = _START, body[1:]
    if body.endswith("$"):
        suffix, body = _END, body[:-1]
    parser = _Parser(body.strip(), masks)
    return prefix + parser.sequence("") + suffix


def _variants(entries: list[str]) -> list[tuple[str, str]]:
    """(entry, variant) pairs; longer entries first, so "ferme ta gueule" wins over "ta gueule"."""
    ordered = sorted(dict.fromkeys(entries), key=lambda e: (-len(e), e))
    pairs = [(entry, variant) for entry in ordered for variant in _expand_leading(entry)]
    return list(dict.fromkeys(pairs))


def _alternation(entries: list[str]) -> str:
    """Plain regex source for any of `entries` (no word boundaries), or one that never matches."""
    return "|".join(template_regex(t) for _, t in _variants(entries)) or "(?!)"


def _expand_leading(template: str) -> list[str]:
    """Spell out a leading (a|b) or [a|b] group, so that every variant starts with a plain letter."""
    template = template.strip()
    if not template or template[0] not in "([":
        return [template]
    close = _closing(template)
    rest = template[close + 1 :]
    variants = [option + rest for option in _split_options(template[1:close])]
    if template[0] == "[":
        variants.append(rest.lstrip())
    expanded: list[str] = []
    for variant in variants:
        expanded += _expand_leading(variant)
        if len(expanded) > _MAX_VARIANTS:
            return [template]
    return expanded


def _closing(template: str) -> int:
    depth = 0
    for at, char in enumerate(template):
        depth += (char in "([") - (char in ")]")
        if depth == 0:
            return at
    raise ValueError(f"unbalanced brackets in lexicon template {template!r}")


def _split_options(inner: str) -> list[str]:
    options, depth, start = [], 0, 0
    for at, char in enumerate(inner):
        depth += (char in "([") - (char in ")]")
        if char == "|" and depth == 0:
            options.append(inner[start:at])
            start = at + 1
    return [*options, inner[start:]]


def _matcher(alternatives: list[tuple[str, str]], named: bool = True) -> Matcher:
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


class _Parser:
    """Recursive descent over the template syntax; emits only non-capturing groups."""

    def __init__(self, source: str, masks: bool) -> None:
        self.source = source
        self.at = 0
        self.masks = masks

    def sequence(self, stop: str) -> str:
        out: list[str] = []
        need_sep = False
        while True:
            while self.at < len(self.source) and self.source[self.at] == " ":
                self.at += 1
            if self.at >= len(self.source) or self.source[self.at] in stop:
                return "".join(out)
            kind, regex = self._item(stop)
            if kind == "gap":
                out.append(_GAP)
            elif kind == "optional":
                out.append(f"(?:{_SEP}{regex})?" if need_sep else f"(?:{regex}{_SEP})?")
            else:
                out.append(f"{_SEP if need_sep else ''}{regex}")
                need_sep = True

    def _item(self, stop: str) -> tuple[str, str]:
        if self.source.startswith("...", self.at):
            self.at += 3
            return "gap", ""
        parts: list[str] = []
        optional_only = True
        while self.at < len(self.source) and self.source[self.at] not in " " + stop:
            char = self.source[self.at]
            if char in "([":
                self.at += 1
                inner = self._alternation(")" if char == "(" else "]")
                parts.append(f"(?:{inner})" if char == "(" else f"(?:{inner})?")
                optional_only = optional_only and char == "["
            elif char == "#":
                self.at += 1
                parts.append(r"\d+")
                optional_only = False
            else:
                end = self.at
                while end < len(self.source) and self.source[end] not in " ()[]|#" + stop:
                    end += 1
                if end == self.at:
                    raise ValueError(f"unexpected {char!r} in lexicon template {self.source!r}")
                parts.append(_literal(self.source[self.at : end], self.masks))
                self.at = end
                optional_only = False
        if optional_only and len(parts) == 1:
            return "optional", parts[0][:-1]  # drop the "?": the caller makes it optional with its separator
        return "required", "".join(parts)

    def _alternation(self, close: str) -> str:
        options = [self.sequence("|" + close)]
        while self.at < len(self.source) and self.source[self.at] == "|":
            self.at += 1
            options.append(self.sequence("|" + close))
        if self.at >= len(self.source) or self.source[self.at] != close:
            raise ValueError(f"unbalanced {close!r} in lexicon template {self.source!r}")
        self.at += 1
        return "|".join(options)


def _literal(text: str, masks: bool) -> str:
    out: list[str] = []
    for token in re.split(r"(\s+|'|-)", canonical(text)):
        if not token:
            continue
        if token.isspace() or token == "-":
            out.append(_SEP)
        elif token == "'":
            out.append(r"['\s]?")  # people type "dont", "j en", "c est"
        elif masks and token.isalpha() and len(token) >= 3:
            out.append(_masked(token))
        else:
            out.append(_letters(token))
    return "".join(out)


def _letters(text: str) -> str:
    """Each letter may be repeated ("noooo"); the lexicon side was squeezed by `canonical`."""
    return "".join(f"{re.escape(c)}+" if c.isalpha() else re.escape(c) for c in text)


def _masked(word: str) -> str:
    """`word`, or `word` with one run of its inner letters replaced by asterisks ("f*ck", "c**nard")."""
    first, inner, last = word[0], word[1:-1], word[-1]
    options = [_letters(inner)] + [
        _letters(inner[:i]) + r"\*+" + _letters(inner[j:])
        for i in range(len(inner) + 1)
        for j in range(i, len(inner) + 1)  # j == i: a mask over one of a doubled letter ("con*ard")
    ]
    return f"{_letters(first)}(?:{'|'.join(options)}){_letters(last)}"


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
    subjects, fillers = _alternation(_words(self_ref, "subjects")), _alternation(_words(self_ref, "fillers"))
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
        profanity=compile_entries(_words(profanity, "phrases"), masks=True, inflected=_words(profanity, "words")),
        abuse=compile_entries(_words(abuse, "phrases"), masks=True, inflected=_words(abuse, "words")),
        threat=compile_entries(_words(data, "threats"), masks=True),
        self_reference=re.compile(rf"(?<![\w*])(?:{subjects})(?:{_SEP}(?:{fillers}))*\s*$"),
        human_request=compile_entries(_words(data, "human_request")),
        human_request_exclude=compile_entries(_words(data, "human_request_exclude")),
        rejects_answer=compile_entries(_words(data, "rejects_answer")),
        multi_issue=compile_entries(_words(data, "multi_issue")),
        clause_joiner=compile_entries(_words(data, "clause_joiners")),
        topics=compile_groups({name: _words(topics, name) for name in topics}),
        sensitive=compile_groups({name: _words(sensitive, name) for name in known if name in sensitive}),
    )
