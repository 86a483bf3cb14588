"""The AI's side of a history conversation: what the customer asked, how the triage decided (the real decisions and
reason codes of `tandem.domain.triage`), and how the AI's part ended: answered, handed over, or left unfinished.

Shares are those of a first-line chat with a trained model (docs/benchmarks.md, the packs' held-out split): most
questions answered, about one in five handed over, a few clarifications and flows left half-way.
"""

import random
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tandem.demo.phrases import LINES
from tandem.demo.questions import DomainQuestions, Topic
from tandem.domain.packs import HandlerKind
from tandem.domain.triage import OUT_OF_SCOPE_INTENT, Decision, Reason

# The first message of a question the AI could answer: why a person takes it instead (share of all such messages).
SIGNALS = (
    (Reason.OUT_OF_SCOPE, 0.04),
    (Reason.ASKED_FOR_HUMAN, 0.03),
    (Reason.FRUSTRATION, 0.02),
    (Reason.LOW_CONFIDENCE, 0.02),
    (Reason.MULTI_ISSUE, 0.01),
    (Reason.ABUSE, 0.01),
    (Reason.SENSITIVE_TOPIC, 0.008),
    (Reason.UNVERIFIED_INTENT, 0.005),
)
CLARIFY = 0.07  # asked back: then picks an option (70 %), leaves (18 %) or still unclear (12 %)
FLOW_LEFT, CONNECTOR_DOWN, NOT_VERIFIED = 0.07, 0.02, 0.03  # of flows: left half-way, system down, identity


class Ending(StrEnum):
    ANSWERED = "answered"
    ESCALATED = "escalated"
    LEFT = "left"  # the customer left in the middle of a clarifying question or a flow: not resolved


@dataclass(slots=True)
class Line:
    """A message `after` seconds from the start; `reply_to` the index of the line it answers."""

    after: float
    author: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    reply_to: int | None = None
    agent_id: int | None = None


@dataclass(slots=True)
class AiPath:
    topic: Topic
    language: str
    lines: list[Line] = field(default_factory=list)
    turns: list[tuple[str | None, str, bool]] = field(default_factory=list)
    ending: Ending = Ending.ANSWERED
    reasons: tuple[str, ...] = ()
    frustration: float = 0.0
    abuse: bool = False
    clock: float = 0.0
    answered_after: float | None = None  # when the AI first gave an actual answer (not a question back)

    def customer(
        self, rng: random.Random, text: str, intent: str | None, decision: Decision, reasons: tuple[str, ...]
    ) -> int:
        """The customer's message read by the triage; returns its line index."""
        self.clock += rng.uniform(8, 60) if self.lines else 0.0
        abusive = Reason.ABUSE in reasons
        frustration = 0.7 + 0.2 * rng.random() if Reason.FRUSTRATION in reasons else round(0.3 * rng.random(), 3)
        self.frustration, self.abuse = max(self.frustration, frustration), self.abuse or abusive
        meta = {
            "language": self.language, "intent": intent, "confidence": round(0.55 + 0.44 * rng.random(), 4),
            "entities": [], "sentiment": round(-frustration, 3), "frustration": round(frustration, 3),
            "abuse": abusive, "abuse_terms": [], "decision": decision.value, "reasons": list(reasons),
        }  # fmt: skip
        self.lines.append(Line(self.clock, "customer", text, meta))
        self.turns.append((intent, decision.value, False))
        return len(self.lines) - 1

    def reply(self, rng: random.Random, text: str, to: int, author: str = "ai") -> None:
        self.clock += rng.uniform(0.4, 2.5)
        self.lines.append(Line(self.clock, author, text, {}, to))

    def escalate(self, reasons: tuple[str, ...]) -> "AiPath":
        self.ending, self.reasons = Ending.ESCALATED, reasons
        return self


def said(rng: random.Random, what: str, language: str) -> str:
    return rng.choice(LINES[what][language])


def _signal(rng: random.Random) -> Reason | None:
    draw = rng.random()
    for reason, share in SIGNALS:
        if draw < share:
            return reason
        draw -= share
    return None


def first_contact(rng: random.Random, questions: DomainQuestions, topic: Topic, language: str) -> AiPath:
    """The conversation's first question and what the triage made of it."""
    path = AiPath(topic, language)
    question = rng.choice(topic.examples[language])
    if topic.kind == HandlerKind.HUMAN:
        extra = rng.choices(((), (Reason.FRUSTRATION,), (Reason.ASKED_FOR_HUMAN,)), (0.85, 0.1, 0.05))[0]
        reasons = tuple(r.value for r in (*extra, Reason.HUMAN_ONLY_INTENT))
        path.customer(rng, question, topic.intent, Decision.ESCALATE, reasons)
        return path.escalate(reasons)
    signal = _signal(rng)
    if signal is None:
        return _answer(rng, path, question) if rng.random() >= CLARIFY else _clarify(rng, path, question)
    if signal == Reason.OUT_OF_SCOPE and questions.out_of_scope[language]:
        path.customer(
            rng, rng.choice(questions.out_of_scope[language]), OUT_OF_SCOPE_INTENT, Decision.ESCALATE, (signal.value,)
        )
        return path.escalate((signal.value,))
    if signal.value in LINES:
        question = said(rng, signal.value, language)
    path.customer(rng, question, topic.intent, Decision.ESCALATE, (signal.value,))
    return path.escalate((signal.value,))


def _clarify(rng: random.Random, path: AiPath, question: str) -> AiPath:
    asked = path.customer(rng, question, path.topic.intent, Decision.CLARIFY, (Reason.AMBIGUOUS.value,))
    path.reply(rng, path.topic.answer[path.language][:80] + " ?", asked)
    draw = rng.random()
    if draw < 0.18:
        path.ending = Ending.LEFT
        return path
    if draw < 0.30:
        path.customer(rng, question, path.topic.intent, Decision.ESCALATE, (Reason.LOW_CONFIDENCE.value,))
        return path.escalate((Reason.LOW_CONFIDENCE.value,))
    return _answer(rng, path, rng.choice(path.topic.examples[path.language]))


def _answer(rng: random.Random, path: AiPath, question: str) -> AiPath:
    """The AI answers: an article, or a flow that asks for what it needs first."""
    asked = path.customer(rng, question, path.topic.intent, Decision.ANSWER, (Reason.CONFIDENT.value,))
    path.reply(rng, path.topic.answer[path.language], asked)
    if path.topic.kind != HandlerKind.FLOW:
        path.answered_after = path.clock
        return path
    draw = rng.random()
    if draw < FLOW_LEFT:
        path.ending = Ending.LEFT
        return path
    value = said(rng, "slot_value", path.language)
    if draw < FLOW_LEFT + CONNECTOR_DOWN + NOT_VERIFIED:
        reason = Reason.CONNECTOR_FAILURE if draw < FLOW_LEFT + CONNECTOR_DOWN else Reason.VERIFICATION_FAILED
        path.customer(rng, value, path.topic.intent, Decision.ESCALATE, (reason.value,))
        return path.escalate((reason.value,))
    given = path.customer(rng, value, path.topic.intent, Decision.ANSWER, (Reason.CONFIDENT.value,))
    path.reply(rng, path.topic.done[path.language], given)
    path.answered_after = path.clock
    return path
