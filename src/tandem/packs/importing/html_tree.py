"""An HTML page as a small element tree, built with the standard library's tolerant `HTMLParser`.

Entities are decoded (in text and attribute values). Void elements (`br`, `img`, ...) have no children; an end tag
closes the nearest open element of its name and everything opened inside it; an end tag with no open element of
its name is ignored; elements still open at the end are closed there.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
# Start tags that close an open element of these names first (`<li>a<li>b` is two items, `<p>a<p>b` two paragraphs).
_SELF_CLOSING_SIBLINGS = {"li": ("li",), "p": ("p",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "tr": ("tr",)}


@dataclass(slots=True)
class Element:
    """One element: its tag (lower case), attributes (a valueless attribute maps to "") and children in order."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Element | str"] = field(default_factory=list)

    def find(self, tags: frozenset[str]) -> "Element | None":
        """The first element (in document order, self included) whose tag is in `tags`."""
        if self.tag in tags:
            return self
        for child in self.children:
            if isinstance(child, Element):
                found = child.find(tags)
                if found is not None:
                    return found
        return None

    def iter(self) -> "list[Element]":
        """This element and every element inside it, in document order."""
        elements = [self]
        for child in self.children:
            if isinstance(child, Element):
                elements.extend(child.iter())
        return elements


def parse_html(source: str) -> Element:
    """The tree of `source` under a root element of tag `#document`."""
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for sibling in _SELF_CLOSING_SIBLINGS.get(tag, ()):
            if self.stack[-1].tag == sibling:
                self.stack.pop()
                break
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)
