"""Lexicon templates compiled into word-bounded matchers.

Entries are short templates in plain spelling. They match folded text (`textnorm.fold`: lowercase, no
accents) on word boundaries, and a letter may be repeated ("idiiiot", "connnnard" match "idiot", "connard";
"god" does not match "good").

    (a|b c)   one of the alternatives        [a|b]   optional          #   a number
    ...       up to three arbitrary words    ^ / $   start / end of a sentence
    re:...    raw regular expression over folded text, non-capturing groups only
"""

from __future__ import annotations

import re
from functools import cache

from tandem.nlu.lexicon.matcher import Matcher, build_matcher
from tandem.nlu.textnorm import fold

# Words are separated by blanks, commas or hyphens; nothing is needed after an elision ("l'agent").
_SEP = r"(?:[\s,\-]+|(?<=['\s\-]))"
_GAP = rf"(?:{_SEP}[\w']+){{0,3}}"
_START = r"(?<=[.!?;:\n])\s*"  # after the separator a Matcher consumes (see Matcher.finditer)
_END = r"\s*(?=$|[.!?;:\n])"
_RUNS = re.compile(r"(.)\1*", re.DOTALL)
_MAX_VARIANTS = 64


def compile_entries(entries: list[str], *, masks: bool = False, inflected: list[str] | None = None) -> Matcher:
    """A matcher for any of the template `entries`, and of the `inflected` ones.

    masks: a run of "*" may stand for letters inside a word ("f*ck", "c**nard").
    inflected: entries that may also take a plural or feminine ending (e, s, es).
    """
    endings = {t: "" for t in entries} | {t: "e*s*" for t in inflected or []}
    variants = _variants(list(endings))
    plain = build_matcher([(template_regex(t) + endings[e], "") for e, t in variants], False)
    if not masks:
        return plain

    @cache
    def masked() -> re.Pattern[str] | None:
        return build_matcher([(template_regex(t, masks=True) + endings[e], "") for e, t in variants], False)._pattern

    return Matcher(plain._pattern, masked=masked)


def compile_groups(groups: dict[str, list[str]]) -> Matcher:
    """Like `compile_entries`; `Matcher.finditer` also says which key's entries matched."""
    named = [(entry, name) for name, entries in groups.items() for entry in entries]
    # Longer entries first across groups too: "delivery address" is about the address, not the delivery.
    named.sort(key=lambda pair: -len(pair[0]))
    return build_matcher([(template_regex(t), name) for entry, name in named for _, t in _variants([entry])])


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


def compile_trailing(heads: list[str], fillers: list[str]) -> re.Pattern[str]:
    """A pattern for one of the `heads` templates, then any `fillers`, at the very end of the text."""
    return re.compile(rf"(?<![\w*])(?:{_alternation(heads)})(?:{_SEP}(?:{_alternation(fillers)}))*\s*$")


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
    for token in re.split(r"(\s+|'|-)", " ".join(fold(text).split())):
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
    """Each letter may be repeated ("noooo"), a doubled one at least twice ("good" is not "god")."""
    return "".join(
        f"{re.escape(run.group())}+" if run.group()[0].isalpha() else re.escape(run.group())
        for run in _RUNS.finditer(text)
    )


def _masked(word: str) -> str:
    """`word`, or `word` with one run of its inner letters replaced by asterisks ("f*ck", "c**nard")."""
    first, inner, last = word[0], word[1:-1], word[-1]
    options = [_letters(inner)] + [
        _letters(inner[:i]) + r"\*+" + _letters(inner[j:])
        for i in range(len(inner) + 1)
        for j in range(i, len(inner) + 1)  # j == i: a mask over one of a doubled letter ("con*ard")
    ]
    return f"{_letters(first)}(?:{'|'.join(options)}){_letters(last)}"
