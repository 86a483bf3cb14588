"""Wellbeing preferences: who should take a conversation among the agents allowed to.

Each class has the router's `Scorer` shape (`score(agent, conversation, now) -> float`, added to the agent's
spare-capacity ratio, which lies in [0, 1]; higher wins). The scales are chosen against that range.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, WaitingConversation
from tandem.wellbeing.rules import HIGH_LOAD

# Without the burnout penalty PreferRested scores within [-(2 x load_weight + occupancy_weight), 0] and the
# spare ratio within [0, 1]: the rest of the ranking spans less than 2.5, so 10 points per hard contact (per
# full window's worth of time at work) makes the hard-contact rate decide outright.
FAIR_SHARE_WEIGHT = 10.0
# Minutes of work an agent's recent hard contacts are spread over at the least: a newcomer's first hard
# contact counts as a rate of 1 per 30 minutes, not 1 per minute, and a count is never divided by zero.
MIN_EXPOSURE_MINUTES = 30.0
# Subtracted for an agent in the burnout zone: more than fair share and rest can ever subtract from anyone
# else, so the burnout zone acts as a veto while someone eligible is outside it, and only then.
BURNOUT_PENALTY = 1e6


@dataclass(frozen=True, slots=True)
class FairShareOfHard:
    """For a hard conversation, strongly prefer the agent with the lowest rate of recent hard contacts.

    The rate is the recent hard contacts over the agent's time at work in the window: someone who started
    (or came back from a day off) 40 minutes ago is compared on those 40 minutes, not on the full window, so
    a newcomer is not handed every hard contact until their count catches up with colleagues who have been
    at work all along. Time at work is `worked_minutes_today`, capped at the window (an agent at work all
    window long is compared on their plain count) and floored at `min_exposure_minutes`.

    Subtracts `weight` per hard contact per window's worth of work. With the default weights the
    lowest-rate eligible agent wins (outside the burnout zone), and free capacity, load and occupancy only
    break ties between equals; easy conversations are not affected.
    """

    weight: float = FAIR_SHARE_WEIGHT
    window_minutes: float = 120.0
    min_exposure_minutes: float = MIN_EXPOSURE_MINUTES

    def __post_init__(self) -> None:
        if not 0.0 <= self.weight < math.inf:
            raise InvalidInput(f"fair-share weight must be finite and >= 0, got {self.weight}")
        if not 0.0 < self.min_exposure_minutes <= self.window_minutes < math.inf:
            raise InvalidInput(
                "need 0 < min_exposure_minutes <= window_minutes, "
                f"got {self.min_exposure_minutes}, {self.window_minutes}"
            )

    def exposure(self, worked_minutes: float) -> float:
        """Minutes at work the recent hard contacts are spread over, in [min_exposure_minutes, window_minutes]."""
        worked = worked_minutes if math.isfinite(worked_minutes) else self.window_minutes
        return min(max(worked, self.min_exposure_minutes), self.window_minutes)

    def share_of(self, recent_hard: float, worked_minutes: float) -> float:
        """Recent hard contacts scaled to a full window at the agent's rate (the plain count after a window's work)."""
        return recent_hard * self.window_minutes / self.exposure(worked_minutes)

    def share(self, agent: AgentSnapshot) -> float:
        """`share_of` the agent's recent hard contacts over their minutes worked today."""
        return self.share_of(agent.recent_hard, agent.worked_minutes_today)

    def score(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> float:
        """-weight x recent hard contacts per window's worth of work for a hard conversation, 0 otherwise."""
        return -self.weight * self.share(agent) if conversation.hard else 0.0


@dataclass(frozen=True, slots=True)
class PreferRested:
    """Prefer agents with less load and lower occupancy, so nobody is pushed into the burnout zone
    (occupancy above ~85%, DOMAIN.md) while others are idle.

    Score = -load_weight x min(load / high_load, 2) - occupancy_weight x occupancy
            - burnout_penalty if occupancy >= occupancy_limit.
    The burnout penalty is dominant by default (`BURNOUT_PENALTY`): an agent at or above the limit gets a
    contact only when every eligible agent is. Below the limit, the load term is small next to a free seat
    (at most 2 x load_weight = 0.3 with the defaults), so a fresh agent with a chat open does not beat an
    idle colleague who carries some load; lower occupancy is preferred more strongly.
    """

    high_load: float = HIGH_LOAD
    load_weight: float = 0.15
    occupancy_weight: float = 0.5
    occupancy_limit: float = 0.85
    burnout_penalty: float = BURNOUT_PENALTY

    def __post_init__(self) -> None:
        if not 0.0 < self.high_load < math.inf:
            raise InvalidInput(f"high_load must be finite and > 0, got {self.high_load}")
        weights = (self.load_weight, self.occupancy_weight, self.burnout_penalty)
        if not all(0.0 <= w < math.inf for w in weights):  # a finite penalty: scores stay comparable, never NaN
            raise InvalidInput("rest weights must be finite and >= 0")
        if not 0.0 < self.occupancy_limit <= 1.0:
            raise InvalidInput(f"occupancy_limit must be in (0, 1], got {self.occupancy_limit}")

    def score(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> float:
        """A penalty in [-(2 x load_weight + occupancy_weight + burnout_penalty), 0]; 0 for a rested idle agent."""
        # Clipped so that one absurd input cannot outweigh the fair-share term or produce a NaN.
        load = min(max(agent.load / self.high_load, 0.0), 2.0) if math.isfinite(agent.load) else 2.0
        occupancy = min(max(agent.occupancy_last_hour, 0.0), 1.0) if math.isfinite(agent.occupancy_last_hour) else 1.0
        burnout = self.burnout_penalty if occupancy >= self.occupancy_limit else 0.0
        return -self.load_weight * load - self.occupancy_weight * occupancy - burnout
