"""The day's contacts, drawn up front from one seeded generator.

Every contact gets all its random attributes at once (arrival, intent, language, whether the AI contains it,
hardness, handle time, patience, ...), whatever the policy will do with it. Every policy therefore faces the
very same customers (common random numbers): differences between policies are the policies', not noise.
"""

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tandem.workforce.simulation.scenario import Duration, Hardness, Scenario, Shape

Floats = npt.NDArray[np.float64]

# Peak frustration (0 .. 1, the NLU's scale). Hostile contacts: uniform from the level at which triage escalates
# for frustration (0.6) to 1. The others: 0.5·u², skewed towards calm (mean 0.17, half of them below 0.125).
_HOSTILE_FRUSTRATION = (0.6, 1.0)
_CALM_FRUSTRATION_MAX = 0.5


@dataclass(frozen=True, slots=True)
class ContactStream:
    """Column-wise contacts, sorted by arrival; plain Python lists because the engine reads them one by one."""

    arrival: list[float]
    skill: list[str]
    language: list[str]
    contained: list[bool]  # the AI resolves it (hybrid policies)
    hardness: list[Hardness | None]  # None: a standard contact
    reason: list[str]  # the triage reason code it is escalated with
    ai_seconds: list[float]
    handle_seconds: list[float]  # a person's time on it: simple if the AI could contain it, else standard or hard
    patience: list[float]  # math.inf: never gives up
    frustration: list[float]
    resolved: list[bool]

    def __len__(self) -> int:
        return len(self.arrival)


def draw(duration: Duration, size: int, rng: np.random.Generator) -> Floats:
    """`size` draws of a duration, clipped to its maximum."""
    values: Floats
    if duration.mean == 0 or duration.shape is Shape.CONSTANT:
        values = np.full(size, duration.mean, dtype=np.float64)
    elif duration.shape is Shape.EXPONENTIAL:
        values = rng.exponential(duration.mean, size)
    else:
        sigma2 = math.log1p(duration.cv**2)
        values = rng.lognormal(math.log(duration.mean) - sigma2 / 2.0, math.sqrt(sigma2), size)
    clipped: Floats = np.minimum(values, duration.maximum)
    return clipped


def contact_stream(scenario: Scenario, rng: np.random.Generator) -> ContactStream:
    """All of the day's contacts: Poisson arrivals at each hour's rate, attributes from the scenario's mixes."""
    counts = rng.poisson(np.asarray(scenario.arrivals_per_hour))
    hours = np.repeat(np.arange(len(counts), dtype=np.float64), counts)
    arrival = np.sort(3600.0 * (hours + rng.random(hours.size)))
    n = arrival.size
    intents = scenario.intents
    intent = rng.choice(len(intents), size=n, p=_normalised([i.share for i in intents]))
    language = rng.choice(len(scenario.languages), size=n, p=_normalised([s for _, s in scenario.languages]))
    containment = np.array([i.containment for i in intents])
    contained = rng.random(n) < containment[intent]
    hardness = _hardness(scenario, intent, rng.random(n), contained)
    reasons = [r for r, _ in scenario.escalation_reasons]
    reason = rng.choice(len(reasons), size=n, p=_normalised([s for _, s in scenario.escalation_reasons]))
    ai = draw(scenario.ai_seconds, n, rng)
    handling = scenario.handling
    simple, standard, hard = (draw(d, n, rng) for d in (handling.simple, handling.standard, handling.hard))
    is_hard = np.array([h is not None for h in hardness], dtype=bool)
    handle = np.where(contained, simple, np.where(is_hard, hard, standard))
    patience = draw(scenario.patience, n, rng) if scenario.patience is not None else np.full(n, math.inf)
    hostile = np.array([h in (Hardness.ABUSIVE, Hardness.FRUSTRATED) for h in hardness], dtype=bool)
    u = rng.random(n)
    low, high = _HOSTILE_FRUSTRATION
    frustration = np.where(hostile, low + (high - low) * u, _CALM_FRUSTRATION_MAX * u**2)
    resolved = rng.random(n) < scenario.resolved_share
    return ContactStream(
        arrival=arrival.tolist(),
        skill=[intents[i].skill for i in intent.tolist()],
        language=[scenario.languages[i][0] for i in language.tolist()],
        contained=contained.tolist(),
        hardness=hardness,
        reason=[h.value if h is not None else reasons[r] for h, r in zip(hardness, reason.tolist(), strict=True)],
        ai_seconds=ai.tolist(),
        handle_seconds=handle.tolist(),
        patience=patience.tolist(),
        frustration=frustration.tolist(),
        resolved=resolved.tolist(),
    )


def _hardness(
    scenario: Scenario, intent: npt.NDArray[np.int64], u: Floats, contained: npt.NDArray[np.bool_]
) -> list[Hardness | None]:
    """Hardness of the escalated contacts by inverse transform: u below the intent's first share is its first
    kind, and so on. Contained contacts are never hard: triage escalates every hostile or sensitive contact."""
    table: list[list[tuple[float, Hardness]]] = []
    for spec in scenario.intents:
        bounds, upper = [], 0.0
        for kind, share in spec.hard:
            upper += share
            bounds.append((upper, kind))
        table.append(bounds)
    result: list[Hardness | None] = []
    for i, x, ai in zip(intent.tolist(), u.tolist(), contained.tolist(), strict=True):
        result.append(None if ai else next((kind for upper, kind in table[i] if x < upper), None))
    return result


def _normalised(weights: list[float]) -> Floats:
    total = math.fsum(weights)
    return np.asarray(weights, dtype=np.float64) / total
