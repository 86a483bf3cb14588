"""How many agents a service-level target needs: the smallest N meeting it, under Erlang C or Erlang A."""

import math
from dataclasses import asdict, dataclass

from tandem.domain.errors import InvalidInput
from tandem.workforce.erlang import QueueFigures, QueueModel, erlang_c_series, non_negative, positive
from tandem.workforce.erlang_a import PatienceTooLong, erlang_a


@dataclass(frozen=True)
class Staffing:
    """Agents needed on the phones (`agents`) and on the roster (`scheduled_agents`), with their figures.

    Figures as in QueueFigures: `service_level` is the share of all arrivals answered within `target_seconds`,
    `asa_seconds` the mean wait of answered contacts, `abandonment_rate` the share of all arrivals that give up.
    """

    model: QueueModel
    agents: int
    scheduled_agents: int
    offered_load_erlangs: float
    service_level: float
    asa_seconds: float
    mean_wait_all_seconds: float
    occupancy: float
    abandonment_rate: float
    p_wait: float
    target_sl: float
    target_seconds: float
    shrinkage: float

    def as_dict(self) -> dict[str, str | int | float]:
        """Plain JSON-ready mapping (the `tandem staff --json` contract)."""
        return {**asdict(self), "model": self.model.value}


def staff_for(
    target_sl: float,
    target_seconds: float,
    arrival_rate_per_s: float,
    aht_s: float,
    patience_s: float | None = None,
    shrinkage: float = 0.0,
) -> Staffing:
    """The smallest N whose service level within `target_seconds` reaches `target_sl`.

    Erlang C without `patience_s` (and then N > A always), Erlang A with it. The roster adds shrinkage:
    scheduled = ⌈N / (1 − shrinkage)⌉. The search stops at N = A + 10√A + 100; a target still out of reach
    there is an InvalidInput, never an endless loop.
    """
    target = float(target_sl)
    if not 0.0 < target < 1.0:  # also refuses NaN
        raise InvalidInput(f"target service level must be between 0 and 1 (exclusive), got {target_sl!r}")
    seconds = non_negative("target seconds", target_seconds)
    rate = positive("arrival rate", arrival_rate_per_s)
    aht = positive("handle time (AHT)", aht_s)
    patience = None if patience_s is None else positive("patience", patience_s)
    lost = float(shrinkage)
    if not 0.0 <= lost < 1.0:
        raise InvalidInput(f"shrinkage must be at least 0 and below 1, got {shrinkage!r}")

    load = rate * aht
    cap = search_cap(load)
    if patience is None:
        figures = _erlang_c_staffing(target, seconds, rate, aht, cap)
    else:
        figures = _erlang_a_staffing(target, seconds, rate, aht, patience, cap)
    if figures is None:
        raise InvalidInput(
            f"a service level of {target:.4g} within {seconds:g} s cannot be reached with up to {cap} agents "
            f"(offered load {load:.4g} Erlangs)"
        )
    return Staffing(
        model=figures.model,
        agents=figures.agents,
        # The 1e-9 keeps 14 / 0.7 = 20.000000000000004 at 20.
        scheduled_agents=math.ceil(figures.agents / (1.0 - lost) - 1e-9),
        offered_load_erlangs=load,
        service_level=figures.service_level(seconds),
        asa_seconds=figures.asa_seconds,
        mean_wait_all_seconds=figures.mean_wait_all_seconds,
        occupancy=figures.occupancy,
        abandonment_rate=figures.abandonment_rate,
        p_wait=figures.p_wait,
        target_sl=target,
        target_seconds=seconds,
        shrinkage=lost,
    )


def search_cap(offered_load: float) -> int:
    """Most agents the search tries: A + 10√A + 100, far above square-root staffing's A + β√A (β ≈ 0.5–3)."""
    return math.ceil(offered_load + 10.0 * math.sqrt(offered_load) + 100.0)


def _erlang_c_staffing(target: float, seconds: float, rate: float, aht: float, cap: int) -> QueueFigures | None:
    # A linear scan costs one Erlang B step per N, and the answer is a few √A above A.
    for figures in erlang_c_series(rate, aht, math.floor(rate * aht) + 1, cap):
        if figures.service_level(seconds) >= target:
            return figures
    return None


def _erlang_a_staffing(
    target: float, seconds: float, rate: float, aht: float, patience: float, cap: int
) -> QueueFigures | None:
    # Each evaluation builds a distribution, so bisect: the service level grows with N. Answered contacts are
    # at most Nμ/λ = N/A of arrivals, so no N ≤ target·A can do.
    cache: dict[int, QueueFigures] = {}

    def meets(agents: int) -> bool:
        try:
            cache[agents] = cache.get(agents) or erlang_a(rate, aht, agents, patience)
        except PatienceTooLong:
            return False  # a queue of millions answers (next to) nobody in time
        return cache[agents].service_level(seconds) >= target

    low, high = max(1, math.floor(target * rate * aht)), cap
    if not meets(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle + 1
    return cache[high]
