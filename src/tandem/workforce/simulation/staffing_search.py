"""How many agents a centre without AI needs to serve as well as Tandem: the head count `human_only` needs to
reach the service level `tandem` reaches with the scenario's roster (to within `TOLERANCE`: near 100 % the last
tenth of a point would cost agents for nothing anyone notices), found by bisection. Same seed, so the same
customers every time: service level then rises with head count, bar the odd tie."""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from tandem.domain.errors import InvalidInput
from tandem.workforce.simulation.engine import simulate
from tandem.workforce.simulation.metrics import Summary, summarize
from tandem.workforce.simulation.policies import POLICIES, PolicyName
from tandem.workforce.simulation.scenario import Scenario

TOLERANCE = 0.005  # half a point of service level
MAX_FACTOR = 16  # give up beyond 16 times the roster: the demand is not servable by people at that target

Step = Callable[[str, int, int], None]  # (stage, done, total), as the CLI's progress bar takes it


@dataclass(frozen=True, slots=True)
class StaffingMatch:
    """Tandem at the scenario's roster, and human_only at the smallest scaled roster that serves as well."""

    tandem: Summary
    human_only: Summary
    tried: tuple[tuple[int, float], ...]  # (agents, human_only's service level), in the order tried

    @property
    def agents_saved(self) -> int:
        return self.human_only.agents - self.tandem.agents

    def as_dict(self) -> dict[str, object]:
        return {
            "scenario": self.tandem.scenario,
            "seed": self.tandem.seed,
            "target_service_level": self.tandem.service_level - TOLERANCE,
            "tandem_agents": self.tandem.agents,
            "human_only_agents": self.human_only.agents,
            "agents_saved": self.agents_saved,
            "tandem_cost_per_contact": self.tandem.cost_per_contact,
            "human_only_cost_per_contact": self.human_only.cost_per_contact,
            "cost_saved_per_contact": self.human_only.cost_per_contact - self.tandem.cost_per_contact,
            "tried": [{"agents": n, "service_level": sl} for n, sl in self.tried],
            "runs": [self.tandem.as_dict(per_agent=False), self.human_only.as_dict(per_agent=False)],
        }


def scaled(scenario: Scenario, agents: int) -> Scenario:
    """The scenario with its roster scaled to `agents` people, group shares kept (largest remainders)."""
    total = scenario.agent_count
    if agents < 1 or total == 0:
        raise InvalidInput(f"cannot scale a roster of {total} agents to {agents}")
    exact = [g.count * agents / total for g in scenario.groups]
    counts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: agents - sum(counts)]:
        counts[i] += 1
    return replace(scenario, groups=tuple(replace(g, count=c) for g, c in zip(scenario.groups, counts, strict=True)))


def match_staffing(scenario: Scenario, seed: int = 0, step: Step | None = None) -> StaffingMatch:
    """Tandem's service level with the roster, then the fewest agents human_only needs to reach it."""
    tandem = summarize(simulate(scenario, POLICIES[PolicyName.TANDEM], seed))
    target = tandem.service_level - TOLERANCE
    tried: list[tuple[int, float]] = []
    runs: dict[int, Summary] = {}

    def human_only(agents: int) -> Summary:
        if agents not in runs:
            runs[agents] = summarize(simulate(scaled(scenario, agents), POLICIES[PolicyName.HUMAN_ONLY], seed))
            tried.append((agents, runs[agents].service_level))
            if step is not None:
                step("human_only head count", len(tried), len(tried) + 1)
        return runs[agents]

    low, high = 0, scenario.agent_count
    while human_only(high).service_level < target:
        low, high = high, 2 * high
        if high > MAX_FACTOR * scenario.agent_count:
            raise InvalidInput(f"human_only does not reach a service level of {target:.3f} with "
                               f"{MAX_FACTOR} times the roster")  # fmt: skip
    while high - low > 1:
        middle = (low + high) // 2
        if human_only(middle).service_level >= target:
            high = middle
        else:
            low = middle
    return StaffingMatch(tandem, human_only(high), tuple(tried))
