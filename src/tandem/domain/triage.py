"""The auditable triage decision."""

from dataclasses import dataclass
from enum import StrEnum

# The label of the model's own out-of-scope class (packs teach it with their near-miss examples).
OUT_OF_SCOPE_INTENT = "out_of_scope"


class Decision(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    ESCALATE = "escalate"


class Reason(StrEnum):
    # Why the AI answers
    CONFIDENT = "confident"
    # Why the AI asks back
    AMBIGUOUS = "ambiguous"
    # Why a person takes over
    OUT_OF_SCOPE = "out_of_scope"
    LOW_CONFIDENCE = "low_confidence"
    ASKED_FOR_HUMAN = "asked_for_human"
    FRUSTRATION = "frustration"
    ABUSE = "abuse"
    SENSITIVE_TOPIC = "sensitive_topic"
    REPEATED_FAILURE = "repeated_failure"
    REJECTED_ANSWER = "rejected_answer"
    MULTI_ISSUE = "multi_issue"
    HUMAN_ONLY_INTENT = "human_only_intent"
    CONNECTOR_FAILURE = "connector_failure"
    VERIFICATION_FAILED = "verification_failed"
    UNVERIFIED_INTENT = "unverified_intent"  # the intent is on probation: a person checks the AI's answer first


@dataclass(frozen=True, slots=True)
class Turn:
    """One earlier customer turn, as triage needs to remember it."""

    intent: str | None
    decision: Decision
    resolved: bool = False


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence thresholds, calibrated from data (see `triage.calibration`).

    answer: minimum top-intent probability for the AI to answer on its own.
    clarify: below `answer` but at or above this, the AI asks the customer to confirm.
    Below `clarify`, the message is out of scope for the AI.
    """

    answer: float
    clarify: float
    target_precision: float = 0.97


@dataclass(frozen=True, slots=True)
class TriageResult:
    decision: Decision
    reasons: tuple[Reason, ...]
    intent: str | None
    confidence: float
