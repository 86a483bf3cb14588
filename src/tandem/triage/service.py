"""Triage one customer message: understand it, then decide answer / clarify / escalate."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tandem.domain.errors import InvalidInput, ModelError
from tandem.domain.packs import HandlerKind, Pack
from tandem.domain.triage import TriageResult, Turn
from tandem.domain.understanding import Understanding
from tandem.nlu.analyzer import Analyzer
from tandem.nlu.intent_model import IntentModel
from tandem.triage.policy import PolicySettings, decide

MAX_MESSAGE_CHARS = 5000


@dataclass(frozen=True)
class Triaged:
    understanding: Understanding
    result: TriageResult

    def as_json(self) -> dict[str, object]:
        """The stable `tandem triage` line."""
        return {
            "text": self.understanding.text,
            "decision": self.result.decision.value,
            "intent": self.result.intent,
            "confidence": self.result.confidence,
            "reasons": [reason.value for reason in self.result.reasons],
            "language": self.understanding.language,
        }


class TriageService:
    def __init__(self, model: IntentModel, packs: Iterable[Pack], settings: PolicySettings | None = None) -> None:
        if model.thresholds is None:
            raise ModelError("the intent model has no calibrated thresholds; run `tandem nlu calibrate`")
        self.model = model
        self._analyzer = Analyzer(model)
        self._thresholds = model.thresholds
        self._human_intents = frozenset(
            intent.name
            for pack in packs
            for intent in pack.intents.values()
            if intent.handler.kind == HandlerKind.HUMAN
        )
        self._settings = settings or PolicySettings()

    def triage(self, text: str, history: Sequence[Turn] = (), language: str | None = None) -> Triaged:
        """Understand and decide. Raises InvalidInput for an empty or oversized message."""
        cleaned = text.strip()
        if not cleaned:
            raise InvalidInput("empty message")
        if len(cleaned) > MAX_MESSAGE_CHARS:
            raise InvalidInput(f"message longer than {MAX_MESSAGE_CHARS} characters")
        understanding = self._analyzer.analyze(cleaned, language)
        return Triaged(understanding, self.decide(understanding, history))

    def decide(self, understanding: Understanding, history: Sequence[Turn] = ()) -> TriageResult:
        return decide(understanding, history, self._thresholds, self._human_intents, self._settings)
