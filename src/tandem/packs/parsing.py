"""Turn the raw YAML of one pack file into domain objects, refusing anything malformed.

Every error names the file and the key path (`intents.order_status.examples.fr`), so a pack author can fix it
without reading code. Cross-file checks (handlers, template fields) live in `pack_checks`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

from tandem.domain.errors import InvalidInput
from tandem.domain.packs import (
    Article,
    Flow,
    Handler,
    HandlerKind,
    Intent,
    Localized,
    Slot,
    Verification,
)
from tandem.domain.understanding import EntityKind

TEXT_ENTITY = "text"  # a slot filled with the customer's whole next message
PATTERN_ENTITY = "pattern"  # a slot filled with the first match of its own regular expression
SLOT_ENTITIES = frozenset({*(kind.value for kind in EntityKind), TEXT_ENTITY})


@dataclass(frozen=True, slots=True)
class Reader:
    """Typed access to raw YAML values, failing with `<file>: <key>: <problem>`."""

    file: str
    languages: tuple[str, ...]

    def fail(self, key: str, problem: str) -> NoReturn:
        raise InvalidInput(f"{self.file}: {key}: {problem}")

    def mapping(self, value: Any, key: str, allowed: Iterable[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping, got {_kind(value)}")
        for name in value:
            if not isinstance(name, str):
                self.fail(key, f"key {name!r} must be text (quote it in YAML)")
        if allowed is not None:
            unknown = sorted(set(value) - set(allowed))
            if unknown:
                self.fail(key, f"unknown key {unknown[0]!r} (expected one of: {', '.join(allowed)})")
        return value

    def required(self, raw: dict[str, Any], name: str, key: str) -> Any:
        if raw.get(name) is None:
            self.fail(f"{key}.{name}" if key else name, "missing")
        return raw[name]

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            self.fail(key, f"expected text, got {_kind(value)} (quote it in YAML)")
        if not value.strip():
            self.fail(key, "empty text")
        return value.strip()

    def name(self, value: Any, key: str) -> str:
        text = self.text(value, key)
        if not text.replace("-", "_").isidentifier():
            self.fail(key, f"{text!r} is not a valid id (letters, digits, _ and -)")
        return text

    def texts(self, value: Any, key: str, allow_empty: bool = False) -> tuple[str, ...]:
        if value is None and allow_empty:
            return ()
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {_kind(value)}")
        if not value and not allow_empty:
            self.fail(key, "empty list")
        return tuple(self.text(item, f"{key}[{i}]") for i, item in enumerate(value))

    def per_language(self, value: Any, key: str) -> dict[str, Any]:
        raw = self.mapping(value, key)
        for language in self.languages:
            if raw.get(language) is None:
                self.fail(key, f"missing language {language!r}")
        return raw

    def localized(self, value: Any, key: str) -> Localized:
        if isinstance(value, str):
            self.fail(key, f"expected one text per language ({', '.join(self.languages)}), got a single text")
        raw = self.per_language(value, key)
        return {lang: self.text(raw[lang], f"{key}.{lang}") for lang in self.languages}


def parse_manifest(raw: Any, file: str) -> tuple[str, Localized, tuple[str, ...]]:
    """pack.yaml -> (name, title, languages)."""
    reader = Reader(file, ())
    data = reader.mapping(raw, "(top level)", ("name", "title", "languages"))
    name = reader.name(reader.required(data, "name", ""), "name")
    languages = reader.texts(reader.required(data, "languages", ""), "languages")
    if len(set(languages)) != len(languages):
        reader.fail("languages", "a language is listed twice")
    title = Reader(file, languages).localized(reader.required(data, "title", ""), "title")
    return name, title, languages


def parse_handler(value: Any, reader: Reader, key: str) -> Handler:
    text = reader.text(value, key)
    kind, _, target = text.partition(":")
    if kind == HandlerKind.HUMAN and not target:
        return Handler(HandlerKind.HUMAN)
    if kind in (HandlerKind.FLOW, HandlerKind.ARTICLE, HandlerKind.REPLY) and target.strip():
        return Handler(HandlerKind(kind), target.strip())
    reader.fail(key, f"{text!r} is not one of flow:<id>, article:<id>, reply:<id>, human")


def parse_intents(raw: Any, reader: Reader) -> tuple[dict[str, Intent], dict[str, tuple[str, ...]]]:
    """intents.yaml -> (intents, out_of_scope examples per language)."""
    data = reader.mapping(raw, "(top level)", ("intents", "out_of_scope"))
    intents: dict[str, Intent] = {}
    for name, spec in reader.mapping(data.get("intents") or {}, "intents").items():
        key = f"intents.{name}"
        reader.name(name, key)
        body = reader.mapping(spec, key, ("description", "handler", "label", "examples"))
        description = reader.text(body["description"], f"{key}.description") if body.get("description") else ""
        label = reader.localized(body["label"], f"{key}.label") if body.get("label") is not None else {}
        handler = parse_handler(reader.required(body, "handler", key), reader, f"{key}.handler")
        examples = reader.per_language(reader.required(body, "examples", key), f"{key}.examples")
        intents[name] = Intent(
            name=name,
            description=description,
            handler=handler,
            examples={lang: reader.texts(examples[lang], f"{key}.examples.{lang}") for lang in reader.languages},
            label=label,
        )
    out_of_scope: dict[str, tuple[str, ...]] = {}
    if data.get("out_of_scope") is not None:
        raw_oos = reader.per_language(data["out_of_scope"], "out_of_scope")
        out_of_scope = {
            lang: reader.texts(raw_oos[lang], f"out_of_scope.{lang}", allow_empty=True) for lang in reader.languages
        }
    return intents, out_of_scope


def parse_articles(raw: Any, reader: Reader) -> dict[str, Article]:
    """knowledge.yaml -> articles by id."""
    data = reader.mapping(raw, "(top level)", ("articles",))
    items = data.get("articles") or []
    if not isinstance(items, list):
        reader.fail("articles", f"expected a list, got {_kind(items)}")
    articles: dict[str, Article] = {}
    for i, spec in enumerate(items):
        body = reader.mapping(spec, f"articles[{i}]", ("id", "intents", "tags", "title", "body", "questions"))
        article_id = reader.name(reader.required(body, "id", f"articles[{i}]"), f"articles[{i}].id")
        key = f"articles.{article_id}"
        if article_id in articles:
            reader.fail(key, "duplicate article id")
        articles[article_id] = Article(
            id=article_id,
            title=reader.localized(reader.required(body, "title", key), f"{key}.title"),
            body=reader.localized(reader.required(body, "body", key), f"{key}.body"),
            intents=reader.texts(body.get("intents"), f"{key}.intents", allow_empty=True),
            tags=reader.texts(body.get("tags"), f"{key}.tags", allow_empty=True),
            questions=_questions(body.get("questions"), reader, f"{key}.questions"),
        )
    return articles


def _questions(value: Any, reader: Reader, key: str) -> dict[str, tuple[str, ...]]:
    """Questions per language; a language may have none (a help center is rarely complete)."""
    if value is None:
        return {}
    raw = reader.mapping(value, key, reader.languages)
    return {lang: reader.texts(raw[lang], f"{key}.{lang}", allow_empty=True) for lang in raw if raw[lang] is not None}


def parse_flows_file(
    raw: Any, reader: Reader
) -> tuple[dict[str, Flow], dict[str, Localized], dict[str, dict[str, Localized]]]:
    """flows.yaml -> (flows, replies, labels)."""
    data = reader.mapping(raw, "(top level)", ("flows", "replies", "labels"))
    flows = {
        name: _parse_flow(name, spec, reader) for name, spec in reader.mapping(data.get("flows") or {}, "flows").items()
    }
    replies = {
        reader.name(name, f"replies.{name}"): reader.localized(text, f"replies.{name}")
        for name, text in reader.mapping(data.get("replies") or {}, "replies").items()
    }
    labels: dict[str, dict[str, Localized]] = {}
    for field, values in reader.mapping(data.get("labels") or {}, "labels").items():
        if not isinstance(values, dict):
            reader.fail(f"labels.{field}", f"expected a mapping of value -> texts, got {_kind(values)}")
        # YAML reads `true` or `5` as non-text keys; a field value is compared as text anyway.
        labels[field] = {str(v): reader.localized(t, f"labels.{field}.{v}") for v, t in values.items()}
    return flows, replies, labels


def _parse_flow(name: str, spec: Any, reader: Reader) -> Flow:
    key = f"flows.{name}"
    reader.name(name, key)
    body = reader.mapping(spec, key, ("lookup", "verify", "slots", "action", "reply", "not_found"))
    action = reader.name(reader.required(body, "action", key), f"{key}.action")
    lookup = reader.name(body["lookup"], f"{key}.lookup") if body.get("lookup") else ""
    slots = _parse_slots(body.get("slots"), reader, f"{key}.slots")
    slot_names = [slot.name for slot in slots]
    verification = None
    if body.get("verify") is not None:
        vkey = f"{key}.verify"
        verify = reader.mapping(body["verify"], vkey, ("slot", "field", "prompt", "failed"))
        if not lookup:
            reader.fail(vkey, "verification needs a `lookup` operation that fetches the record to check against")
        slot = reader.text(reader.required(verify, "slot", vkey), f"{vkey}.slot")
        if slot not in slot_names:
            reader.fail(f"{vkey}.slot", f"no slot named {slot!r} in {key}.slots")
        field = reader.text(reader.required(verify, "field", vkey), f"{vkey}.field")
        verification = Verification(
            slot=slot,
            field=field,
            prompt=reader.localized(reader.required(verify, "prompt", vkey), f"{vkey}.prompt"),
            failed=reader.localized(reader.required(verify, "failed", vkey), f"{vkey}.failed"),
        )
    return Flow(
        id=name,
        action=action,
        slots=slots,
        reply=reader.localized(reader.required(body, "reply", key), f"{key}.reply"),
        not_found=reader.localized(reader.required(body, "not_found", key), f"{key}.not_found"),
        lookup=lookup,
        verification=verification,
    )


def _parse_slots(value: Any, reader: Reader, key: str) -> tuple[Slot, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.fail(key, f"expected a list, got {_kind(value)}")
    slots: list[Slot] = []
    for i, spec in enumerate(value):
        body = reader.mapping(spec, f"{key}[{i}]", ("name", "entity", "pattern", "prompt"))
        name = reader.name(reader.required(body, "name", f"{key}[{i}]"), f"{key}[{i}].name")
        if not name.isidentifier():
            reader.fail(f"{key}[{i}].name", f"{name!r}: a slot name is used in templates, write it like order_id")
        if any(slot.name == name for slot in slots):
            reader.fail(f"{key}[{i}].name", f"slot {name!r} declared twice")
        pattern = _pattern(body["pattern"], reader, f"{key}[{i}].pattern") if "pattern" in body else ""
        if pattern:
            if body.get("entity") is not None:
                reader.fail(f"{key}[{i}]", "give `entity` or `pattern`, not both")
            entity = PATTERN_ENTITY
        else:
            entity = reader.text(reader.required(body, "entity", f"{key}[{i}]"), f"{key}[{i}].entity")
            if entity not in SLOT_ENTITIES:
                choices = ", ".join(sorted(SLOT_ENTITIES))
                reader.fail(f"{key}[{i}].entity", f"{entity!r} is not one of {choices} (or give a `pattern`)")
        prompt = reader.localized(reader.required(body, "prompt", f"{key}[{i}]"), f"{key}[{i}].prompt")
        slots.append(Slot(name=name, entity=entity, prompt=prompt, pattern=pattern))
    return tuple(slots)


def _pattern(value: Any, reader: Reader, key: str) -> str:
    text = reader.text(value, key)
    try:
        compiled = re.compile(text, re.IGNORECASE)
    except re.error as exc:
        reader.fail(key, f"not a regular expression: {exc}")
    if compiled.fullmatch(""):
        reader.fail(key, "matches an empty text: it would fill the slot from any message")
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "a yes/no value"}.get(
        type(value), type(value).__name__
    )
