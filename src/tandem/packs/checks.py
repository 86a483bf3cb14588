"""Cross-file checks of an assembled pack: handlers point at something, templates only use known fields."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tandem.connectors.operations import OPERATION_FIELDS
from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Flow, HandlerKind, Localized, Pack
from tandem.packs.templates import template_fields


@dataclass(slots=True)
class Sources:
    """Which file each intent, article and flow came from (a pack's own or the common pack's)."""

    intents: dict[str, str] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    flows: dict[str, str] = field(default_factory=dict)


def check_pack(pack: Pack, sources: Sources) -> None:
    """Raise `InvalidInput` naming file and key for the first broken reference or unknown template field."""
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
        _check_flow_templates(flow, pack.labels, sources.flows[flow.id])


def reply_fields(flow: Flow, labels: Mapping[str, object]) -> set[str]:
    """Every field a flow's reply may use: slots, lookup and action results, and their labels."""
    available = {slot.name for slot in flow.slots}
    available.update(OPERATION_FIELDS[flow.action])
    if flow.lookup:
        available.update(OPERATION_FIELDS[flow.lookup])
    available.update(f"{name}_label" for name in list(available) if name in labels)
    return available


def _check_flow_templates(flow: Flow, labels: Mapping[str, object], file: str) -> None:
    key = f"{file}: flows.{flow.id}"
    _check_texts(flow.reply, reply_fields(flow, labels), f"{key}.reply")
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
