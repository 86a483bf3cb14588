"""Read one HTML help-center page: its title, its readable text and the `tandem:*` meta tags.

Title: the first `<h1>` of the page's first `<main>` or `<article>` (if it has one, else of the page; one inside a
`<header>` counts), else its `<title>`; that `<h1>` is not repeated in the body. Body: the readable text of the
first `<main>` or `<article>`, else of the whole page. Metadata: `<meta name="tandem:id">` (else the file name,
slugified), `tandem:tags` and `tandem:intents` (comma-separated), `tandem:questions` (separated by `|`); the
language is `<html lang>`'s primary subtag, else the file name's language suffix.
"""

import re
import unicodedata
from pathlib import Path

from tandem.domain.errors import InvalidInput
from tandem.packs.importing import fields
from tandem.packs.importing.html_text import find_visible, plain_text, readable_text
from tandem.packs.importing.html_tree import Element, parse_html
from tandem.packs.importing.languages import name_stem, resolve_language
from tandem.packs.importing.source import Source

META_NAMES = ("tandem:id", "tandem:tags", "tandem:intents", "tandem:questions")
_CONTENT = frozenset({"main", "article"})
_H1 = frozenset({"h1"})
_HEADER = frozenset({"header"})


def read_html(text: str, path: Path, display: str, pack_languages: tuple[str, ...]) -> Source:
    """The article in `text` (the content of `path`). Raises `InvalidInput` as `<display>: <problem>`."""
    try:
        root = parse_html(text)
        meta = _meta(root)
        content = find_visible(root, _CONTENT)
        heading = (find_visible(content, _H1, _HEADER) if content else None) or find_visible(root, _H1, _HEADER)
        title = plain_text(heading) if heading else _page_title(root)
        if not title:
            raise InvalidInput("no title: the page has no <h1> or <title> with text")
        declared = root.find(frozenset({"html"}))
        lang = declared.attrs.get("lang", "").strip() if declared else ""
        return Source(
            path=display,
            id=fields.identifier(meta.get("tandem:id") or _slug(path), "id (the file name, or tandem:id)"),
            language=resolve_language(
                fields.language(lang, "<html lang>") if lang else None, path, pack_languages, '<html lang="{}">'
            ),
            title=title,
            body=readable_text(content or root, omit=heading),
            tags=fields.texts(_split(meta.get("tandem:tags"), ","), "tandem:tags"),
            intents=fields.identifiers(_split(meta.get("tandem:intents"), ","), "tandem:intents"),
            questions=fields.texts(_split(meta.get("tandem:questions"), "|"), "tandem:questions"),
        )
    except InvalidInput as exc:
        raise InvalidInput(f"{display}: {exc}") from None


def _meta(root: Element) -> dict[str, str]:
    """The page's `tandem:*` meta tags by name; an unknown `tandem:` name is an error."""
    found: dict[str, str] = {}
    for element in root.iter():
        name = element.attrs.get("name", "").strip().lower()
        if element.tag != "meta" or not name.startswith("tandem:"):
            continue
        if name not in META_NAMES:
            raise InvalidInput(f"<meta name={name!r}>: unknown name (expected one of: {', '.join(META_NAMES)})")
        if name in found:
            raise InvalidInput(f"<meta name={name!r}>: given twice")
        found[name] = element.attrs.get("content", "")
    return found


def _page_title(root: Element) -> str:
    title = root.find(frozenset({"title"}))
    return plain_text(title) if title else ""


def _split(value: str | None, separator: str) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(separator) if part.strip()]


def _slug(path: Path) -> str:
    """The file name without extension and language suffix as an id: `Track-my parcel.fr.html` -> `track_my_parcel`
    (accents dropped, every run of other characters one `_`)."""
    ascii_name = unicodedata.normalize("NFKD", name_stem(path)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
