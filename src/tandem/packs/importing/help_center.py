"""`import_help_center`: turn help-center pages (Markdown, HTML) into a pack's help_center.yaml.

Every problem of every file is collected and reported at once, and the pack is only written when there is none
and the pack loader accepts the result: a failed import leaves the pack directory exactly as it was.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tandem.domain.errors import InvalidInput
from tandem.nlu.atomic import write_atomically
from tandem.packs.importing.articles import ImportedArticle, merge_sources
from tandem.packs.importing.files import find_sources
from tandem.packs.importing.output import merge, render
from tandem.packs.importing.pack_files import (
    HELP_CENTER,
    KNOWLEDGE,
    help_center_entries,
    intent_names,
    knowledge_ids,
    pack_languages,
)
from tandem.packs.importing.reading import read_source
from tandem.packs.importing.source import Source
from tandem.packs.importing.validation import check_in_copy


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import wrote: the article ids new to help_center.yaml, those it replaced, the languages of the
    imported articles and how many source files were read."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    languages: tuple[str, ...]
    files: int

    def summary(self) -> str:
        """One line, e.g. "12 files, 6 articles (4 new, 2 updated), languages en, fr"."""
        articles = len(self.created) + len(self.updated)
        return (
            f"{_count(self.files, 'file')}, {_count(articles, 'article')} "
            f"({len(self.created)} new, {len(self.updated)} updated), "
            f"{'language' if len(self.languages) == 1 else 'languages'} {', '.join(self.languages) or 'none'}"
        )


def import_help_center(pack_dir: Path, paths: Sequence[Path]) -> ImportResult:
    """Import the Markdown and HTML files of `paths` (files, or directories read recursively) into
    `pack_dir/help_center.yaml`, merged by id with the articles it already holds.

    Raises `InvalidInput` whose message has one `PATH: problem` line per problem found (unreadable or malformed
    file, empty body, missing translation, id given twice in a language, id of a knowledge.yaml article, unknown
    intent, or the loader refusing the result); the pack is then left untouched. `NotFound` if `pack_dir` has no
    pack.yaml.
    """
    languages = pack_languages(pack_dir)
    existing = help_center_entries(pack_dir)
    found = find_sources(paths)
    problems = list(found.problems)
    sources: list[Source] = []
    for path in found.files:
        try:
            sources.append(read_source(path, languages))
        except InvalidInput as exc:
            problems.append(str(exc))
    articles, merge_problems = merge_sources(sources, languages)
    problems += merge_problems + _clashes(pack_dir, articles)
    if problems:
        raise InvalidInput("\n".join(problems))
    merged = merge(existing, articles)
    text = render(merged.entries)
    check_in_copy(pack_dir, HELP_CENTER, text)
    data = text.encode("utf-8")
    write_atomically(pack_dir / HELP_CENTER, lambda tmp: tmp.write_bytes(data))
    return ImportResult(
        created=merged.created,
        updated=merged.updated,
        languages=tuple(lang for lang in languages if any(source.language == lang for source in sources)),
        files=len(found.files),
    )


def _clashes(pack_dir: Path, articles: list[ImportedArticle]) -> list[str]:
    """Problems with the rest of the pack: an id of a hand-written article, an intent the pack does not have."""
    taken = knowledge_ids(pack_dir)
    intents = intent_names(pack_dir)
    problems: list[str] = []
    for article in articles:
        files = ", ".join(article.files)
        if article.id in taken:
            problems.append(
                f"{files}: article id {article.id!r} is also an article of {pack_dir / KNOWLEDGE} "
                "(hand-written): give one of them another id"
            )
        unknown = [name for name in article.intents if intents is not None and name not in intents]
        if unknown:
            problems.append(f"{files}: intents: no intent named {', '.join(map(repr, unknown))} in the pack")
    return problems


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
