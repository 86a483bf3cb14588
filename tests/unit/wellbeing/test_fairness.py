"""The Gini coefficient against known values, and the median."""

import pytest

from tandem.domain.errors import InvalidInput
from tandem.wellbeing import gini, median


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], 0.0),
        ([0, 0, 0], 0.0),
        ([3], 0.0),
        ([4, 4, 4, 4], 0.0),
        ([0, 1], 0.5),
        ([0, 0, 0, 1], 0.75),  # one has everything: (n - 1) / n
        ([1, 2, 3, 4, 5], 4 / 15),  # mean |xi - xj| over all pairs = 1.6; / (2 x mean 3)
        ([2, 4, 6, 8, 10], 4 / 15),  # scale does not matter
        ([5, 1, 4, 2, 3], 4 / 15),  # nor order
        ([1, 1, 1, 5], 0.375),  # hard contacts: one agent took 5 while three took 1
    ],
)
def test_gini_known_values(values: list[float], expected: float) -> None:
    assert gini(values) == pytest.approx(expected)


@pytest.mark.parametrize("values", [[1, -1], [float("nan")], [float("inf"), 1]])
def test_gini_refuses_negative_or_non_finite_values(values: list[float]) -> None:
    with pytest.raises(InvalidInput):
        gini(values)


def test_median() -> None:
    assert median([]) == 0.0
    assert median([3, 1, 2]) == 2.0
    assert median([0, 1, 2, 7]) == 1.5
