"""The AI asks back only between plausible intents; a long shot goes to a person (reason low_confidence)."""

from collections.abc import Sequence
from typing import Any, cast

from tandem.connectors.demo import DemoConnector
from tandem.dialogue.assistant import Assistant
from tandem.domain.dialogue import AiState
from tandem.domain.triage import Decision, Reason, Thresholds, Turn
from tandem.domain.understanding import IntentScore, Understanding
from tandem.models.pack_models import packs_for
from tandem.triage.policy import decide
from tandem.triage.service import Triaged, TriageService

# A calibrated clarify threshold of 0.0 is what the built-in packs get: the policy alone must keep long shots out.
THRESHOLDS = Thresholds(answer=0.8, clarify=0.0)


class _Reads:
    """Triage that reads every message as `scores`, then decides with the real policy."""

    def __init__(self, *scores: tuple[str, float], familiarity: float = 1.0) -> None:
        ranking = tuple(IntentScore(intent, p) for intent, p in scores)
        confidence = scores[0][1] * familiarity  # as `IntentModel.confidence` weighs the top probability
        self.understanding = Understanding("text", "en", scores[0][0], confidence, ranking)

    def triage(self, text: str, history: Sequence[Turn] = (), language: str | None = None) -> Triaged:
        return Triaged(self.understanding, decide(self.understanding, history, THRESHOLDS))


def _assistant(*scores: tuple[str, float], familiarity: float = 1.0) -> Assistant:
    triage = cast(Any, _Reads(*scores, familiarity=familiarity))
    return Assistant(packs_for("ecommerce")[0], cast(TriageService, triage), DemoConnector())


def test_only_plausible_intents_are_offered() -> None:
    # Half as familiar as a taught example: every option is weighed down like the top one (0.08 -> 0.04).
    assistant = _assistant(("start_return", 0.5), ("refund_status", 0.3), ("order_status", 0.08), familiarity=0.5)
    reply = assistant.respond(AiState(), "about my return")
    assert reply.decision.decision == Decision.CLARIFY
    assert reply.state.options == ("start_return", "refund_status")
    assert "3)" not in reply.text


def test_a_long_shot_goes_to_a_person_instead_of_a_question() -> None:
    reply = _assistant(("order_status", 0.0004), ("out_of_scope", 0.0003), ("size_guide", 0.0002)).respond(
        AiState(), "hmm"
    )
    assert reply.decision.decision == Decision.ESCALATE
    assert reply.decision.reasons == (Reason.LOW_CONFIDENCE,)
    assert reply.state.escalated and reply.state.options == ()


def test_one_plausible_intent_and_out_of_scope_goes_to_a_person() -> None:
    reply = _assistant(("order_status", 0.5), ("out_of_scope", 0.4), ("size_guide", 0.03)).respond(AiState(), "hm")
    assert reply.decision.decision == Decision.ESCALATE
    assert reply.decision.reasons == (Reason.LOW_CONFIDENCE,)
