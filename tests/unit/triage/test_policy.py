"""The policy, case by case, on hand-built understandings (real-text cases live in test_reasons_fr_en)."""

import pytest

from tandem.domain.triage import OUT_OF_SCOPE_INTENT, Decision, Reason, Thresholds, Turn
from tandem.domain.understanding import IntentScore, SensitiveTopic, Signals, Understanding
from tandem.triage.policy import CLARIFY_FLOOR, PolicySettings, clarify_options, decide

TH = Thresholds(answer=0.8, clarify=0.4)


def msg(intent: str | None = "order_status", confidence: float = 0.95, **signals: object) -> Understanding:
    """A message whose runner-up takes most of what the top intent leaves (two plausible intents when unsure)."""
    ranking = (
        IntentScore(intent or OUT_OF_SCOPE_INTENT, confidence),
        IntentScore("return_item", 0.8 * (1 - confidence)),
    )
    return Understanding("text", "en", intent, confidence, ranking, signals=Signals(**signals))  # type: ignore[arg-type]


def ranked(*scores: tuple[str, float]) -> Understanding:
    return Understanding("text", "en", scores[0][0], scores[0][1], tuple(IntentScore(i, p) for i, p in scores))


def test_confident_in_scope_message_is_answered() -> None:
    r = decide(msg(), [], TH)
    assert (r.decision, r.reasons, r.intent) == (Decision.ANSWER, (Reason.CONFIDENT,), "order_status")


def test_middle_confidence_asks_back_once_then_escalates() -> None:
    first = decide(msg(confidence=0.6), [], TH)
    assert (first.decision, first.reasons) == (Decision.CLARIFY, (Reason.AMBIGUOUS,))
    second = decide(msg(confidence=0.6), [Turn("order_status", Decision.CLARIFY)], TH)
    assert (second.decision, second.reasons) == (Decision.ESCALATE, (Reason.LOW_CONFIDENCE,))


# Calibrated clarify thresholds can be 0.0: every in-scope message below `answer` used to be asked back.
ANY = Thresholds(answer=0.8, clarify=0.0)


def test_a_long_shot_is_not_asked_back_but_escalated() -> None:
    r = decide(ranked(("porting_number_in", 0.0004), ("out_of_scope", 0.0003), ("esim_setup", 0.0002)), [], ANY)
    assert (r.decision, r.reasons) == (Decision.ESCALATE, (Reason.LOW_CONFIDENCE,))


def test_one_plausible_intent_is_nothing_to_choose_between() -> None:
    r = decide(ranked(("password_reset", 0.45), (OUT_OF_SCOPE_INTENT, 0.4), ("esim_setup", 0.03)), [], ANY)
    assert (r.decision, r.reasons) == (Decision.ESCALATE, (Reason.LOW_CONFIDENCE,))


def test_two_plausible_intents_are_asked_back() -> None:
    r = decide(ranked(("lost_or_stolen_phone", 0.45), ("sim_activation", 0.35), ("esim_setup", 0.03)), [], ANY)
    assert (r.decision, r.reasons) == (Decision.CLARIFY, (Reason.AMBIGUOUS,))


def test_an_unfamiliar_message_has_no_plausible_intent_however_its_probabilities_split() -> None:
    split = ranked(("lost_or_stolen_phone", 0.5), ("sim_activation", 0.4))
    unfamiliar = Understanding("text", "en", "lost_or_stolen_phone", 0.0004, split.ranking)
    assert decide(split, [], ANY).decision == Decision.CLARIFY
    r = decide(unfamiliar, [], ANY)
    assert (r.decision, r.reasons) == (Decision.ESCALATE, (Reason.LOW_CONFIDENCE,))


def test_the_options_are_the_plausible_in_scope_intents_best_first() -> None:
    scores = (("a", 0.5), (OUT_OF_SCOPE_INTENT, 0.3), ("b", CLARIFY_FLOOR), ("c", CLARIFY_FLOOR - 0.01))
    assert clarify_options(ranked(*scores)) == ("a", "b")


def test_below_clarify_is_out_of_scope() -> None:
    r = decide(msg(confidence=0.2), [], TH)
    assert (r.decision, r.reasons) == (Decision.ESCALATE, (Reason.OUT_OF_SCOPE,))
    assert decide(msg(intent=None, confidence=0.0), [], TH).reasons == (Reason.OUT_OF_SCOPE,)


