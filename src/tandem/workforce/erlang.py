"""Erlang B and Erlang C (M/M/N): probability of waiting, service level, ASA, occupancy.

Units everywhere in `workforce`: seconds, and rates per second. λ is the arrival rate, 1/μ the mean handle
time (AHT), A = λ/μ the offered load in Erlangs, N the number of agents answering.
"""

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from tandem.domain.errors import InvalidInput


class QueueModel(StrEnum):
    """Which queue the figures come from."""

    ERLANG_C = "erlang_c"  # M/M/N: nobody gives up
    ERLANG_A = "erlang_a"  # M/M/N+M: exponential patience


@dataclass(frozen=True)
class QueueFigures:
    """Steady-state figures of one queue answered by `agents` agents. Times in seconds, shares in [0, 1].

    - `p_wait`: share of arrivals that find every agent busy and so queue (PASTA), abandoners included.
    - `asa_seconds`: ASA, the mean wait of *answered* contacts, those answered at once counting 0 s.
    - `mean_wait_all_seconds`: mean time in queue of *all* arrivals, abandoners' time until they leave
      included (Little: E[queue length] / λ). Equal to `asa_seconds` for Erlang C.
    - `abandonment_rate`: share of *all* arrivals that leave before an agent answers (0 for Erlang C).
    - `occupancy`: share of the agents' time spent handling contacts.
    - `service_level(t)`: share of *all* arrivals answered within t seconds; abandoners count as not answered.
    """

    model: QueueModel
    agents: int
    offered_load_erlangs: float
    p_wait: float
    asa_seconds: float
    mean_wait_all_seconds: float
    occupancy: float
    abandonment_rate: float
    sl_function: Callable[[float], float] = field(repr=False, compare=False)

    def service_level(self, seconds: float) -> float:
        """Share of all arrivals answered within `seconds` (clamped to [0, 1] against rounding)."""
        return min(1.0, max(0.0, self.sl_function(non_negative("seconds", seconds))))

    @property
    def abandonment_of_waiting(self) -> float:
        """Share of the contacts that queue which then abandon (abandonment_rate / p_wait)."""
        return self.abandonment_rate / self.p_wait if self.p_wait > 0 else 0.0


def positive(name: str, value: float) -> float:
    """`value` as a float if it is a finite number > 0, else InvalidInput naming it."""
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise InvalidInput(f"{name} must be a finite number greater than 0, got {value!r}")
    return number


def non_negative(name: str, value: float) -> float:
    """`value` as a float if it is a finite number ≥ 0, else InvalidInput naming it."""
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise InvalidInput(f"{name} must be a finite number of at least 0, got {value!r}")
    return number


def agent_count(agents: int) -> int:
    """`agents` if it is a whole number ≥ 1, else InvalidInput."""
    if isinstance(agents, bool) or not isinstance(agents, int) or agents < 1:
        raise InvalidInput(f"agents must be a whole number of at least 1, got {agents!r}")
    return agents


def erlang_b(offered_load: float, agents: int) -> float:
    """Blocking probability of M/M/N/N by the recursion B(n) = A·B(n−1) / (n + A·B(n−1)), B(0) = 1.

    Every step stays in (0, 1], so it neither overflows nor loses precision for thousands of agents.
    """
    load = positive("offered load", offered_load)
    blocking = 1.0
    for n in range(1, agent_count(agents) + 1):
        blocking = load * blocking / (n + load * blocking)
    return blocking


def erlang_c(arrival_rate_per_s: float, aht_s: float, agents: int) -> QueueFigures:
    """Erlang C figures for N agents; needs N > A, or the queue grows without end."""
    rate = positive("arrival rate", arrival_rate_per_s)
    aht = positive("handle time (AHT)", aht_s)
    n = agent_count(agents)
    _require_stable(rate * aht, n)
    return _figures(rate, aht, n, erlang_b(rate * aht, n))


def erlang_c_series(arrival_rate_per_s: float, aht_s: float, first: int, last: int) -> Iterator[QueueFigures]:
    """Erlang C figures for N = first, first + 1, …, last, one Erlang B step each (first must exceed A)."""
    rate = positive("arrival rate", arrival_rate_per_s)
    aht = positive("handle time (AHT)", aht_s)
    load = rate * aht
    _require_stable(load, agent_count(first))
    blocking = erlang_b(load, first - 1) if first > 1 else 1.0
    for n in range(first, last + 1):
        blocking = load * blocking / (n + load * blocking)
        yield _figures(rate, aht, n, blocking)


def _require_stable(load: float, agents: int) -> None:
    if agents <= load:
        raise InvalidInput(
            f"Erlang C needs more agents than the offered load ({load:.4g} Erlangs), got {agents}: "
            "the queue would grow without end"
        )


def _figures(rate: float, aht: float, agents: int, blocking: float) -> QueueFigures:
    load = rate * aht
    # C = N·B / (N − A·(1 − B)); the denominator is > N − A > 0.
    p_wait = min(1.0, agents * blocking / (agents - load * (1.0 - blocking)))
    spare_rate = (agents - load) / aht  # N·μ − λ > 0
    asa = p_wait / spare_rate

    def service_level(seconds: float) -> float:
        return 1.0 - p_wait * math.exp(-spare_rate * seconds)

    return QueueFigures(
        model=QueueModel.ERLANG_C,
        agents=agents,
        offered_load_erlangs=load,
        p_wait=p_wait,
        asa_seconds=asa,
        mean_wait_all_seconds=asa,
        occupancy=load / agents,
        abandonment_rate=0.0,
        sl_function=service_level,
    )
