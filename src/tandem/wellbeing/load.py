"""How heavy an agent's recent work has been: each contact's difficulty, summed, fading with time.

The load model in plain words:

- Every contact an agent finishes adds its *difficulty* to the agent's load. An ordinary contact is worth 1
  point; what makes it harder adds to that: the customer's frustration (up to +2 at full frustration),
  abuse (+2), a sensitive topic such as bereavement, fraud or health (+1.5), a long contact (+0.1 per minute
  beyond 15 minutes, at most +1.5) and a bad outcome, i.e. not resolved (+0.5). One contact counts for at
  most 6 points, so a single awful contact cannot swamp everything else.
- Load fades by half every 45 minutes (the *half-life*), at any time: a contact finished 45 minutes ago
  counts half, 90 minutes ago a quarter. So the load is roughly "the difficulty of the last hour or so".
  Steady ordinary work keeps it level; a run of hard contacts raises it; a break brings it down.
- Nothing here loops over time: the value at any instant follows from the last value and the time elapsed
  (closed form), so it is exact and cheap however long the gap.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from tandem.domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ContactSignals:
    """What one finished contact was like, as far as its weight on the agent goes.

    `frustration` is the customer's peak frustration, 0 .. 1 (the NLU's scale); `minutes` the time the agent
    spent on it; `resolved` False for a bad outcome (unresolved, transferred away, complaint).
    """

    frustration: float = 0.0
    abusive: bool = False
    sensitive: bool = False
    minutes: float = 0.0
    resolved: bool = True

    def __post_init__(self) -> None:
        # A NaN would silently turn every later load into NaN.
        if not 0.0 <= self.frustration <= 1.0:
            raise InvalidInput(f"frustration must be in [0, 1], got {self.frustration}")
        if not 0.0 <= self.minutes < math.inf:
            raise InvalidInput(f"minutes must be finite and >= 0, got {self.minutes}")


@dataclass(frozen=True, slots=True)
class DifficultyWeights:
    """Points each signal adds to a contact's difficulty (see the module docstring for the defaults)."""

    base: float = 1.0
    frustration: float = 2.0  # at frustration 1.0; proportional below
    abuse: float = 2.0
    sensitive: float = 1.5
    length_free_minutes: float = 15.0  # a contact this long or shorter adds nothing for its length
    length_per_minute: float = 0.1
    length_max: float = 1.5
    bad_outcome: float = 0.5
    maximum: float = 6.0
    # Frustration at or above this makes a contact "hard"; the triage escalates at the same level (0.6).
    hard_frustration: float = 0.6

    def __post_init__(self) -> None:
        weights = (self.base, self.frustration, self.abuse, self.sensitive, self.length_per_minute)
        if not all(0.0 <= w < math.inf for w in (*weights, self.length_max, self.bad_outcome)):
            raise InvalidInput("difficulty weights must be finite and >= 0")
        if not 0.0 <= self.length_free_minutes < math.inf:
            raise InvalidInput(f"length_free_minutes must be finite and >= 0, got {self.length_free_minutes}")
        if not self.base <= self.maximum < math.inf:
            raise InvalidInput(f"maximum must be finite and >= base, got {self.maximum}")
        if not 0.0 <= self.hard_frustration <= 1.0:
            raise InvalidInput(f"hard_frustration must be in [0, 1], got {self.hard_frustration}")


DEFAULT_WEIGHTS = DifficultyWeights()


def contact_difficulty(signals: ContactSignals, weights: DifficultyWeights = DEFAULT_WEIGHTS) -> float:
    """Points the contact adds to the agent's load: base + what made it hard, clipped to `weights.maximum`."""
    extra_minutes = max(0.0, signals.minutes - weights.length_free_minutes)
    points = (
        weights.base
        + weights.frustration * signals.frustration
        + (weights.abuse if signals.abusive else 0.0)
        + (weights.sensitive if signals.sensitive else 0.0)
        + min(weights.length_max, weights.length_per_minute * extra_minutes)
        + (0.0 if signals.resolved else weights.bad_outcome)
    )
    return min(weights.maximum, points)


def is_hard(signals: ContactSignals, weights: DifficultyWeights = DEFAULT_WEIGHTS) -> bool:
    """Hostile or sensitive: the contacts whose share must be spread fairly across the team."""
    return signals.abusive or signals.sensitive or signals.frustration >= weights.hard_frustration


@dataclass(frozen=True, slots=True)
class LoadModel:
    """Exponential recovery: load halves every `half_life_minutes` (default 45)."""

    half_life_minutes: float = 45.0

    def __post_init__(self) -> None:
        if not 0.0 < self.half_life_minutes < math.inf:
            raise InvalidInput(f"half_life_minutes must be finite and > 0, got {self.half_life_minutes}")

    def load_after(self, previous_load: float, previous_at: datetime, now: datetime, added: float = 0.0) -> float:
        """The load at `now`: `previous_load` (measured at `previous_at`) recovered for the time between, plus
        `added` (the difficulty of a contact finishing at `now`).

        A `now` before `previous_at` (clock skew, events out of order) recovers nothing rather than inventing
        extra load.
        """
        if not 0.0 <= previous_load < math.inf:
            raise InvalidInput(f"load must be finite and >= 0, got {previous_load}")
        if not 0.0 <= added < math.inf:
            raise InvalidInput(f"added difficulty must be finite and >= 0, got {added}")
        elapsed = max(0.0, (now - previous_at).total_seconds() / 60.0)
        return previous_load * math.exp2(-elapsed / self.half_life_minutes) + added

    def minutes_to_recover(self, load: float, target: float) -> float:
        """Minutes of rest until `load` falls to `target` (0 if already there), e.g. to tell an agent when
        their capacity comes back."""
        if not target > 0.0:
            raise InvalidInput(f"target load must be > 0, got {target}")
        if load <= target:
            return 0.0
        return self.half_life_minutes * math.log2(load / target)
