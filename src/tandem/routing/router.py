"""Who takes which waiting conversation: one pure, greedy pass over the queue."""

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, RoutingDecision, RoutingPlan, Unassigned, WaitingConversation
from tandem.routing.priority import DEFAULT_POLICY, RoutingPolicy, effective_priority, queue_order, sla_breached
from tandem.routing.rules import DEFAULT_RULES, NOBODY, NOT_AVAILABLE, Rule, Scorer

NO_AGENTS = NOBODY[NOT_AVAILABLE]  # an empty roster: nobody is available

_Veto = tuple[int, str]  # (index of the rule that vetoed, its code)
SLA_BREACHED = "sla_breached"  # on a decision, and on a conversation left waiting, past the SLA


def route(
    agents: Sequence[AgentSnapshot],
    waiting: Sequence[WaitingConversation],
    now: datetime,
    policy: RoutingPolicy = DEFAULT_POLICY,
    rules: Sequence[Rule] = DEFAULT_RULES,
    rng: random.Random | None = None,
    scorers: Sequence[Scorer] = (),
) -> RoutingPlan:
    """Assign waiting conversations to agents, most urgent first (`queue_order`).

    Each conversation goes to the best agent that passes every rule: highest spare-capacity ratio plus the
    scorers' adjustments, then longest since the last assignment (never assigned = longest), then `rng`
    among exact ties (lowest id without it). The chosen agent's `active`, `last_assigned_at` and
    `recent_hard` are updated for the rest of the plan, so capacity holds across the plan, equal agents take
    turns and hard contacts are shared out. Decisions and waiting conversations come out in queue order.
    Deterministic given the inputs and the rng's seed. A conversation left waiting past its SLA says so last
    ("sla_breached", after why nobody could take it): when a rule such as the occupancy cap keeps it waiting,
    the router's choice of the rule over the SLA is on the record.
    """
    _refuse_duplicates(agents, waiting)
    # Sorted by id so that the outcome does not depend on the order the caller listed agents in.
    state = {a.id: a for a in sorted(agents, key=lambda a: a.id)}
    decisions: list[RoutingDecision] = []
    left: list[Unassigned] = []
    for conversation in queue_order(waiting, now, policy):
        eligible: list[AgentSnapshot] = []
        vetoes: list[_Veto] = []
        for agent in state.values():
            veto = _first_veto(agent, conversation, now, rules)
            if veto is None:
                eligible.append(agent)
            else:
                vetoes.append(veto)
        if not eligible:
            late = (SLA_BREACHED,) if sla_breached(conversation, now) else ()
            left.append(Unassigned(conversation.id, (*why_nobody(vetoes), *late)))
            continue
        chosen, score, by_lot = _choose(eligible, conversation, now, scorers, rng)
        reasons = _why(chosen, conversation, now, policy, score, by_lot)
        decisions.append(RoutingDecision(conversation.id, chosen.id, score, reasons))
        # A hard contact counts at once, so the next hard one in the same pass goes to someone else.
        hard = chosen.recent_hard + 1 if conversation.hard else chosen.recent_hard
        state[chosen.id] = replace(chosen, active=chosen.active + 1, last_assigned_at=now, recent_hard=hard)
    return RoutingPlan(tuple(decisions), tuple(left))


def spare_ratio(agent: AgentSnapshot) -> float:
    """Free share of the agent's capacity, in [0, 1]; 0 for an agent with no capacity at all."""
    if agent.capacity <= 0:
        return 0.0
    return max(0, agent.capacity - agent.active) / agent.capacity


def why_nobody(vetoes: Sequence[_Veto]) -> tuple[str, ...]:
    """Reasons a conversation waits, aggregated over the agents' vetoes.

    Rules act as a funnel in their order; the first reasons name the stage that turned away the last
    candidates (e.g. "all_at_capacity": some agents were available with the skill and language, but full),
    then one "code:count" per agent veto, in rule order (e.g. "not_available:2", "at_capacity:1").
    """
    if not vetoes:
        return (NO_AGENTS,)
    deepest = max(index for index, _ in vetoes)
    last_stage = dict.fromkeys(code for index, code in vetoes if index == deepest)
    counts = Counter(vetoes)
    tally = tuple(f"{code}:{n}" for (_, code), n in sorted(counts.items()))
    return (*(NOBODY.get(code, code) for code in last_stage), *tally)


def _first_veto(
    agent: AgentSnapshot, conversation: WaitingConversation, now: datetime, rules: Sequence[Rule]
) -> _Veto | None:
    for index, rule in enumerate(rules):
        code = rule.check(agent, conversation, now)
        if code is not None:
            return index, code
    return None


def _choose(
    eligible: Sequence[AgentSnapshot],
    conversation: WaitingConversation,
    now: datetime,
    scorers: Sequence[Scorer],
    rng: random.Random | None,
) -> tuple[AgentSnapshot, float, bool]:
    """The best candidate, its score, and whether the rng had to break an exact tie."""
    ranked: list[tuple[tuple[float, float], AgentSnapshot, float]] = []
    for agent in eligible:
        score = spare_ratio(agent) + sum(s.score(agent, conversation, now) for s in scorers)
        # A NaN would make every comparison false and the choice depend on list order.
        if not math.isfinite(score):
            raise InvalidInput(f"non-finite routing score {score} for agent {agent.id}")
        # Never assigned counts as idle forever: that agent has waited longest for work.
        idle = math.inf if agent.last_assigned_at is None else (now - agent.last_assigned_at).total_seconds()
        ranked.append(((-score, -idle), agent, score))
    best = min(key for key, _, _ in ranked)
    ties = [(agent, score) for key, agent, score in ranked if key == best]  # already in id order
    if rng is not None and len(ties) > 1:
        agent, score = rng.choice(ties)
        return agent, score, True
    agent, score = ties[0]
    return agent, score, False


def _why(
    agent: AgentSnapshot,
    conversation: WaitingConversation,
    now: datetime,
    policy: RoutingPolicy,
    score: float,
    by_lot: bool,
) -> tuple[str, ...]:
    reasons: list[str] = []
    # Only claimed when true: custom rule sets may drop the skill or language rule.
    if conversation.domain in agent.skills:
        reasons.append(f"skill:{conversation.domain}")
    if conversation.language in agent.languages:
        reasons.append(f"language:{conversation.language}")
    reasons.append(f"spare_capacity:{max(0, agent.capacity - agent.active)}/{agent.capacity}")
    if agent.last_assigned_at is None:
        reasons.append("idle:never_assigned")
    else:
        reasons.append(f"idle:{max(0, int((now - agent.last_assigned_at).total_seconds()))}s")
    adjustment = score - spare_ratio(agent)
    if adjustment != 0:
        reasons.append(f"adjustment:{adjustment:+.2f}")
    reasons.append(f"priority:{effective_priority(conversation, now, policy):.1f}")
    if sla_breached(conversation, now):
        reasons.append(SLA_BREACHED)
    if by_lot:
        reasons.append("tie_broken_by_rng")
    return tuple(reasons)


def _refuse_duplicates(agents: Sequence[AgentSnapshot], waiting: Sequence[WaitingConversation]) -> None:
    # Duplicates would let one agent be counted twice or one conversation be assigned twice.
    agent_ids = [a.id for a in agents]
    if len(set(agent_ids)) != len(agent_ids):
        raise InvalidInput("duplicate agent ids in the routing snapshot")
    conversation_ids = [c.id for c in waiting]
    if len(set(conversation_ids)) != len(conversation_ids):
        raise InvalidInput("duplicate conversation ids in the routing snapshot")
