"""The checks approved lessons make of the AI's guesses, and which intents of a new model wait for more."""

from tandem.domain.learning import LearnedAnswer
from tandem.domain.probation import Checks
from tandem.models.probation import checks_of, checks_record, on_probation


def lesson(item_id: int, intent: str, suggested: str | None, checks: bool = True) -> LearnedAnswer:
    return LearnedAnswer(item_id, "ecommerce", "en", intent, f"question {item_id}", "answer", suggested, checks)


def test_each_check_is_right_iff_people_approved_the_ais_guess() -> None:
    learned = [
        lesson(1, "price_match", "price_match"),
        lesson(2, "price_match", "price_match"),
        lesson(3, "card_swallowed", "order_status"),  # the AI answered order_status; it was something else
        lesson(4, "order_status", "order_status"),
        lesson(5, "price_match", "order_status", checks=False),  # unsure, escalated anyway: no check
        lesson(6, "price_match", None),
    ]
    checks = checks_of(learned)
    assert checks == {"price_match": Checks(2, 0), "order_status": Checks(1, 1)}
    assert checks_record(checks) == {"order_status": [1, 1], "price_match": [2, 0]}
    assert checks_of([]) == {}


def test_learned_intents_wait_for_checks_the_packs_own_do_not_and_out_of_scope_never() -> None:
    labels = ("order_status", "out_of_scope", "price_match", "refund")
    vouched = ("order_status", "refund")
    assert on_probation(labels, {}, vouched) == {"price_match"}
    assert on_probation(labels, {"price_match": Checks(19, 0)}, vouched) == {"price_match"}
    enough = {"price_match": Checks(20, 0)}
    assert on_probation(labels, enough, vouched) == frozenset()
    # Two wrong checks put even a vouched intent on probation; one wrong in twenty keeps a learned one there.
    assert on_probation(labels, {"refund": Checks(0, 2), "price_match": Checks(19, 1)}, vouched) == {
        "refund",
        "price_match",
    }
