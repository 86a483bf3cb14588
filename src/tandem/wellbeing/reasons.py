"""The wellbeing side of a routing decision, in words the supervisor can audit.

The router's scorers return bare numbers and its decisions show their sum as "adjustment:+x.xx"; these
helpers say what the wellbeing part of it was made of. Vetoes need no help: the router already reports their
codes ("break_due", "cooling_down", ...) on conversations left waiting.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, RoutingPlan, WaitingConversation
from tandem.wellbeing.checkin import check_in_alert
from tandem.wellbeing.policy import DEFAULT_WELLBEING, WellbeingPolicy, effective_capacity

CHECK_IN_LOW = "check_in_low"
YIELDED = "adaptive_capacity_yielded"  # the load cut gave a chat back to a customer near the SLA


def explain(
    agent: AgentSnapshot, conversation: WaitingConversation, policy: WellbeingPolicy = DEFAULT_WELLBEING
) -> tuple[str, ...]:
    """Wellbeing reasons for giving `conversation` to `agent`.

    "recent_hard:N" (hard conversations only: the fair-share count that decided), "load:X.X",
    "occupancy:P%", "effective_capacity:E/C" when load or check-in lowered the capacity, "check_in_low", and
    "adaptive_capacity_yielded" when the agent's chats (`agent.active`, before this one) already fill that
    capacity: the load cut gave a chat back to a customer who had waited long (`AdaptiveCapacity.yields`).
    """
    reasons: list[str] = []
    if conversation.hard:
        reasons.append(f"recent_hard:{agent.recent_hard}")
    reasons.append(f"load:{agent.load:.1f}")
    reasons.append(f"occupancy:{agent.occupancy_last_hour:.0%}")
    capacity = effective_capacity(agent, policy)
    if capacity < agent.capacity:
        reasons.append(f"effective_capacity:{capacity}/{agent.capacity}")
        if agent.active >= capacity:
            reasons.append(YIELDED)
    if check_in_alert(agent.check_in, policy.low_check_in):
        reasons.append(CHECK_IN_LOW)
    return tuple(reasons)


def annotate(
    plan: RoutingPlan,
    agents: Sequence[AgentSnapshot],
    waiting: Sequence[WaitingConversation],
    policy: WellbeingPolicy = DEFAULT_WELLBEING,
) -> RoutingPlan:
    """`plan` with `explain`'s reasons appended to each decision (same snapshots as given to `route`).

    Nothing `explain` reads changes during a routing pass but `active` (the router also moves
    `last_assigned_at`, which `explain` does not read): each decision is explained with the agent's chats
    before it, those of the snapshot plus the earlier decisions of the pass (the plan is in the router's order).
    """
    agents_by_id = {a.id: a for a in agents}
    waiting_by_id = {c.id: c for c in waiting}
    given: Counter[int] = Counter()
    decisions = []
    for decision in plan.decisions:
        agent = agents_by_id.get(decision.agent_id)
        conversation = waiting_by_id.get(decision.conversation_id)
        if agent is None or conversation is None:
            raise InvalidInput(
                f"decision {decision.conversation_id} -> {decision.agent_id} is not from these snapshots"
            )
        before = replace(agent, active=agent.active + given[agent.id])
        given[agent.id] += 1
        reasons = (*decision.reasons, *explain(before, conversation, policy))
        decisions.append(replace(decision, reasons=reasons))
    return replace(plan, decisions=tuple(decisions))
