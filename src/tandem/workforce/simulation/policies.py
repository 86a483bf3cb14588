"""The four ways of running the centre that the simulator compares.

- `human_only`: no AI; every contact goes to people, first free agent, no wellbeing rules.
- `naive_hybrid`: the AI first; what it escalates goes to the first free agent, no wellbeing rules.
- `naive_legal`: `naive_hybrid` in a centre that obeys the law: every legal break taken and the hour limits
  kept exactly as under `tandem` (below), first free agent otherwise, no other rule. The cost of Tandem's own
  rules (occupancy cap, fair share, cool-downs, adaptive capacity) is measured against it.
- `tandem`: the AI first; Tandem's router (`tandem.routing.route`: priorities, ageing) with the wellbeing
  rules and scorers (`tandem.wellbeing.wellbeing_rules`: adaptive capacity, fair share of hard contacts,
  cool-down after abuse, occupancy cap, breaks and hours).

How agents behave around breaks and hours (carried out by `workday`): under `tandem` and `naive_legal` new
work stops `look_ahead_minutes` before a break falls due, before the end of the shift or of the daily limit,
and the agent goes on break (or leaves) when the last chat ends; under `human_only` and `naive_hybrid`
nothing stops the work, and the agent takes the break at the first moment with no chat at all once it is due,
if that moment comes before the shift ends. Either way a break counts as taken only if it starts at most
`BREAK_GRACE_MINUTES` after it fell due.
"""

from dataclasses import dataclass
from enum import StrEnum

from tandem.domain.errors import InvalidInput

BREAK_GRACE_MINUTES = 30.0


class PolicyName(StrEnum):
    HUMAN_ONLY = "human_only"
    NAIVE_HYBRID = "naive_hybrid"
    NAIVE_LEGAL = "naive_legal"
    TANDEM = "tandem"


@dataclass(frozen=True, slots=True)
class Policy:
    """What a policy switches on."""

    name: PolicyName
    ai_first: bool  # contacts meet the AI first; only escalations reach people
    wellbeing: bool  # Tandem's router with the wellbeing rules; else first free agent
    legal: bool  # breaks and hour limits kept: new work stops ahead of them (see the module's docstring)


POLICIES = {
    PolicyName.HUMAN_ONLY: Policy(PolicyName.HUMAN_ONLY, ai_first=False, wellbeing=False, legal=False),
    PolicyName.NAIVE_HYBRID: Policy(PolicyName.NAIVE_HYBRID, ai_first=True, wellbeing=False, legal=False),
    PolicyName.NAIVE_LEGAL: Policy(PolicyName.NAIVE_LEGAL, ai_first=True, wellbeing=False, legal=True),
    PolicyName.TANDEM: Policy(PolicyName.TANDEM, ai_first=True, wellbeing=True, legal=True),
}
ALL = "all"


def policy(name: str | PolicyName) -> Policy:
    """The policy called `name`; InvalidInput for an unknown one."""
    try:
        return POLICIES[PolicyName(name)]
    except ValueError:
        raise InvalidInput(f"unknown policy {name!r}; choose one of {', '.join(choices())}") from None


def policies(name: str) -> tuple[Policy, ...]:
    """One policy by name, or every policy for "all" (in the order human_only, naive_hybrid, naive_legal,
    tandem)."""
    return tuple(POLICIES.values()) if name == ALL else (policy(name),)


def choices() -> tuple[str, ...]:
    return (*(p.value for p in PolicyName), ALL)
