"""Queueing-theory references for the simulator's checks (helpers, not tests).

With the AI off, one skill and one language, one chat per agent, exponential handle times and first come first
served to the first free agent (policy human_only, breaks off), a simulated day is an M/M/N queue, or M/M/N+M
with exponential patience, whose steady-state figures Erlang C and Erlang A give exactly.

Two references:
- `fcfs`: the first-come-first-served recursion on the very same customers (arrival, handle time, patience),
  which the engine must reproduce to the microsecond;
- `control_variate`: a plain estimate of a queue's mean wait at 95 % occupancy has a standard error of ~15 %
  after 100 000 contacts (its autocorrelation time grows as 1/(1 - ρ)²). So the simulator's figures are
  corrected by a control variate: one server N times faster, fed the same customers, whose exact figures are
  Erlang C / Erlang A with one agent. Its waits move with the simulator's (same arrivals, same work), and
  `sim - β (fast - exact_fast)` is an unbiased estimate of the simulator's figure with ~30 times less noise.
"""

import heapq
import math
import statistics
from dataclasses import dataclass
from datetime import datetime

from tandem.workforce.erlang import QueueFigures, erlang_c
from tandem.workforce.erlang_a import erlang_a
from tandem.workforce.simulation import AgentGroup, Duration, Handling, Intent, Scenario, Shape
from tandem.workforce.simulation.stream import ContactStream

AHT = 300.0


def mmn(load: float, agents: int, hours: int, patience: float | None = None) -> Scenario:
    """A day that is an M/M/N (+M) queue at occupancy `load` (offered load / agents) for `hours` hours."""
    rate = load * agents / AHT * 3600.0
    exponential = Duration(Shape.EXPONENTIAL, AHT)
    return Scenario(
        name="mmn",
        title="M/M/N",
        day=datetime(2025, 1, 6),
        arrivals_per_hour=(rate,) * hours,
        languages=(("en", 1.0),),
        intents=(Intent("question", 1.0, 0.0, "support"),),
        handling=Handling(exponential, exponential, exponential),
        groups=(AgentGroup("everyone", agents, 0.0, hours * 3600.0, 1, ("support",), ("en",), 0.0),),
        patience=None if patience is None else Duration(Shape.EXPONENTIAL, patience),
        breaks=False,
    )


def theory(load: float, agents: int, patience: float | None, *, fast: bool = False) -> QueueFigures:
    """Erlang C (no patience) or Erlang A figures of the day; with `fast`, of the single server `agents` times
    faster fed the same customers."""
    rate = load * agents / AHT
    aht, servers = (AHT / agents, 1) if fast else (AHT, agents)
    if patience is None:
        return erlang_c(rate, aht, servers)
    return erlang_a(rate, aht, servers, patience)


@dataclass(frozen=True)
class Outcome:
    """One customer's fate in a queue: whether they found everyone busy, their wait if answered."""

    waited: bool
    wait: float | None  # None: abandoned


def fcfs(stream: ContactStream, servers: int, speed_up: int = 1) -> list[Outcome]:
    """First come first served with `servers` servers, handle times divided by `speed_up`. A customer starts at
    the earliest moment a server is free; one whose patience runs out first leaves without taking a server."""
    free = [0.0] * servers
    outcomes = []
    for arrival, handle, patience in zip(stream.arrival, stream.handle_seconds, stream.patience, strict=True):
        earliest = heapq.heappop(free)
        start = max(arrival, earliest)
        if start - arrival > patience:
            heapq.heappush(free, earliest)
            outcomes.append(Outcome(True, None))
        else:
            heapq.heappush(free, start + handle / speed_up)
            outcomes.append(Outcome(start > arrival, start - arrival))
    return outcomes


@dataclass(frozen=True)
class Figures:
    p_wait: float
    asa: float
    abandonment: float


def figures(outcomes: list[Outcome]) -> Figures:
    answered = [o.wait for o in outcomes if o.wait is not None]
    return Figures(
        p_wait=sum(o.waited for o in outcomes) / len(outcomes),
        asa=math.fsum(answered) / len(answered) if answered else 0.0,
        abandonment=1.0 - len(answered) / len(outcomes),
    )


def control_variate(sim: list[Outcome], fast: list[Outcome], exact: Figures, batches: int = 40) -> Figures:
    """The simulator's figures corrected by the fast server's known error, batch by batch (β by regression)."""
    size = len(sim) // batches
    pairs = [
        (figures(sim[b * size : (b + 1) * size]), figures(fast[b * size : (b + 1) * size])) for b in range(batches)
    ]

    def corrected(name: str) -> float:
        x: list[float] = [getattr(s, name) for s, _ in pairs]
        y: list[float] = [getattr(f, name) for _, f in pairs]
        known: float = getattr(exact, name)
        spread = statistics.variance(y)
        beta = statistics.covariance(x, y) / spread if spread > 0 else 0.0
        return statistics.fmean(x) - beta * (statistics.fmean(y) - known)

    return Figures(corrected("p_wait"), corrected("asa"), corrected("abandonment"))


def exact_figures(figures_: QueueFigures) -> Figures:
    return Figures(figures_.p_wait, figures_.asa_seconds, figures_.abandonment_rate)
