"""The handoff packet: everything a person needs to take over without asking the customer to repeat.

Built by `tandem.conversations.handoff` when the AI hands over; its JSON form (`as_json`) is what the agent's
workspace and the API show, and what the database keeps.
"""

from dataclasses import dataclass
from typing import Any

from tandem.domain.meta import Mention


@dataclass(frozen=True, slots=True)
class Fact:
    """What a business system returned during a flow (`source` is the flow). A record whose owner failed (or never
    passed) the identity check is not `verified`: its fields are withheld, the agent only learns it was looked up."""

    source: str
    fields: tuple[tuple[str, str], ...]
    verified: bool = True


@dataclass(frozen=True, slots=True)
class IntentLabel:
    """How people read an intent of the packet, per language (from its pack): the agent's page picks its own."""

    intent: str
    texts: tuple[tuple[str, str], ...]  # (language, text)


@dataclass(frozen=True, slots=True)
class HandoffPacket:
    reasons: tuple[str, ...]
    intents: tuple[str, ...]
    language: str
    entities: tuple[Mention, ...]
    # What the customer asked when the AI handed over (insults masked): the agent's lesson starts from it.
    question: str | None
    summary: str
    ai_tried: tuple[str, ...]  # the AI's replies, clipped
    sentiment_trail: tuple[float, ...]
    facts: tuple[Fact, ...]
    priority: int
    # With a language model's summary, the factual one stays here.
    offline_summary: str | None = None
    # The intents' labels in every language of their pack (older packets and learned intents: none).
    intent_labels: tuple[IntentLabel, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "reasons": list(self.reasons),
            "intents": list(self.intents),
            **({"intent_labels": {i.intent: dict(i.texts) for i in self.intent_labels}} if self.intent_labels else {}),
            "language": self.language,
            "entities": [e.as_json() for e in self.entities],
            "question": self.question,
            "summary": self.summary,
            **({"offline_summary": self.offline_summary} if self.offline_summary is not None else {}),
            "ai_tried": list(self.ai_tried),
            "sentiment_trail": list(self.sentiment_trail),
            "facts": [{"source": f.source, "fields": dict(f.fields), "verified": f.verified} for f in self.facts],
            "priority": self.priority,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "HandoffPacket":
        return cls(
            reasons=tuple(str(r) for r in data.get("reasons", ())),
            intents=tuple(str(i) for i in data.get("intents", ())),
            language=str(data.get("language") or "en"),
            entities=tuple(Mention.from_json(e) for e in data.get("entities", ())),
            question=data.get("question"),
            summary=str(data.get("summary", "")),
            ai_tried=tuple(str(a) for a in data.get("ai_tried", ())),
            sentiment_trail=tuple(float(s) for s in data.get("sentiment_trail", ())),
            facts=tuple(
                Fact(
                    str(f["source"]),
                    tuple((str(k), str(v)) for k, v in dict(f["fields"]).items()),
                    bool(f.get("verified", True)),
                )
                for f in data.get("facts", ())
            ),
            priority=int(data.get("priority", 0)),
            offline_summary=data.get("offline_summary"),
            intent_labels=tuple(
                IntentLabel(str(intent), tuple((str(lang), str(text)) for lang, text in dict(texts).items()))
                for intent, texts in dict(data.get("intent_labels") or {}).items()
            ),
        )