@pytest.mark.parametrize(
    ("signals", "reason"),
    [
        ({"asked_for_human": True}, Reason.ASKED_FOR_HUMAN),
        ({"abuse": True, "abuse_terms": ("idiot",)}, Reason.ABUSE),
        ({"sensitive_topics": (SensitiveTopic.FRAUD,)}, Reason.SENSITIVE_TOPIC),
        ({"frustration": 0.8}, Reason.FRUSTRATION),
        ({"multi_issue": True}, Reason.MULTI_ISSUE),
    ],
)
def test_signals_escalate_even_a_confident_message(signals: dict[str, object], reason: Reason) -> None:
    r = decide(msg(**signals), [], TH)
    assert r.decision == Decision.ESCALATE
    assert r.reasons == (reason,)


def test_mild_frustration_does_not_escalate() -> None:
    assert decide(msg(frustration=0.3), [], TH).decision == Decision.ANSWER
    assert decide(msg(frustration=0.3), [], TH, settings=PolicySettings(frustration_limit=0.2)).decision == (
        Decision.ESCALATE
    )


def test_every_cause_is_reported_in_a_stable_order() -> None:
    r = decide(msg(asked_for_human=True, abuse=True, frustration=0.9), [], TH)
    assert r.reasons == (Reason.ASKED_FOR_HUMAN, Reason.ABUSE, Reason.FRUSTRATION)


def test_same_intent_unresolved_after_an_answer_escalates() -> None:
    history = [Turn("order_status", Decision.ANSWER)]
    assert decide(msg(), history, TH).reasons == (Reason.REPEATED_FAILURE,)
    resolved = [Turn("order_status", Decision.ANSWER, resolved=True)]
    assert decide(msg(), resolved, TH).decision == Decision.ANSWER
    other = [Turn("return_policy", Decision.ANSWER)]
    assert decide(msg(), other, TH).decision == Decision.ANSWER


def test_rejecting_the_ais_answer_escalates_only_after_an_answer() -> None:
    after_answer = [Turn("return_policy", Decision.ANSWER)]
    r = decide(msg(intent="return_policy", rejects_answer=True), after_answer, TH)
    assert Reason.REJECTED_ANSWER in r.reasons
    assert decide(msg(rejects_answer=True), [], TH).decision == Decision.ANSWER


def test_human_only_intents_go_to_a_person_when_recognised() -> None:
    r = decide(msg(intent="complaint"), [], TH, human_intents={"complaint"})
    assert (r.decision, r.reasons) == (Decision.ESCALATE, (Reason.HUMAN_ONLY_INTENT,))
    unsure = decide(msg(intent="complaint", confidence=0.1), [], TH, human_intents={"complaint"})
    assert unsure.reasons == (Reason.OUT_OF_SCOPE,)


def test_decide_is_deterministic() -> None:
    m = msg(confidence=0.6, frustration=0.1)
    assert decide(m, [], TH) == decide(m, [], TH)


def test_the_models_own_out_of_scope_class_escalates_however_sure() -> None:
    from tandem.domain.triage import OUT_OF_SCOPE_INTENT

    r = decide(msg(intent=OUT_OF_SCOPE_INTENT, confidence=0.99), [], TH)
    assert (r.decision, r.reasons) == (Decision.ESCALATE, (Reason.OUT_OF_SCOPE,))


def test_an_intent_on_probation_goes_to_a_person_only_when_the_ai_would_answer() -> None:
    unchecked = Understanding("text", "en", "order_status", 0.95, verified=False)
    r = decide(unchecked, [], TH)
    assert (r.decision, r.reasons, r.intent) == (Decision.ESCALATE, (Reason.UNVERIFIED_INTENT,), "order_status")
    # Unsure anyway: the usual clarify, probation changes nothing.
    unsure = Understanding("text", "en", "order_status", 0.6, msg(confidence=0.6).ranking, verified=False)
    assert decide(unsure, [], TH).reasons == (Reason.AMBIGUOUS,)
    # With another cause, both are reported (the person's verdict still checks the intent).
    angry = Understanding("text", "en", "order_status", 0.95, signals=Signals(frustration=0.9), verified=False)
    assert decide(angry, [], TH).reasons == (Reason.FRUSTRATION, Reason.UNVERIFIED_INTENT)
