"""Which files an import reads: the files named, and the Markdown and HTML files under the directories named."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES


@dataclass(frozen=True, slots=True)
class Found:
    """The files to read, in order and each once, and one `PATH: problem` line per path that gave none."""

    files: tuple[Path, ...] = ()
    problems: tuple[str, ...] = field(default_factory=tuple)


def find_sources(paths: Sequence[Path]) -> Found:
    """Files of `paths` in the order given; a directory gives its Markdown and HTML files, recursively and sorted
    (hidden files and folders, whose names start with `.`, are skipped, and so are other files). A path named
    twice, or a file also found in a directory named, is read once. A path that does not exist, a file that is not
    Markdown or HTML, and a directory without any are problems."""
    files: dict[Path, Path] = {}  # resolved -> as given
    problems: list[str] = []
    if not paths:
        problems.append("nothing to import: name Markdown or HTML files, or directories holding some")
    for path in paths:
        if path.is_dir():
            found = _under(path)
            if not found:
                problems.append(f"{path}: no Markdown or HTML file ({', '.join(SUFFIXES)}) in this directory")
            for file in found:
                files.setdefault(file.resolve(), file)
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                files.setdefault(path.resolve(), path)
            else:
                problems.append(f"{path}: not a Markdown or HTML file ({', '.join(SUFFIXES)})")
        else:
            problems.append(f"{path}: no such file or directory")
    return Found(tuple(files.values()), tuple(problems))


def _under(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.rglob("*")
        if path.suffix.lower() in SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    )
