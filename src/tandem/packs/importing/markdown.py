"""Read one Markdown help-center article: YAML front matter between `---` lines at the very top, then the text.

Front matter keys: `id` (required), `title` (required unless the text starts with a `# ` heading, which is then
the title and is left out of the body), `tags`, `intents`, `questions` (lists of text) and `lang`.
"""

import re
from pathlib import Path
from typing import Any, NoReturn

import yaml

from tandem.domain.errors import InvalidInput
from tandem.packs.importing import fields
from tandem.packs.importing.languages import resolve_language
from tandem.packs.importing.markdown_text import inline_to_text, markdown_to_text
from tandem.packs.importing.source import Source

_DELIMITER = re.compile(r"^---[ \t]*$")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_TITLE = re.compile(r"^# (.+?)(?:[ \t]+#+)?[ \t]*$")
_EXAMPLE = "---\nid: track_parcel\ntitle: Track a parcel\n---"


def read_markdown(text: str, path: Path, display: str, pack_languages: tuple[str, ...]) -> Source:
    """The article in `text` (the content of `path`). Raises `InvalidInput` as `<display>: <problem>`."""
    try:
        meta, body = split_front_matter(text)
        data = _front_matter(meta)
        title, body = _title_and_body(data.get("title"), body)
        language = fields.language(data["lang"], "lang") if data.get("lang") is not None else None
        return Source(
            path=display,
            id=fields.identifier(data["id"], "id") if data.get("id") is not None else _missing("id"),
            language=resolve_language(language, path, pack_languages, "`lang: {}` to the front matter"),
            title=title,
            body=body,
            tags=fields.texts(data.get("tags"), "tags"),
            intents=fields.identifiers(data.get("intents"), "intents"),
            questions=fields.texts(data.get("questions"), "questions"),
        )
    except InvalidInput as exc:
        raise InvalidInput(f"{display}: {exc}") from None


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter, rest) of a document starting with a `---` line; `InvalidInput` if it does not, or if the
    front matter is never closed by a `---` (or `...`) line."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or not _DELIMITER.match(lines[0].rstrip("\r\n")):
        raise InvalidInput(f"no front matter: start the file with\n{_EXAMPLE}")
    for i, line in enumerate(lines[1:], start=1):
        if _CLOSING.match(line.rstrip("\r\n")):
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    raise InvalidInput("front matter not closed: add a `---` line after it")


def _front_matter(meta: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(meta)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 2}" if mark else ""  # +1 for counting from 1, +1 for the `---` line
        raise InvalidInput(f"front matter: invalid YAML{where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"front matter: invalid YAML: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InvalidInput(f"front matter: expected `key: value` lines, e.g.\n{_EXAMPLE}")
    unknown = [str(key) for key in data if key not in fields.KEYS]
    if unknown:
        raise InvalidInput(f"front matter: unknown key {unknown[0]!r} (expected one of: {', '.join(fields.KEYS)})")
    return data


def _title_and_body(title: Any, markdown: str) -> tuple[str, str]:
    """The front matter's title, else the text's leading `# ` heading, which is then left out of the body (as it is
    when it repeats the front matter's title)."""
    lines = markdown.lstrip("\r\n \t").splitlines()
    heading = _TITLE.match(lines[0]) if lines else None
    heading_text = inline_to_text(heading.group(1)) if heading else ""
    if title is not None:
        title = fields.text(title, "title")
        return title, markdown_to_text("\n".join(lines[1:]) if heading_text == title else markdown)
    if not heading_text:
        raise InvalidInput("no title: add `title:` to the front matter or start the text with a `# Title` line")
    return heading_text, markdown_to_text("\n".join(lines[1:]))


def _missing(key: str) -> NoReturn:
    raise InvalidInput(f"{key}: missing")
