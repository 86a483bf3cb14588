"""Files sharing an id are one article in several languages: merge them, refusing gaps and duplicates."""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tandem.packs.importing.languages import name_stem
from tandem.packs.importing.source import Source


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """One article in every language of the pack, with the files it came from (for messages)."""

    id: str
    title: dict[str, str]
    body: dict[str, str]
    tags: tuple[str, ...]
    intents: tuple[str, ...]
    questions: dict[str, tuple[str, ...]]  # only the languages that have questions
    files: tuple[str, ...]

    def to_yaml(self) -> dict[str, Any]:
        """The article as an entry of `articles:` (knowledge.yaml's schema, plus `questions`); empty lists and
        mappings are left out."""
        entry: dict[str, Any] = {"id": self.id, "title": dict(self.title), "body": dict(self.body)}
        if self.tags:
            entry["tags"] = list(self.tags)
        if self.intents:
            entry["intents"] = list(self.intents)
        if self.questions:
            entry["questions"] = {lang: list(texts) for lang, texts in self.questions.items()}
        return entry


def merge_sources(sources: Iterable[Source], languages: tuple[str, ...]) -> tuple[list[ImportedArticle], list[str]]:
    """(articles in the order their first file came, `PATH: problem` lines). Two files giving the same id in the
    same language are a problem naming both; an id without a file in one of `languages` is a problem naming the
    files that have it. Tags and intents are the union of the files' (in the pack's language order); questions stay
    per language."""
    groups: dict[str, list[Source]] = {}
    for source in sources:
        groups.setdefault(source.id, []).append(source)
    articles: list[ImportedArticle] = []
    problems: list[str] = []
    for article_id, group in groups.items():
        by_language: dict[str, Source] = {}
        for source in group:
            first = by_language.setdefault(source.language, source)
            if first is not source:
                problems.append(
                    f"{source.path}: article {article_id!r} in {source.language!r} is also given by {first.path}"
                )
        missing = [lang for lang in languages if lang not in by_language]
        if missing:
            problems.append(_missing_translation(article_id, group, missing))
        elif len(by_language) == len(group):
            articles.append(_merged(article_id, [by_language[lang] for lang in languages]))
    return articles, problems


def _merged(article_id: str, sources: list[Source]) -> ImportedArticle:
    return ImportedArticle(
        id=article_id,
        title={source.language: source.title for source in sources},
        body={source.language: source.body for source in sources},
        tags=tuple(dict.fromkeys(tag for source in sources for tag in source.tags)),
        intents=tuple(dict.fromkeys(name for source in sources for name in source.intents)),
        questions={source.language: source.questions for source in sources if source.questions},
        files=tuple(source.path for source in sources),
    )


def _missing_translation(article_id: str, group: list[Source], missing: list[str]) -> str:
    example = Path(group[0].path)
    names = " or ".join(f"{name_stem(example)}.{lang}{example.suffix}" for lang in missing)
    return (
        f"{', '.join(source.path for source in group)}: article {article_id!r} has no "
        f"{' and no '.join(missing)} version (add a file with the same id in that language, e.g. {names})"
    )
