"""Self check-in: valid scores, the alert, the capacity it costs, how long it counts."""

from datetime import timedelta

import pytest

from tandem.domain.errors import InvalidInput
from tandem.wellbeing import CheckIn, capacity_after_checkin, check_in_alert

from .builders import NOW


@pytest.mark.parametrize(("score", "alert"), [(1, True), (2, True), (3, False), (5, False)])
def test_low_scores_raise_an_alert(score: int, alert: bool) -> None:
    assert CheckIn(score, NOW).alert is alert
    assert check_in_alert(score) is alert


def test_no_check_in_is_no_alert_and_the_threshold_is_configurable() -> None:
    assert check_in_alert(None) is False
    assert check_in_alert(3, low=3) is True


@pytest.mark.parametrize("score", [0, 6, -1, True])
def test_scores_outside_1_to_5_are_refused(score: int) -> None:
    with pytest.raises(InvalidInput):
        CheckIn(score, NOW)


@pytest.mark.parametrize(
    ("capacity", "score", "after"),
    [(3, 2, 2), (3, 1, 2), (3, 3, 3), (3, None, 3), (1, 1, 1), (0, 1, 0), (2, 2, 1)],
)
def test_capacity_after_checkin(capacity: int, score: int | None, after: int) -> None:
    assert capacity_after_checkin(capacity, score) == after


def test_a_check_in_counts_for_a_while() -> None:
    check_in = CheckIn(2, NOW)
    assert check_in.valid_at(NOW + timedelta(minutes=240), 240)
    assert not check_in.valid_at(NOW + timedelta(minutes=240, seconds=1), 240)
    assert check_in.valid_at(NOW - timedelta(minutes=5), 240)  # clock skew: fresh
