"""One site's wellbeing policy, and the rules and scorers it gives the router.

Usage (services, simulator):

    rules, scorers = wellbeing_rules(policy, team=agents)
    plan = route(agents, waiting, now, rules=(*DEFAULT_RULES, *rules), scorers=scorers, rng=rng)
    plan = annotate(plan, agents, waiting, policy)  # wellbeing reasons on each decision

The wellbeing rules go after the router's defaults: "all at capacity" or "nobody available" should be said
before "break due", and the router reports the last stage that turned the candidates away.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, WaitingConversation
from tandem.wellbeing.breaks import DEFAULT_WORKING_TIME, BreakDue, DailyLimit, ShiftOver, WeeklyLimit, WorkingTime
from tandem.wellbeing.checkin import HIGHEST, LOW_CHECK_IN
from tandem.wellbeing.fairness import median
from tandem.wellbeing.forecast import HourlyForecast
from tandem.wellbeing.load import DEFAULT_WEIGHTS, DifficultyWeights, LoadModel
from tandem.wellbeing.lull import LULL_BREAK_MINUTES, LullBreak
from tandem.wellbeing.occupancy import LONG_CHAT_MINUTES, OccupancyCap
from tandem.wellbeing.rules import HIGH_LOAD, VERY_HIGH_LOAD, YIELD_SHARE, AdaptiveCapacity, CoolDown, HardShareCap
from tandem.wellbeing.scorers import (
    BURNOUT_PENALTY,
    FAIR_SHARE_WEIGHT,
    MIN_EXPOSURE_MINUTES,
    FairShareOfHard,
    PreferRested,
)

LoadLevel = Literal["normal", "high", "very_high"]


class WellbeingRule(Protocol):
    """Same shape as `tandem.routing.Rule` (declared here because wellbeing may not import routing)."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None: ...


