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

# With the default weights PreferRested scores within [-2.5, 0] and the spare ratio within [0, 1]: everything
# else an agent can score spans less than 3.5, so 10 points per hard contact makes the count decide outright.
FAIR_SHARE_WEIGHT = 10.0


@dataclass(frozen=True, slots=True)
class FairShareOfHard:
    """For a hard conversation, strongly prefer the agent with the fewest recent hard contacts.

    Subtracts `weight` per recent hard contact. With the default weights the fewest-hard eligible agent
    always wins, and free capacity, load and occupancy only break ties between equals; easy conversations
    are not affected.
    """

    weight: float = FAIR_SHARE_WEIGHT

    def __post_init__(self) -> None:
        if not 0.0 <= self.weight < math.inf:
            raise InvalidInput(f"fair-share weight must be finite and >= 0, got {self.weight}")

    def score(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> float:
        """-weight x recent hard contacts for a hard conversation, 0 otherwise."""
        return -self.weight * agent.recent_hard if conversation.hard else 0.0


@dataclass(frozen=True, slots=True)
class PreferRested:
    """Prefer agents with less load and lower occupancy, so nobody is pushed into the burnout zone
    (occupancy above ~85%, DOMAIN.md) while others are idle.

    Score = -load_weight x min(load / high_load, 2) - occupancy_weight x occupancy
            - burnout_penalty if occupancy >= occupancy_limit.
    With the defaults an agent at 90% occupancy scores 1.45 below an idle one, more than the whole range of
    the spare-capacity ratio: the idle agent gets the contact even when the busy one has more free slots.
    """

    high_load: float = HIGH_LOAD
    load_weight: float = 0.5
    occupancy_weight: float = 0.5
    occupancy_limit: float = 0.85
    burnout_penalty: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 < self.high_load < math.inf:
            raise InvalidInput(f"high_load must be finite and > 0, got {self.high_load}")
        weights = (self.load_weight, self.occupancy_weight, self.burnout_penalty)
        if not all(0.0 <= w < math.inf for w in weights):
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
