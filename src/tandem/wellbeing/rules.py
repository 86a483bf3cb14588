"""Wellbeing vetoes: adaptive capacity, cool-down after abuse, a cap on an unfair share of hard contacts.

Each class has the router's `Rule` shape (`check(agent, conversation, now) -> veto code | None`) without
importing the router: wellbeing sits below routing.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, WaitingConversation
from tandem.wellbeing.checkin import LOW_CHECK_IN, capacity_after_checkin

# Veto codes, phrased about one agent.
ADAPTIVE_CAPACITY = "adaptive_capacity"
COOLING_DOWN = "cooling_down"
HARD_SHARE = "hard_share"

HIGH_LOAD = 15.0
VERY_HIGH_LOAD = 22.0
YIELD_SHARE = 0.5  # an easy contact that has waited half its SLA may take back one chat the load cut


@dataclass(frozen=True, slots=True)
class AdaptiveCapacity:
    """Fewer concurrent chats while the agent is loaded (veto "adaptive_capacity").

    One chat fewer above `high_load`, two fewer above `very_high_load`, and one more fewer after a low
    check-in (<= `low_check_in`); never below 1 chat (an agent whose capacity is 0 stays at 0).

    The load cut yields one chat to a customer who would otherwise wait past the SLA (`yields`): an easy
    contact that has waited `yield_share` of its SLA may go to an agent the load cut alone turns away. Never a
    hard contact, never past a low check-in's cut, never above the agent's own capacity; the occupancy cap and
    every working-time rule still apply. Without it, the cut costs most when the team is busiest (the evening
    peaks of the shipped scenarios: up to 7 points of service level against a centre that only obeys the law,
    docs/benchmarks.md). `yield_share=None`: the cut never yields.
    """

    high_load: float = HIGH_LOAD
    very_high_load: float = VERY_HIGH_LOAD
    low_check_in: int = LOW_CHECK_IN
    yield_share: float | None = YIELD_SHARE

    def __post_init__(self) -> None:
        if not 0.0 < self.high_load <= self.very_high_load < math.inf:
            raise InvalidInput(f"need 0 < high_load <= very_high_load, got {self.high_load}, {self.very_high_load}")
        if self.yield_share is not None and not 0.0 <= self.yield_share < math.inf:
            raise InvalidInput(f"adaptive_yield_share must be finite and >= 0, got {self.yield_share}")

    def capacity(self, agent: AgentSnapshot, relief: int = 0) -> int:
        """The agent's effective capacity given their load and check-in; `relief` chats of the load cut given
        back (never more than the load took)."""
        cut = 2 if agent.load > self.very_high_load else 1 if agent.load > self.high_load else 0
        reduced = capacity_after_checkin(agent.capacity - max(cut - relief, 0), agent.check_in, self.low_check_in)
        return max(min(agent.capacity, 1), reduced)

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto an agent whose active chats fill the effective capacity, unless the cut yields (`yields`)."""
        if agent.active < self.capacity(agent) or self.yields(agent, conversation, now):
            return None
        return ADAPTIVE_CAPACITY

    def yields(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> bool:
        """Whether the load cut gives one chat back for `conversation`: easy, waiting for `yield_share` of its
        SLA or longer, and the agent under their capacity with one chat of the load cut given back."""
        if self.yield_share is None or conversation.hard:
            return False
        waited = (now - conversation.queued_at).total_seconds()
        return waited >= self.yield_share * conversation.sla_seconds and agent.active < self.capacity(agent, 1)


@dataclass(frozen=True, slots=True)
class CoolDown:
    """No new hard contact for `minutes` (default 10) after an abusive one (veto "cooling_down").

    Easy contacts are still allowed: a routine question is part of recovering, an idle agent is not the aim.
    """

    minutes: float = 10.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.minutes < math.inf:
            raise InvalidInput(f"cool-down minutes must be finite and >= 0, got {self.minutes}")

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto a hard conversation for an agent whose last abusive contact ended less than `minutes` ago."""
        if not conversation.hard or agent.last_abusive_at is None:
            return None
        # An abusive contact stamped in the future (clock skew) counts as just now.
        return COOLING_DOWN if now - agent.last_abusive_at < timedelta(minutes=self.minutes) else None


@dataclass(frozen=True, slots=True)
class HardShareCap:
    """No new hard contact for an agent well above the team's median of recent hard contacts
    (veto "hard_share"): at least `margin` more than `team_median`.

    Soft in effect: agents at or below the median are never turned away by it, so it can block at most half
    the team. The median comes from the snapshot of the whole team (`wellbeing_rules(policy, team)`).
    """

    team_median: float
    margin: int = 3

    def __post_init__(self) -> None:
        # margin >= 1 is what guarantees the "never more than half the team" property.
        if isinstance(self.margin, bool) or self.margin < 1:
            raise InvalidInput(f"hard-share margin must be an integer >= 1, got {self.margin!r}")
        if not 0.0 <= self.team_median < math.inf:
            raise InvalidInput(f"team median must be finite and >= 0, got {self.team_median}")

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto a hard conversation for an agent with `margin` or more recent hard contacts above the median."""
        if not conversation.hard:
            return None
        return HARD_SHARE if agent.recent_hard >= self.team_median + self.margin else None
