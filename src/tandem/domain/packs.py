"""A domain pack: what the AI knows about one trade (intents, knowledge, action flows).

Texts are keyed by language code ("en", "fr"); a pack must give every text in every language it declares.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from tandem.domain.errors import InvalidInput

Localized = dict[str, str]


def in_language(texts: Localized, language: str) -> str:
    """The text in `language`, else the first one given ("" for none): a pack's texts are in every language it
    declares, so the fallback only serves a language the pack does not have."""
    return texts.get(language) or next(iter(texts.values()), "")


def check_domain(domain: str, served: Iterable[str]) -> str:
    """`domain` if it is one of the `served` packs; else InvalidInput naming them."""
    names = tuple(served)
    if domain not in names:
        raise InvalidInput(f"unknown domain {domain!r}; served: {', '.join(names)}")
    return domain


class HandlerKind(StrEnum):
    ARTICLE = "article"  # answer with a knowledge-base article
    FLOW = "flow"  # run an action flow through a connector
    REPLY = "reply"  # a short canned reply (greetings, thanks)
    HUMAN = "human"  # always a person's job (complaints, cancellations, ...)


@dataclass(frozen=True, slots=True)
class Handler:
    kind: HandlerKind
    target: str = ""  # article id, flow id or reply id; empty for HUMAN


@dataclass(frozen=True, slots=True)
class Intent:
    name: str
    description: str
    handler: Handler
    examples: dict[str, tuple[str, ...]]  # language -> example customer messages
    # What people read for it (handoff packet, summary): language -> text; empty for an intent learned from lessons.
    label: Localized = field(default_factory=dict)
    # The pack's author wrote it with its examples and near misses, so it starts trusted; an intent made from a
    # help-center article's questions does not: it starts on probation (`tandem.domain.probation`).
    vouched: bool = True


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: Localized
    body: Localized
    intents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    # Customer questions it answers, per language (help-center front matter); they teach the intent made for an
    # article no intent points to.
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Slot:
    """A value a flow needs. `entity` names an EntityKind, or "text" for the customer's whole next message, or
    "pattern" for the first match of `pattern` (a regular expression; its first group if it has one)."""

    name: str
    entity: str
    prompt: Localized
    pattern: str = ""


class OperationKind(StrEnum):
    READ = "read"  # no effect on the company's system: safe to call again after a timeout
    CHANGE = "change"  # has an effect (records, cancels, moves): never called twice for one request


@dataclass(frozen=True, slots=True)
class Operation:
    """A call a pack's flows make on the company's system (connectors.yaml): its params and result fields."""

    name: str
    kind: OperationKind
    params: tuple[str, ...]
    fields: tuple[str, ...]
    personal: tuple[str, ...] = ()  # personal data: shown in a reply only by a flow that checks identity first
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> its closed set of values


@dataclass(frozen=True, slots=True)
class Verification:
    """Identity check before personal data is shown: the customer's `slot` must equal the record's `field`."""

    slot: str
    field: str
    prompt: Localized
    failed: Localized


@dataclass(frozen=True, slots=True)
class Flow:
    id: str
    action: str  # connector operation
    slots: tuple[Slot, ...]
    reply: Localized  # str.format template over slot values and the connector's result fields
    not_found: Localized
    lookup: str = ""  # connector operation that fetches the record to verify against (before `action`)
    verification: Verification | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    title: Localized
    languages: tuple[str, ...]
    intents: dict[str, Intent]
    articles: dict[str, Article]
    flows: dict[str, Flow]
    replies: dict[str, Localized] = field(default_factory=dict)
    labels: dict[str, dict[str, Localized]] = field(default_factory=dict)  # field -> value -> text
    out_of_scope: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> examples
    operations: dict[str, Operation] = field(default_factory=dict)  # what its flows call (connectors.yaml)
