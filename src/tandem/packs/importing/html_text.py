"""The readable text of an HTML element tree: what a person reading the page sees, as chat-ready plain text.

Scripts, styles, navigation, page headers and footers, forms, embedded frames and hidden elements are dropped;
paragraphs, headings, lists and tables are separated by a blank line, other blocks (`div`, `li`, `br`, `tr`, ...)
start a new line; list items read `- x`; an absolute http(s) link reads `text (url)`; `pre` keeps its lines;
elsewhere runs of whitespace are one space.
"""

import re
from dataclasses import dataclass, field

from tandem.packs.importing.html_tree import Element

DROPPED = frozenset(
    {
        "head", "title", "script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer",
        "aside", "form", "button", "iframe", "object", "embed", "canvas", "select", "img", "picture", "video",
        "audio", "dialog",
    }
)  # fmt: skip
_PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre", "blockquote", "figure", "address"}
)
_LINES = frozenset(
    {
        "html", "body", "main", "article", "section", "div", "li", "br", "tr", "dt", "dd", "hr", "details",
        "summary", "figcaption", "caption", "fieldset", "legend", "thead", "tbody", "tfoot",
    }
)  # fmt: skip
_LISTS = frozenset({"ul", "ol"})
_CELLS = frozenset({"td", "th"})
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace: a no-break space is text


def is_dropped(element: Element) -> bool:
    """Whether `element` and everything inside it is left out of the readable text."""
    return element.tag in DROPPED or "hidden" in element.attrs or element.attrs.get("aria-hidden", "").lower() == "true"


def find_visible(element: Element, tags: frozenset[str], through: frozenset[str] = frozenset()) -> Element | None:
    """The first element of one of `tags`, in document order, that is not inside a dropped element (the dropped
    tags of `through` excepted: a page's `<h1>` is often in a `<header>`)."""
    if is_dropped(element) and element.tag not in through:
        return None
    if element.tag in tags:
        return element
    for child in element.children:
        if isinstance(child, Element):
            found = find_visible(child, tags, through)
            if found is not None:
                return found
    return None


def plain_text(element: Element) -> str:
    """All the visible text inside `element` on one line, whitespace collapsed."""
    parts = [
        child if isinstance(child, str) else plain_text(child)
        for child in element.children
        if isinstance(child, str) or not is_dropped(child)
    ]
    return _WHITESPACE.sub(" ", " ".join(parts)).strip()


def readable_text(element: Element, omit: Element | None = None) -> str:
    """The readable text of `element` (see the module docstring), leaving out the element `omit` (the title)."""
    writer = _Writer()
    writer.render(element, omit)
    return writer.finish()


@dataclass(slots=True)
class _Writer:
    lines: list[str] = field(default_factory=list)
    line: str = ""
    pending: int = 0  # 1: the next text starts a new line; 2: it starts a new paragraph
    list_depth: int = 0
    preformatted: bool = False

    def render(self, element: Element, omit: Element | None) -> None:
        if element is omit or is_dropped(element):
            return
        tag = element.tag
        level = 2 if tag in _PARAGRAPHS and not (tag in _LISTS and self.list_depth) else 1 if tag in _LINES else 0
        self.pending = max(self.pending, level)
        if tag == "li":
            self.write("- ")
        elif tag in _CELLS and self.line.strip() and not self.pending:
            self.write(" | ")
        self.list_depth += tag in _LISTS
        was_preformatted, self.preformatted = self.preformatted, self.preformatted or tag == "pre"
        for child in element.children:
            if isinstance(child, Element):
                self.render(child, omit)
            else:
                self.text(child)
        self.preformatted = was_preformatted
        self.list_depth -= tag in _LISTS
        self._link_target(element)
        self.pending = max(self.pending, level)

    def text(self, data: str) -> None:
        if not self.preformatted:
            self.write(_WHITESPACE.sub(" ", data))
            return
        for i, line in enumerate(data.split("\n")):
            if i:
                self._end_line()
            if line.strip():
                self._apply_pending()
                self.line += line.rstrip()

    def write(self, text: str) -> None:
        if not self.line and not text.strip():
            return
        self._apply_pending()
        if not self.line:
            text = text.lstrip()
        elif self.line.endswith(" ") and text.startswith(" "):
            text = text[1:]
        self.line += text

    def finish(self) -> str:
        self._end_line()
        return "\n".join(self.lines).strip()

    def _apply_pending(self) -> None:
        if self.pending:
            self._end_line()
            if self.pending == 2 and self.lines and self.lines[-1]:
                self.lines.append("")
            self.pending = 0

    def _end_line(self) -> None:
        line = self.line.rstrip()
        if line and line != "-":
            self.lines.append(line)
        self.line = ""

    def _link_target(self, element: Element) -> None:
        href = element.attrs.get("href", "").strip()
        if element.tag == "a" and href.startswith(("http://", "https://")):
            label = plain_text(element)
            if label and label != href:
                self.write(f" ({href})")
