"""Cross-file checks of an assembled pack: handlers point at something, templates only use known fields."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tandem.domain.errors import InvalidInput
from tandem.domain.language import LANGUAGES
from tandem.domain.packs import Flow, HandlerKind, Localized, Operation, Pack
from tandem.packs.templates import template_fields


@dataclass(slots=True)
class Sources:
    """Which file each intent, article and flow came from (a pack's own or the common pack's)."""

    intents: dict[str, str] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    flows: dict[str, str] = field(default_factory=dict)


def check_pack(pack: Pack, sources: Sources, manifest: str = "pack.yaml") -> None:
    """Raise `InvalidInput` naming file and key for the first broken reference or unknown template field."""
    for language in pack.languages:
        if language not in LANGUAGES:
            raise InvalidInput(
                f"{manifest}: languages: {language!r} is not a language Tandem speaks ({', '.join(LANGUAGES)})"
            )
    if not pack.intents:
        raise InvalidInput(f"pack {pack.name!r}: no intents (intents.yaml must declare at least one)")
    targets: Mapping[HandlerKind, Iterable[str]] = {
        HandlerKind.FLOW: pack.flows,
        HandlerKind.ARTICLE: pack.articles,
        HandlerKind.REPLY: pack.replies,
    }
    for intent in pack.intents.values():
        handler = intent.handler
        if handler.kind != HandlerKind.HUMAN and handler.target not in targets[handler.kind]:
            raise InvalidInput(
                f"{sources.intents[intent.name]}: intents.{intent.name}.handler: "
                f"no {handler.kind} named {handler.target!r}"
            )
    for article in pack.articles.values():
        for name in article.intents:
            if name not in pack.intents:
                raise InvalidInput(
                    f"{sources.articles[article.id]}: articles.{article.id}.intents: no intent named {name!r}"
                )
    for flow in pack.flows.values():
        _check_flow_operations(flow, pack.operations, sources.flows[flow.id])
        _check_flow_templates(flow, pack, sources.flows[flow.id])


def reply_fields(flow: Flow, pack: Pack) -> set[str]:
    """Every field a flow's reply may use: slots, lookup and action results, and their labels."""
    available = {slot.name for slot in flow.slots}
    available.update(pack.operations[flow.action].fields)
    if flow.lookup:
        available.update(pack.operations[flow.lookup].fields)
    available.update(f"{name}_label" for name in list(available) if name in pack.labels)
    return available


def personal_fields(flow: Flow, pack: Pack) -> set[str]:
    """The record's personal fields a reply could show (a slot of the same name is the customer's own words)."""
    operations = [pack.operations[flow.action]] + ([pack.operations[flow.lookup]] if flow.lookup else [])
    personal = {name for operation in operations for name in operation.personal}
    personal.update(f"{name}_label" for name in list(personal))
    return personal - {slot.name for slot in flow.slots}


def _check_flow_operations(flow: Flow, operations: Mapping[str, Operation], file: str) -> None:
    key = f"{file}: flows.{flow.id}"
    slot_names = {slot.name for slot in flow.slots}
    for part, name in (("action", flow.action), ("lookup", flow.lookup)):
        if not name:
            continue
        if name not in operations:
            declared = f" (declared: {', '.join(sorted(operations))})" if operations else ""
            raise InvalidInput(
                f"{key}.{part}: unknown connector operation {name!r}: declare it in connectors.yaml{declared}"
            )
        missing = [p for p in operations[name].params if p not in slot_names]
        if missing:
            raise InvalidInput(f"{key}.{part}: {name} needs the value {missing[0]!r}: declare a slot named so")
    if flow.verification is not None and flow.verification.field not in operations[flow.lookup].fields:
        raise InvalidInput(f"{key}.verify.field: {flow.lookup} gives no field {flow.verification.field!r}")


def _check_flow_templates(flow: Flow, pack: Pack, file: str) -> None:
    key = f"{file}: flows.{flow.id}"
    _check_texts(flow.reply, reply_fields(flow, pack), f"{key}.reply")
    if flow.verification is None:
        # Personal data of a record goes only to a customer who proved the record is theirs.
        for language, text in flow.reply.items():
            shown = sorted(set(template_fields(text)) & personal_fields(flow, pack))
            if shown:
                raise InvalidInput(
                    f"{key}.reply.{language}: shows personal data {{{shown[0]}}} without an identity check: "
                    "add `verify` to the flow or leave the field out"
                )
    # Before the customer is verified only their own answers may be echoed: never a field of the record.
    asked = {slot.name for slot in flow.slots}
    _check_texts(flow.not_found, asked, f"{key}.not_found")
    for i, slot in enumerate(flow.slots):
        _check_texts(slot.prompt, asked, f"{key}.slots[{i}].prompt")
    if flow.verification is not None:
        _check_texts(flow.verification.prompt, asked, f"{key}.verify.prompt")
        _check_texts(flow.verification.failed, asked, f"{key}.verify.failed")


def _check_texts(texts: Localized, allowed: set[str], key: str) -> None:
    for language, text in texts.items():
        try:
            names = template_fields(text)
        except InvalidInput as exc:
            raise InvalidInput(f"{key}.{language}: {exc}") from None
        for name in names:
            if name not in allowed:
                hint = f" (available: {', '.join(sorted(allowed))})" if allowed else " (this text takes no fields)"
                raise InvalidInput(f"{key}.{language}: unknown field {{{name}}}{hint}")
