"""Building the handoff packet (`tandem.domain.handoff`) when the AI hands a conversation over."""

from collections.abc import Sequence

from tandem.domain.conversations import Author, Conversation, Message
from tandem.domain.dialogue import AiState
from tandem.domain.handoff import Fact, HandoffPacket, IntentLabel
from tandem.domain.meta import Mention
from tandem.domain.questions import question_of
from tandem.domain.shielding import for_staff
from tandem.domain.triage import OUT_OF_SCOPE_INTENT
from tandem.i18n import t
from tandem.llm.assist import LlmAssist
from tandem.packs.labels import label_in, pack_intent_labels, readable

_EXCERPT = 160  # characters of the customer's last message quoted in the summary
_TRIED = 140  # characters of each AI reply listed under "what the AI tried"


def build_packet(
    conversation: Conversation,
    messages: Sequence[Message],
    state: AiState,
    reasons: Sequence[str],
    priority: int,
    written_summary: str | None = None,
) -> HandoffPacket:
    """The packet for `conversation`, from its stored (redacted) messages and the AI's state. With a
    `written_summary` (the optional language model's, see `summarize`), the factual one stays under
    `offline_summary`."""
    language = state.language or conversation.language or "en"
    customer_turns = [m for m in messages if m.author == Author.CUSTOMER]
    intents = tuple(
        dict.fromkeys(m.meta.intent for m in customer_turns if m.meta.intent not in (None, OUT_OF_SCOPE_INTENT))
    )
    named = tuple(i for i in intents if i is not None)
    labels = pack_intent_labels(conversation.domain, named)
    entities = _entities(customer_turns)
    topics = [_in_sentence(label_in(labels, intent, language)) for intent in named]
    summary = _summary(conversation, customer_turns, topics, reasons, entities, language)
    asked = question_of(messages)
    return HandoffPacket(
        reasons=tuple(reasons),
        intents=named,
        intent_labels=tuple(IntentLabel(i, tuple(texts.items())) for i, texts in labels.items()),
        language=language,
        entities=entities,
        question=for_staff(asked).text if asked is not None else None,
        summary=written_summary or summary,
        offline_summary=summary if written_summary else None,
        ai_tried=tuple(_clip(m.text, _TRIED) for m in messages if m.author == Author.AI),
        sentiment_trail=tuple(round(m.meta.sentiment, 2) for m in customer_turns),
        # The AI state keeps no field of a record whose owner was not verified (`Assistant._step`).
        facts=tuple(Fact(source, fields, verified=bool(fields)) for source, fields in state.facts),
        priority=priority,
    )


def _summary(
    conversation: Conversation,
    customer_turns: Sequence[Message],
    topics: Sequence[str],
    reasons: Sequence[str],
    entities: Sequence[Mention],
    language: str,
) -> str:
    """In the conversation's language, as its messages are: the intents by their pack labels, the reasons by
    Tandem's words for them (`reason_<code>` in tandem/locales)."""
    parts = [
        t(
            "handoff_asked",
            language,
            name=conversation.customer.name,
            topics=", ".join(topics) or t("handoff_unknown_topic", language),
        ),
        t("handoff_because", language, reasons=", ".join(_reason(r, language) for r in reasons)),
    ]
    if entities:
        parts.append(t("handoff_mentions", language, values=", ".join(e.value for e in entities[:4])))
    if customer_turns:
        # Quoted for the agent: the customer's insults stay masked here too.
        parts.append(t("handoff_last", language, text=_clip(for_staff(customer_turns[-1]).text, _EXCERPT)))
    return " ".join(parts)


def _reason(code: str, language: str) -> str:
    try:
        return t(f"reason_{code}", language)
    except KeyError:  # a reason Tandem has no words for yet: its code, readable
        return readable(code)


def _in_sentence(label: str) -> str:
    """A label as a word inside a sentence: "Order status" -> "order status" (but "SIM card" stays)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _entities(customer_turns: Sequence[Message]) -> tuple[Mention, ...]:
    """Each thing the customer named, once, as first written."""
    seen: dict[tuple[str, str], Mention] = {}
    for message in customer_turns:
        for entity in message.meta.entities:
            seen.setdefault((entity.kind, entity.value), entity)
    return tuple(seen.values())


def _clip(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def summarize(llm: LlmAssist, messages: Sequence[Message], language: str) -> str | None:
    """The language model's summary of the conversation, read as staff read it (insults masked; the client
    redacts personal data); None when it fails. Slow: call it with no transaction open."""
    return llm.summarize([for_staff(m) for m in messages], language)
