"""How evenly something (hard contacts, load) is spread across a team."""

import math
import statistics
from collections.abc import Sequence

from tandem.domain.errors import InvalidInput


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative values: 0 when everyone has the same, (n - 1) / n when one has all.

    The population form, mean absolute difference over twice the mean, computed from the sorted values in
    O(n log n). An empty team or all zeros is perfectly equal (0).
    """
    if any(not 0.0 <= v < math.inf for v in values):
        raise InvalidInput("gini needs finite, non-negative values")
    n = len(values)
    total = math.fsum(values)
    if n == 0 or total == 0.0:
        return 0.0
    # sum_i sum_j |x_i - x_j| = 2 * sum_i (2i - n - 1) * x_(i) with 1-based ranks over the sorted values.
    weighted = math.fsum((2 * rank - n - 1) * v for rank, v in enumerate(sorted(values), start=1))
    return max(0.0, weighted / (n * total))


def median(values: Sequence[float]) -> float:
    """The middle value (mean of the two middle ones for an even count); 0 for an empty team."""
    return float(statistics.median(values)) if values else 0.0
