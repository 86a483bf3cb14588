"""What the service records beside a message (`Message.meta`): the AI's reading of a customer message, what an
AI reply answered and where its words came from, why the router assigned a conversation.

Stored as one flat JSON object per message; `dump_meta` / `load_meta` are the only place it meets JSON.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Mention:
    """Something the customer named: an order id, a tracking number, an e-mail... (`text` as written)."""

    kind: str
    value: str
    text: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value, "text": self.text}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Mention":
        value = str(data["value"])
        return cls(str(data["kind"]), value, str(data.get("text", value)))


@dataclass(frozen=True, slots=True)
class Reading:
    """What the AI read in a customer message, kept for the handoff packet, the lessons and the metrics."""

    language: str
    intent: str | None
    confidence: float
    entities: tuple[Mention, ...] = ()
    sentiment: float = 0.0
    frustration: float = 0.0
    abuse: bool = False
    # The words to mask for the agents; the stored text keeps them for the customer and for `reveal`.
    abuse_terms: tuple[str, ...] = ()
    # The triage decision and its reasons, when the AI (not a person) had the conversation.
    decision: str | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """The knowledge-base article a language model worded an answer from, for the agent to check."""

    id: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class MessageMeta:
    reading: Reading | None = None  # customer messages
    reply_to: int | None = None  # the AI's and the system's replies: the customer message they answer
    phrased_by: str | None = None  # "llm" when a language model worded the reply
    article: SourceArticle | None = None
    routing: tuple[str, ...] = ()  # an assignment notice: why the router chose this agent

    # The reading's fields, with what a message nobody read counts as.
    @property
    def language(self) -> str | None:
        return self.reading.language if self.reading else None

    @property
    def intent(self) -> str | None:
        return self.reading.intent if self.reading else None

    @property
    def decision(self) -> str | None:
        return self.reading.decision if self.reading else None

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.reading.reasons if self.reading else ()

    @property
    def entities(self) -> tuple[Mention, ...]:
        return self.reading.entities if self.reading else ()

    @property
    def sentiment(self) -> float:
        return self.reading.sentiment if self.reading else 0.0

    @property
    def frustration(self) -> float:
        return self.reading.frustration if self.reading else 0.0

    @property
    def abuse(self) -> bool:
        return self.reading.abuse if self.reading else False

    @property
    def abuse_terms(self) -> tuple[str, ...]:
        return self.reading.abuse_terms if self.reading else ()


_READING_KEYS = frozenset(
    {"language", "intent", "confidence", "entities", "sentiment", "frustration", "abuse", "abuse_terms", "decision"}
)


def dump_meta(meta: MessageMeta) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if (r := meta.reading) is not None:
        data |= {
            "language": r.language,
            "intent": r.intent,
            "confidence": r.confidence,
            "entities": [e.as_json() for e in r.entities],
            "sentiment": r.sentiment,
            "frustration": r.frustration,
            "abuse": r.abuse,
            "abuse_terms": list(r.abuse_terms),
        }
        if r.decision is not None:
            data |= {"decision": r.decision, "reasons": list(r.reasons)}
    if meta.phrased_by is not None:
        data["phrased_by"] = meta.phrased_by
    if (a := meta.article) is not None:
        data["article"] = {"id": a.id, "title": a.title, "body": a.body}
    if meta.routing:
        data["routing"] = list(meta.routing)
    if meta.reply_to is not None:
        data["reply_to"] = meta.reply_to
    return data


def load_meta(data: dict[str, Any]) -> MessageMeta:
    """The inverse of `dump_meta`; missing keys take their defaults (older rows, system notices)."""
    article = data.get("article")
    return MessageMeta(
        reading=_reading(data) if _READING_KEYS.intersection(data) else None,
        reply_to=int(data["reply_to"]) if data.get("reply_to") is not None else None,
        phrased_by=data.get("phrased_by"),
        article=SourceArticle(str(article["id"]), str(article["title"]), str(article["body"])) if article else None,
        routing=tuple(str(r) for r in data.get("routing", ())),
    )


def _reading(data: dict[str, Any]) -> Reading:
    return Reading(
        language=str(data.get("language") or "en"),
        intent=data.get("intent"),
        confidence=float(data.get("confidence", 0.0)),
        entities=tuple(Mention.from_json(e) for e in data.get("entities", ())),
        sentiment=float(data.get("sentiment", 0.0)),
        frustration=float(data.get("frustration", 0.0)),
        abuse=bool(data.get("abuse", False)),
        abuse_terms=tuple(str(t) for t in data.get("abuse_terms") or ()),
        decision=data.get("decision"),
        reasons=tuple(str(r) for r in data.get("reasons", ())),
    )
