import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.domain.errors import InvalidInput
from tandem.triage.calibration import NEVER, calibrate, coverage_at_precision, threshold_for_precision


def test_threshold_is_the_largest_coverage_meeting_the_target() -> None:
    conf = [0.99, 0.95, 0.90, 0.80, 0.70, 0.60]
    correct = [1, 1, 1, 0, 1, 0]
    # top-3 all right (1.0); top-4 = 0.75; top-5 = 0.8; top-6 = 0.667
    assert threshold_for_precision(conf, correct, 0.97) == 0.90
    assert threshold_for_precision(conf, correct, 0.80) == 0.70
    assert threshold_for_precision(conf, correct, 0.60) == 0.60


def test_never_answers_when_the_most_confident_row_is_wrong() -> None:
    assert threshold_for_precision([0.9, 0.8], [0, 1], 0.97) == NEVER
    assert threshold_for_precision([], [], 0.97) == NEVER


def test_ties_are_answered_together() -> None:
    # Cutting inside the tie at 0.9 is impossible: both rows or neither.
    assert threshold_for_precision([0.95, 0.9, 0.9], [1, 1, 0], 0.9) == 0.95


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(InvalidInput):
        threshold_for_precision([0.5], [1, 0], 0.9)
    with pytest.raises(InvalidInput):
        threshold_for_precision([0.5], [1], 1.5)


def test_coverage_at_precision_counts_all_rows() -> None:
    assert coverage_at_precision([0.9, 0.8, 0.7, 0.1], [1, 1, 0, 0], 0.97) == 0.5


def test_calibrate_counts_out_of_scope_rows_as_wrong() -> None:
    p = np.array([[0.95, 0.05], [0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    truth = [0, 0, 1, -1]
    t = calibrate(p, truth, target_precision=0.97)
    assert t.answer == pytest.approx(0.8)  # the out-of-scope row at 0.6 must stay below
    assert t.clarify <= t.answer
    assert t.target_precision == 0.97


@given(
    st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.booleans()), min_size=1, max_size=60),
    st.sampled_from([0.8, 0.9, 0.97]),
)
def test_the_chosen_threshold_meets_the_target_on_its_rows(rows: list[tuple[float, bool]], target: float) -> None:
    conf = np.array([c for c, _ in rows])
    ok = np.array([o for _, o in rows])
    th = threshold_for_precision(conf, ok, target)
    answered = conf >= th
    if answered.any():
        assert ok[answered].mean() >= target
    else:
        assert th == NEVER


def test_rows_the_model_puts_in_its_own_out_of_scope_class_are_never_answered() -> None:
    # column 2 is the model's out-of-scope class
    p = np.array([[0.9, 0.05, 0.05], [0.05, 0.05, 0.9], [0.8, 0.1, 0.1], [0.1, 0.7, 0.2]])
    truth = [0, -1, 0, -1]
    with_class = calibrate(p, truth, 0.97, decline_index=2)
    assert with_class.answer == pytest.approx(0.8)  # the confident out-of-scope row is declined, not wrong
    without = calibrate(p, truth, 0.97)
    assert without.answer == NEVER  # read as a confident wrong answer, it leaves nothing to answer


def test_a_clarification_cannot_offer_the_out_of_scope_class() -> None:
    # Column 2 is the out-of-scope class. The row at 0.6 is out of scope; its second choice is that class,
    # which a clarification never offers, so asking back at 0.6 would not help that customer.
    p = np.array([[0.9, 0.05, 0.05], [0.6, 0.0, 0.4], [0.5, 0.3, 0.2]])
    truth = [0, 2, 0]
    t = calibrate(p, truth, 0.97, clarify_precision=0.9, decline_index=2)
    assert t.clarify == pytest.approx(0.9)
    assert calibrate(p, truth, 0.97, clarify_precision=0.9).clarify == pytest.approx(0.5)