class WellbeingScorer(Protocol):
    """Same shape as `tandem.routing.Scorer`."""

    def score(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> float: ...


@dataclass(frozen=True, slots=True)
class WellbeingPolicy:
    """Every wellbeing parameter of a site, with defaults (docs/wellbeing.md explains each one)."""

    load_model: LoadModel = field(default_factory=LoadModel)  # half-life 45 min
    difficulty: DifficultyWeights = DEFAULT_WEIGHTS
    hard_window_minutes: float = 120.0  # "recent" hard contacts: those that ended in this window
    high_load: float = HIGH_LOAD  # above: one chat fewer
    very_high_load: float = VERY_HIGH_LOAD  # above: two chats fewer
    adaptive_yield_share: float | None = YIELD_SHARE  # an easy contact this far into its SLA: the cut gives one back
    low_check_in: int = LOW_CHECK_IN  # a check-in at or below: one chat fewer, and an alert
    check_in_valid_minutes: float = 240.0  # an older check-in no longer speaks for the agent
    cool_down_minutes: float = 10.0  # no hard contact this long after an abusive one
    fair_share_weight: float = FAIR_SHARE_WEIGHT
    hard_share_margin: int | None = 3  # None: no veto for an agent far above the team's median
    load_weight: float = 0.15  # at most 0.3: a free seat (spare ratio) outweighs a difference in load
    occupancy_weight: float = 0.5
    occupancy_limit: float = 0.85  # the burnout zone starts here (DOMAIN.md)
    burnout_penalty: float = BURNOUT_PENALTY  # dominant: nobody in the zone gets work while someone is below it
    occupancy_cap: bool = True  # no contact that could take an agent above occupancy_limit in a clock hour
    long_chat_minutes: float = LONG_CHAT_MINUTES  # how long a chat may run, for the cap: a long one, not the mean
    lull_break_minutes: float | None = LULL_BREAK_MINUTES  # a break due this soon is asked for when nobody waits
    forecast: HourlyForecast | None = (
        None  # contacts per hour, given in advance: a break due in a busier hour goes earlier
    )
    hours: WorkingTime = DEFAULT_WORKING_TIME

    def __post_init__(self) -> None:
        if not 0.0 < self.hard_window_minutes < math.inf:
            raise InvalidInput(f"hard_window_minutes must be finite and > 0, got {self.hard_window_minutes}")
        if not 0.0 <= self.check_in_valid_minutes < math.inf:
            raise InvalidInput(f"check_in_valid_minutes must be finite and >= 0, got {self.check_in_valid_minutes}")
        if isinstance(self.low_check_in, bool) or not 0 <= self.low_check_in < HIGHEST:
            raise InvalidInput(f"low_check_in must be an integer in [0, {HIGHEST}), got {self.low_check_in!r}")
        # Building the rules runs their own checks (load thresholds, weights, margin), so a bad policy fails
        # when it is loaded, not at the first routing pass.
        if self.lull_break_minutes is not None and not 0.0 < self.lull_break_minutes < math.inf:
            raise InvalidInput(f"lull_break_minutes must be finite and > 0, or None, got {self.lull_break_minutes}")
        wellbeing_rules(self, ())
        if self.hard_share_margin is not None:
            HardShareCap(0.0, self.hard_share_margin)


def wellbeing_rules(
    policy: WellbeingPolicy, team: Sequence[AgentSnapshot] = ()
) -> tuple[tuple[WellbeingRule, ...], tuple[WellbeingScorer, ...]]:
    """The vetoes and preferences to pass to `route`, in funnel order (whole-agent limits first).

    With `team` (the same snapshots given to `route`) and a `hard_share_margin`, also the veto on hard
    contacts for agents far above the median of recent hard contacts of the team at work (not offline).
    """
    hours = policy.hours
    rules: list[WellbeingRule] = [
        ShiftOver(hours.look_ahead_minutes),
        WeeklyLimit(hours.weekly_limit_minutes, hours.look_ahead_minutes),
        DailyLimit(hours.daily_limit_minutes, hours.look_ahead_minutes),
        BreakDue(hours.break_after_minutes, hours.look_ahead_minutes),
        AdaptiveCapacity(policy.high_load, policy.very_high_load, policy.low_check_in, policy.adaptive_yield_share),
        CoolDown(policy.cool_down_minutes),
    ]
    if policy.occupancy_cap:
        rules.append(OccupancyCap(policy.occupancy_limit, policy.long_chat_minutes, hours))
    if team and policy.hard_share_margin is not None:
        # The median of the people at work (on a break included, as in the simulator), not of those gone home.
        at_work = [a.recent_hard for a in team if a.status != AgentStatus.OFFLINE]
        rules.append(HardShareCap(median(at_work), policy.hard_share_margin))
    scorers: tuple[WellbeingScorer, ...] = (
        FairShareOfHard(
            policy.fair_share_weight,
            policy.hard_window_minutes,
            min(MIN_EXPOSURE_MINUTES, policy.hard_window_minutes),
        ),
        PreferRested(
            policy.high_load,
            policy.load_weight,
            policy.occupancy_weight,
            policy.occupancy_limit,
            policy.burnout_penalty,
        ),
    )
    return tuple(rules), scorers


def lull_break(policy: WellbeingPolicy) -> LullBreak | None:
    """The rule asking idle agents to take a break due soon while nobody waits (wellbeing.lull), or None: switched
    off (`lull_break_minutes` None), or no room for it under the site's rules. The window is at most half the
    work between breaks (earlier, it would be another pause, not the break falling due) and must reach beyond
    the look-ahead (within it the usual path already stops new contacts)."""
    if policy.lull_break_minutes is None:
        return None
    hours = policy.hours
    window = min(policy.lull_break_minutes, hours.break_after_minutes / 2)
    if window <= hours.look_ahead_minutes:
        return None
    cap = OccupancyCap(policy.occupancy_limit, policy.long_chat_minutes, hours) if policy.occupancy_cap else None
    return LullBreak(window, hours, cap, policy.occupancy_limit, policy.forecast)


DEFAULT_WELLBEING = WellbeingPolicy()


def effective_capacity(agent: AgentSnapshot, policy: WellbeingPolicy = DEFAULT_WELLBEING) -> int:
    """Concurrent chats the agent may have now, after load and check-in (what the workspace shows)."""
    return AdaptiveCapacity(policy.high_load, policy.very_high_load, policy.low_check_in).capacity(agent)


def load_level(load: float, policy: WellbeingPolicy = DEFAULT_WELLBEING) -> LoadLevel:
    """The load's level for display: "normal", "high" (above `high_load`) or "very_high" (above `very_high_load`)."""
    if load > policy.very_high_load:
        return "very_high"
    return "high" if load > policy.high_load else "normal"
