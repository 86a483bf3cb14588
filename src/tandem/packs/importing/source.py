"""One source file read: an article in one language, before files sharing an id are merged."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    """What one Markdown or HTML file says. `path` is the file as the user named it (for messages)."""

    path: str
    id: str
    language: str
    title: str
    body: str
    tags: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
