import pytest

from tandem.domain.proportion import wilson_interval


def test_a_perfect_small_sample_is_not_certain() -> None:
    low, high = wilson_interval(14, 14)
    assert high == 1.0
    assert low == pytest.approx(0.7847, abs=1e-4)  # the textbook value for 14 of 14


def test_the_interval_holds_the_share_and_narrows_with_more_cases() -> None:
    small = wilson_interval(13, 14)
    large = wilson_interval(1300, 1400)
    assert small[0] < 13 / 14 < small[1] and large[0] < 13 / 14 < large[1]
    assert large[1] - large[0] < (small[1] - small[0]) / 5
    assert wilson_interval(64, 66) == pytest.approx((0.8961, 0.9917), abs=1e-4)  # worked by hand


def test_nothing_tried_says_nothing() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("successes", "trials"), [(5, 4), (-1, 3), (0, -1)])
def test_impossible_counts_are_refused(successes: int, trials: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(successes, trials)
