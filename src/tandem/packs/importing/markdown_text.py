"""Markdown to the plain text a chat shows: no markup left, links spelled out, one blank line between paragraphs.

Headings and list items (`- x`) stand on lines of their own, the lines of a paragraph are joined by spaces, code
(fenced or inline) is kept as written, images, HTML comments and raw HTML tags are dropped.
"""

import html
import re
from dataclasses import dataclass, field

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")  # thematic break or setext underline
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]+\S")  # `[id]: https://...` link definitions
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\]\([ \t]*<?([^)\s>]*)>?(?:[ \t]+\"[^\"]*\")?[ \t]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = (
    re.compile(r"\*\*(?!\s)(.+?)(?<!\s)\*\*"),
    re.compile(r"(?<!\w)__(?!\s)(.+?)(?<!\s)__(?!\w)"),
    re.compile(r"~~(?!\s)(.+?)(?<!\s)~~"),
    re.compile(r"\*(?!\s)(.+?)(?<!\s)\*"),
    re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"),
)
_SPACES = re.compile(r"[ \t]+")
_PROTECT = 0xE000  # escaped punctuation hides in the private-use area while the markup is removed


def markdown_to_text(markdown: str) -> str:
    """The plain text of a Markdown document (see the module docstring)."""
    builder = _Blocks()
    fence = ""
    for raw in _COMMENT.sub("", markdown).splitlines():
        if fence:
            if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]):
                fence = ""
                builder.joinable = False
            else:
                builder.add(raw.rstrip())
            continue
        opening = _FENCE.match(raw)
        if opening:
            fence = opening.group(1)
            builder.joinable = False
            continue
        _add_line(builder, raw)
    return builder.text()


def inline_to_text(markdown: str) -> str:
    """One line of Markdown without its inline markup: code spans kept as written, everything else converted."""
    parts: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(markdown):
        parts.append(_convert_inline(markdown[last : span.start()]))
        parts.append(span.group(2).strip())
        last = span.end()
    parts.append(_convert_inline(markdown[last:]))
    return _SPACES.sub(" ", "".join(parts)).strip()


@dataclass(slots=True)
class _Blocks:
    """Paragraphs being built: lists of lines; `joinable` says whether a text line continues the last line."""

    blocks: list[list[str]] = field(default_factory=lambda: [[]])
    joinable: bool = False

    def add(self, line: str) -> None:
        self.blocks[-1].append(line)

    def extend_or_add(self, line: str) -> None:
        current = self.blocks[-1]
        if self.joinable and current:
            current[-1] = f"{current[-1]} {line}"
        else:
            current.append(line)

    def end_block(self) -> None:
        if self.blocks[-1]:
            self.blocks.append([])
        self.joinable = False

    def text(self) -> str:
        paragraphs = ("\n".join(lines).strip("\n") for lines in self.blocks)
        text = "\n\n".join(p for p in paragraphs if p.strip())
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def _add_line(builder: _Blocks, raw: str) -> None:
    line = raw
    while _QUOTE.match(line):
        line = _QUOTE.sub("", line, count=1)
    if not line.strip():
        builder.end_block()
        return
    if _REFERENCE.match(line) or _TABLE_RULE.match(line):
        return
    heading = _HEADING.match(line)
    if heading:
        text = inline_to_text(heading.group(1) or "")
        if text:
            builder.add(text)
        builder.joinable = False
        return
    if _RULE.match(line):
        builder.joinable = False  # a setext underline leaves its heading on a line of its own
        return
    item = _ITEM.match(line)
    if item:
        builder.add(f"- {inline_to_text(item.group(1))}".rstrip())
        builder.joinable = True
        return
    hard_break = line.endswith(("  ", "\\"))
    text = inline_to_text(line.rstrip().removesuffix("\\"))
    if line.lstrip().startswith("|"):  # a table row stays a row
        builder.add(text)
        builder.joinable = False
    elif text:
        builder.extend_or_add(text)
        builder.joinable = not hard_break


def _convert_inline(text: str) -> str:
    text = _ESCAPE.sub(lambda m: chr(_PROTECT + ord(m.group(1))), text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(_link, text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    text = html.unescape(text)
    return re.sub(r"[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _PROTECT), text)


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1).strip(), match.group(2).strip()
    if not label:
        return ""
    if not url or url.startswith("#") or url == label:
        return label
    return f"{label} ({url})"
