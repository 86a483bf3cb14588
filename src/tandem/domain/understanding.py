"""What the NLU layer learned about one customer message."""

from dataclasses import dataclass, field
from enum import StrEnum


class EntityKind(StrEnum):
    ORDER_ID = "order_id"
    TRACKING_NUMBER = "tracking_number"
    PHONE = "phone"
    EMAIL = "email"
    AMOUNT = "amount"
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Entity:
    """A validated value found in the text. `value` is normalised (E.164 phone, ISO date, ...)."""

    kind: EntityKind
    text: str
    value: str
    start: int
    end: int
    detail: str = ""  # e.g. carrier of a tracking number, currency of an amount


class SensitiveTopic(StrEnum):
    FRAUD = "fraud"
    LEGAL = "legal"
    BEREAVEMENT = "bereavement"
    HEALTH = "health"
    SAFETY = "safety"


@dataclass(frozen=True, slots=True)
class Signals:
    """Non-intent cues that matter for triage and for the agents' wellbeing.

    sentiment: -1 (very negative) .. +1 (very positive).
    frustration: 0 .. 1, how strongly the customer shows impatience or anger at the service.
    """

    sentiment: float = 0.0
    frustration: float = 0.0
    abuse: bool = False
    # The words to mask for the agents, as typed: insults and threats, and vulgar swearing, which alone is
    # frustration, not abuse ("putain, mon colis est en retard" records "putain" with `abuse` False).
    abuse_terms: tuple[str, ...] = ()
    asked_for_human: bool = False
    sensitive_topics: tuple[SensitiveTopic, ...] = ()
    multi_issue: bool = False
    rejects_answer: bool = False


@dataclass(frozen=True, slots=True)
class IntentScore:
    intent: str
    probability: float


@dataclass(frozen=True, slots=True)
class Understanding:
    """Everything `nlu` extracts from one message, ready for `triage`."""

    text: str
    language: str
    intent: str | None
    confidence: float
    ranking: tuple[IntentScore, ...] = ()
    entities: tuple[Entity, ...] = ()
    signals: Signals = field(default_factory=Signals)
    # False: the top intent is on probation and no person settled a question this close yet
    # (`tandem.domain.probation`); the AI would answer it, a person checks first.
    verified: bool = True

    def entity(self, kind: EntityKind) -> Entity | None:
        """First entity of that kind, if any."""
        return next((e for e in self.entities if e.kind == kind), None)
