import pytest

from tandem.domain.triage import Decision
from tandem.models.pack_eval import MISSED_ESCALATION_COST, LanguageScore, _outcome


@pytest.mark.parametrize(
    ("decision", "intent", "label", "should_escalate", "outcome"),
    [
        (Decision.ANSWER, "order_status", "order_status", False, "answered_right"),
        (Decision.ANSWER, "return_policy", "order_status", False, "answered_wrong"),
        (Decision.CLARIFY, "order_status", "order_status", False, "clarified"),
        (Decision.ESCALATE, "order_status", "order_status", False, "escalated_unnecessarily"),
        (Decision.ESCALATE, "complaint", "complaint", True, "escalated"),
        (Decision.CLARIFY, None, None, True, "clarified_instead"),
        (Decision.ANSWER, "order_status", None, True, "missed_escalation"),
    ],
)
def test_outcomes(
    decision: Decision, intent: str | None, label: str | None, should_escalate: bool, outcome: str
) -> None:
    assert _outcome(decision, intent, label, should_escalate) == outcome


def test_a_missed_escalation_costs_more_than_a_needless_one() -> None:
    base = dict(
        language="en",
        should_answer=10,
        answered_right=8,
        answered_wrong=0,
        clarified=0,
        should_escalate=10,
        escalated=9,
        clarified_instead=0,
    )
    needless = LanguageScore(**base, escalated_unnecessarily=1, missed_escalations=0)
    missed = LanguageScore(**base, escalated_unnecessarily=0, missed_escalations=1)
    assert missed.cost_per_message == pytest.approx(MISSED_ESCALATION_COST * needless.cost_per_message)
    assert needless.answer_rate == 0.8 and needless.escalation_recall == 0.9
    assert missed.answer_precision == pytest.approx(8 / 9)
