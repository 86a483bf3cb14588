"""The three ways of running the centre that the simulator compares.

- `human_only`: no AI; every contact goes to people, first free agent, no wellbeing rules.
- `naive_hybrid`: the AI first; what it escalates goes to the first free agent, no wellbeing rules.
- `tandem`: the AI first; Tandem's router (`tandem.routing.route`: priorities, ageing) with the wellbeing
  rules and scorers (`tandem.wellbeing.wellbeing_rules`: adaptive capacity, fair share of hard contacts,
  cool-down after abuse, breaks and hours).

How agents behave around breaks differs, because only `tandem` knows about them (carried out by
`workday`): under `tandem` the break-due rule stops new work `look_ahead_minutes` before the
break falls due and the agent goes on break when the last chat ends; under the naive policies nothing stops
the work, and the agent takes the break at the first moment with no chat at all once it is due, if that moment
comes before the shift ends. Either way a break counts as taken only if it starts at most
`BREAK_GRACE_MINUTES` after it fell due.
"""

from dataclasses import dataclass
from enum import StrEnum

from tandem.domain.errors import InvalidInput

BREAK_GRACE_MINUTES = 30.0


class PolicyName(StrEnum):
    HUMAN_ONLY = "human_only"
    NAIVE_HYBRID = "naive_hybrid"
    TANDEM = "tandem"


@dataclass(frozen=True, slots=True)
class Policy:
    """What a policy switches on."""

    name: PolicyName
    ai_first: bool  # contacts meet the AI first; only escalations reach people
    wellbeing: bool  # Tandem's router with the wellbeing rules; else first free agent


POLICIES = {
    PolicyName.HUMAN_ONLY: Policy(PolicyName.HUMAN_ONLY, ai_first=False, wellbeing=False),
    PolicyName.NAIVE_HYBRID: Policy(PolicyName.NAIVE_HYBRID, ai_first=True, wellbeing=False),
    PolicyName.TANDEM: Policy(PolicyName.TANDEM, ai_first=True, wellbeing=True),
}
ALL = "all"


def policy(name: str | PolicyName) -> Policy:
    """The policy called `name`; InvalidInput for an unknown one."""
    try:
        return POLICIES[PolicyName(name)]
    except ValueError:
        raise InvalidInput(f"unknown policy {name!r}; choose one of {', '.join(choices())}") from None


def policies(name: str) -> tuple[Policy, ...]:
    """One policy by name, or every policy for "all" (in the order human_only, naive_hybrid, tandem)."""
    return tuple(POLICIES.values()) if name == ALL else (policy(name),)


def choices() -> tuple[str, ...]:
    return (*(p.value for p in PolicyName), ALL)
