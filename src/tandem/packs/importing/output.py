"""help_center.yaml: the imported articles merged by id with what the file held, written as readable YAML."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from tandem.packs.importing.articles import ImportedArticle

HEADER = (
    "# Written by `tandem pack import`, which overwrites this file on every import: edit the source files\n"
    "# (Markdown, HTML) and import them again instead of editing it.\n"
)


@dataclass(frozen=True, slots=True)
class Merged:
    """The entries to write, and which imported ids were new to the file and which replaced an entry."""

    entries: list[dict[str, Any]]
    created: tuple[str, ...]
    updated: tuple[str, ...]


def merge(existing: Iterable[dict[str, Any]], imported: Iterable[ImportedArticle]) -> Merged:
    """`existing` with each imported article replacing the entry of its id in place, the others appended in order;
    entries not imported are kept as they were. An id is never listed twice."""
    entries: dict[str, dict[str, Any]] = {}
    for entry in existing:
        entries.setdefault(entry["id"], entry)
    created: list[str] = []
    updated: list[str] = []
    for article in imported:
        (updated if article.id in entries else created).append(article.id)
        entries[article.id] = article.to_yaml()
    return Merged(list(entries.values()), tuple(created), tuple(updated))


def render(entries: list[dict[str, Any]]) -> str:
    """The text of help_center.yaml: the header comment, then `articles:`. Multi-line texts are literal blocks
    (`|`); every text reads back as the same text (YAML quotes `yes`, `12`, `null` and the like)."""
    body = yaml.dump(
        {"articles": entries}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False
    )
    return HEADER + body


class _Dumper(yaml.SafeDumper):
    """Safe dumping, with multi-line texts as literal blocks."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)
