"""Load and validate domain packs (docs/packs.md): a pack directory, merged with the common pack if asked."""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from tandem.domain.errors import InvalidInput, NotFound
from tandem.domain.packs import Article, Flow, Intent, Localized, Operation, Pack
from tandem.packs.article_intents import with_article_intents
from tandem.packs.checks import Sources, check_pack
from tandem.packs.connectors_file import parse_connectors
from tandem.packs.parsing import (
    Reader,
    parse_articles,
    parse_flows_file,
    parse_intents,
    parse_manifest,
)

COMMON_PACK = "common"
MANIFEST = "pack.yaml"
KNOWLEDGE_FILES = ("knowledge.yaml", "help_center.yaml")  # written by hand; written by `tandem pack import`

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML loading that refuses a key given twice (PyYAML would silently keep the last one)."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return dict(loader.construct_pairs(node, deep=True))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(slots=True)
class _Parts:
    """What one directory contributes to a pack."""

    intents: dict[str, Intent] = field(default_factory=dict)
    out_of_scope: dict[str, tuple[str, ...]] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    replies: dict[str, Localized] = field(default_factory=dict)
    labels: dict[str, dict[str, Localized]] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)
    sources: Sources = field(default_factory=Sources)


def load_pack(path: Path | Traversable, common: Path | Traversable | None = None) -> Pack:
    """Load the pack in directory `path`, merged with the `common` pack directory if given.

    The common pack's intents, articles, flows, replies and labels are added where the pack has none of that
    name; out-of-scope examples are pooled. Raises `NotFound` if there is no pack.yaml, `InvalidInput`
    (naming file and key) for anything malformed.
    """
    manifest = path / MANIFEST
    if not manifest.is_file():
        raise NotFound(f"no pack at {path} ({MANIFEST} missing)")
    name, title, languages = parse_manifest(_read_yaml(manifest) or {}, str(manifest))
    if name != path.name:
        raise InvalidInput(
            f"{manifest}: name: {name!r} but the folder is named {path.name!r}: "
            "the folder's name is the pack's name everywhere, give both the same"
        )
    parts = _read_parts(path, languages)
    if not parts.intents and not parts.articles:
        raise InvalidInput(f"{path}: no intents.yaml and no articles: a pack needs one or the other")
    own_articles = tuple(parts.articles)
    if common is not None:
        parts = _merge(parts, _read_parts(common, languages))
    pack = Pack(
        name=name,
        title=title,
        languages=languages,
        intents=parts.intents,
        articles=parts.articles,
        flows=parts.flows,
        replies=parts.replies,
        labels=parts.labels,
        out_of_scope=parts.out_of_scope,
        operations=parts.operations,
    )
    pack = with_article_intents(pack, {a: parts.sources.articles[a] for a in own_articles})
    check_pack(pack, parts.sources, str(manifest))
    return pack


def builtin_pack_names() -> tuple[str, ...]:
    """Names of the packs shipped in `tandem/packs/` (every directory with a pack.yaml but `common`)."""
    root = files("tandem.packs")
    return tuple(
        sorted(
            entry.name
            for entry in root.iterdir()
            if entry.is_dir() and entry.name != COMMON_PACK and (entry / MANIFEST).is_file()
        )
    )


def _read_parts(directory: Path | Traversable, languages: tuple[str, ...]) -> _Parts:
    parts = _Parts()
    intents_file = directory / "intents.yaml"
    raw = _read_yaml(intents_file)
    if raw is not None:
        reader = Reader(str(intents_file), languages)
        parts.intents, parts.out_of_scope = parse_intents(raw, reader)
        parts.sources.intents = dict.fromkeys(parts.intents, reader.file)
    for name in KNOWLEDGE_FILES:
        knowledge_file = directory / name
        raw = _read_yaml(knowledge_file)
        if raw is None:
            continue
        articles = parse_articles(raw, Reader(str(knowledge_file), languages))
        for article_id in articles:
            if article_id in parts.articles:
                raise InvalidInput(
                    f"{knowledge_file}: articles.{article_id}: also in {parts.sources.articles[article_id]}: "
                    "an article id is given once"
                )
        parts.articles.update(articles)
        parts.sources.articles.update(dict.fromkeys(articles, str(knowledge_file)))
    flows_file = directory / "flows.yaml"
    raw = _read_yaml(flows_file)
    if raw is not None:
        parts.flows, parts.replies, parts.labels = parse_flows_file(raw, Reader(str(flows_file), languages))
        parts.sources.flows = dict.fromkeys(parts.flows, str(flows_file))
    connectors_file = directory / "connectors.yaml"
    raw = _read_yaml(connectors_file)
    if raw is not None:
        parts.operations = parse_connectors(raw, Reader(str(connectors_file), languages))
    return parts


def _merge(own: _Parts, common: _Parts) -> _Parts:
    """Pack-specific entries win on a name clash; out-of-scope examples are pooled without duplicates."""
    out_of_scope = {
        lang: tuple(dict.fromkeys(own.out_of_scope.get(lang, ()) + common.out_of_scope.get(lang, ())))
        for lang in dict.fromkeys([*own.out_of_scope, *common.out_of_scope])
    }
    return _Parts(
        intents=common.intents | own.intents,
        out_of_scope=out_of_scope,
        articles=common.articles | own.articles,
        flows=common.flows | own.flows,
        replies=common.replies | own.replies,
        labels={
            name: common.labels.get(name, {}) | own.labels.get(name, {})
            for name in dict.fromkeys([*own.labels, *common.labels])
        },
        operations=common.operations | own.operations,
        sources=Sources(
            intents=common.sources.intents | own.sources.intents,
            articles=common.sources.articles | own.sources.articles,
            flows=common.sources.flows | own.sources.flows,
        ),
    )


def _read_yaml(file: Path | Traversable, required: bool = False) -> Any:
    """Parsed YAML of `file`, None if it is absent and optional. Syntax errors become `InvalidInput`."""
    if not file.is_file():
        if required:
            raise InvalidInput(f"{file}: file missing")
        return None
    try:
        return yaml.load(file.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except UnicodeDecodeError:
        raise InvalidInput(f"{file}: not UTF-8 text") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InvalidInput(f"{file}: invalid YAML{where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{file}: invalid YAML: {exc}") from None


def pack_problems(path: Path, common: Path | Traversable | None = None) -> list[str]:
    """What is wrong with the pack in `path`, as `FILE: KEY: problem` lines: the first problem of each file
    checked on its own, then (when every file reads well) the first cross-file one. Empty: the pack loads."""
    manifest = path / MANIFEST
    if not manifest.is_file():
        return [f"{manifest}: file missing (a pack is a folder with a {MANIFEST})"]
    try:
        _, _, languages = parse_manifest(_read_yaml(manifest) or {}, str(manifest))
    except InvalidInput as exc:
        return [str(exc)]
    problems: list[str] = []
    for name, parse in _PARSERS.items():
        try:
            raw = _read_yaml(path / name)
            if raw is not None:
                parse(raw, Reader(str(path / name), languages))
        except InvalidInput as exc:
            problems.append(str(exc))
    if problems:
        return problems
    try:
        load_pack(path, common)
    except (InvalidInput, NotFound) as exc:
        return [str(exc)]
    return []


_PARSERS: dict[str, Callable[[Any, Reader], object]] = {
    "intents.yaml": parse_intents,
    "knowledge.yaml": parse_articles,
    "help_center.yaml": parse_articles,
    "flows.yaml": parse_flows_file,
    "connectors.yaml": parse_connectors,
}
