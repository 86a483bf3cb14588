"""What a simulated day is made of: demand, the AI, customers' patience, handle times, the roster, costs.

Times are seconds from midnight of the simulated day; rates are contacts per hour. A `Scenario` is built by
`load_scenario` (YAML, validated) or directly in code (the validation tests build M/M/N days this way).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from tandem.wellbeing import DEFAULT_WELLBEING, DEFAULT_WORKING_TIME, WellbeingPolicy, WorkingTime


class Shape(StrEnum):
    """How a random duration is drawn."""

    EXPONENTIAL = "exponential"
    LOGNORMAL = "lognormal"  # mean and coefficient of variation (cv = standard deviation / mean)
    CONSTANT = "constant"


@dataclass(frozen=True, slots=True)
class Duration:
    """A random duration in seconds; `maximum` clips the long tail (a chat longer than that is transferred)."""

    shape: Shape
    mean: float
    cv: float = 1.0
    maximum: float = math.inf


class Difficulty(StrEnum):
    """Which handle-time distribution a person's work on a contact follows."""

    SIMPLE = "simple"  # what the AI would have answered (only people see it under human_only)
    STANDARD = "standard"  # escalated, neither hostile nor sensitive
    HARD = "hard"  # hostile (abusive, very frustrated) or sensitive


class Hardness(StrEnum):
    """Why an escalated contact is hard, with the triage reason code it is escalated with."""

    ABUSIVE = "abuse"
    FRUSTRATED = "frustration"
    SENSITIVE = "sensitive_topic"


@dataclass(frozen=True, slots=True)
class Intent:
    """One intent of the mix: its share of contacts, the share the AI contains, and, of the contacts it
    escalates, the shares that are abusive, very frustrated or sensitive (the rest are standard)."""

    name: str
    share: float
    containment: float
    skill: str
    hard: tuple[tuple[Hardness, float], ...] = ()

    @property
    def hard_share(self) -> float:
        """Share of this intent's escalated contacts that are hard."""
        return math.fsum(share for _, share in self.hard)


@dataclass(frozen=True, slots=True)
class AgentGroup:
    """`count` agents with the same shift, skills, languages and concurrent-chat capacity.

    With `stagger` (seconds), the agents' shifts start spread evenly over that time after `start` (each
    shift keeps its length), as rosters do so that a whole team does not start, break and leave at once.
    """

    name: str
    count: int
    start: float  # seconds from midnight
    end: float  # after `start`; past 86 400 for a night shift
    capacity: int
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    hourly_cost: float
    stagger: float = 0.0

    def offset(self, index: int) -> float:
        """How much later than `start` the group's `index`-th agent starts (whole minutes)."""
        return 60.0 * round(self.stagger * index / self.count / 60.0) if self.count else 0.0

    @property
    def shift_seconds(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Handling:
    """Handle-time distributions of people, by difficulty."""

    simple: Duration
    standard: Duration
    hard: Duration

    def of(self, difficulty: Difficulty) -> Duration:
        return {Difficulty.SIMPLE: self.simple, Difficulty.STANDARD: self.standard, Difficulty.HARD: self.hard}[
            difficulty
        ]


@dataclass(frozen=True, slots=True)
class Scenario:
    """One day of a hybrid centre.

    - `arrivals_per_hour[h]`: mean contacts arriving in hour h (Poisson within each hour); the list's length
      is the horizon in hours (24 for a day).
    - `intents`: the mix, each with the AI's containment and the hard shares of what it escalates;
      `escalation_reasons`: the triage reason codes of the standard (not hard) escalations, with their shares.
    - `patience`: how long a queued customer waits before leaving; None: nobody leaves.
    - `ai_seconds`: time with the AI before the contact is contained or escalated (the AI serves everyone at once).
    - `sla_seconds`, `sla_target`: the service-level objective, e.g. 80 % answered within 60 s.
    - `breaks`: False switches breaks off altogether (queueing-theory checks); the rules are `working_time`.
    - `wellbeing`: the site's wellbeing settings, used by the tandem policy (defaults: docs/wellbeing.md).
    """

    name: str
    title: str
    day: datetime
    arrivals_per_hour: tuple[float, ...]
    languages: tuple[tuple[str, float], ...]
    intents: tuple[Intent, ...]
    handling: Handling
    groups: tuple[AgentGroup, ...]
    escalation_reasons: tuple[tuple[str, float], ...] = (("low_confidence", 1.0),)
    patience: Duration | None = None
    ai_seconds: Duration = field(default_factory=lambda: Duration(Shape.CONSTANT, 0.0))
    ai_cost_per_contact: float = 0.0
    sla_seconds: float = 60.0
    sla_target: float = 0.8
    resolved_share: float = 1.0
    working_time: WorkingTime = DEFAULT_WORKING_TIME
    breaks: bool = True
    wellbeing: WellbeingPolicy = DEFAULT_WELLBEING  # the site's settings (its `hours` are `working_time`)

    @property
    def horizon_seconds(self) -> float:
        return 3600.0 * len(self.arrivals_per_hour)

    @property
    def agent_count(self) -> int:
        return sum(g.count for g in self.groups)

    @property
    def expected_contacts(self) -> float:
        return math.fsum(self.arrivals_per_hour)
