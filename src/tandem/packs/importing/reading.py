"""Read one source file, Markdown or HTML by its extension, into a `Source` with a non-empty body."""

from pathlib import Path

from tandem.domain.errors import InvalidInput
from tandem.packs.importing.files import MARKDOWN_SUFFIXES
from tandem.packs.importing.html import read_html
from tandem.packs.importing.markdown import read_markdown
from tandem.packs.importing.source import Source


def read_source(path: Path, pack_languages: tuple[str, ...]) -> Source:
    """The article in the file `path`. Raises `InvalidInput` as `<path>: <problem>` for a file that cannot be read,
    is not UTF-8, is malformed, or has no body."""
    display = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{display}: not UTF-8 text (byte {exc.start + 1}): save it as UTF-8") from None
    except OSError as exc:
        raise InvalidInput(f"{display}: cannot read it: {exc.strerror or exc}") from None
    reader = read_markdown if path.suffix.lower() in MARKDOWN_SUFFIXES else read_html
    source = reader(text, path, display, pack_languages)
    if not source.body:
        raise InvalidInput(f"{display}: empty body: there is no text besides the title")
    return source
