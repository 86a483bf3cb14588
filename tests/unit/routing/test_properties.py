"""Invariants of `route` on random teams and queues (default rules, with and without an rng)."""

import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, RoutingPlan, WaitingConversation
from tandem.routing import DEFAULT_RULES, NOBODY, RoutingPolicy, effective_priority, queue_order, route

from .builders import NOW

DOMAINS = ("ecommerce", "logistics", "telecom")
LANGUAGES = ("fr", "en")
POLICY = RoutingPolicy()

agents_st = st.lists(
    st.builds(
        AgentSnapshot,
        id=st.integers(1, 30),
        # Weighted towards matches, or most examples would assign nothing and prove nothing.
        status=st.sampled_from((*[AgentStatus.AVAILABLE] * 4, AgentStatus.BREAK, AgentStatus.OFFLINE)),
        skills=st.frozensets(st.sampled_from(DOMAINS), min_size=1),
        languages=st.frozensets(st.sampled_from(LANGUAGES), min_size=1),
        capacity=st.integers(0, 4),
        active=st.integers(0, 3),  # may exceed capacity: capacity lowered while busy
        # Whole seconds over a short span, so that equal idle times (exact ties) actually happen.
        last_assigned_at=st.none() | st.integers(0, 5).map(lambda s: NOW - timedelta(seconds=s)),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda a: a.id,
)
waiting_st = st.lists(
    st.builds(
        WaitingConversation,
        id=st.integers(0, 99).map(lambda n: f"c{n}"),
        domain=st.sampled_from((*DOMAINS, *DOMAINS, "insurance")),  # nobody has that skill
        language=st.sampled_from((*LANGUAGES, *LANGUAGES, "de")),  # nor speaks that language
        queued_at=st.integers(-5, 400).map(lambda s: NOW - timedelta(seconds=s)),
        priority=st.integers(0, 5),
        sla_seconds=st.sampled_from((60, 120, 300)),
        hard=st.booleans(),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda c: c.id,
)
seeds = st.none() | st.integers(0, 2**32 - 1)


def plan_for(agents: list[AgentSnapshot], waiting: list[WaitingConversation], seed: int | None) -> RoutingPlan:
    return route(agents, waiting, NOW, POLICY, rng=None if seed is None else random.Random(seed))


def eligible(agent: AgentSnapshot, conversation: WaitingConversation) -> bool:
    return all(rule.check(agent, conversation, NOW) is None for rule in DEFAULT_RULES)


def after(agents: list[AgentSnapshot], plan: RoutingPlan) -> list[AgentSnapshot]:
    taken = Counter(d.agent_id for d in plan.decisions)
    return [replace(a, active=a.active + taken[a.id]) for a in agents]


@given(agents_st, waiting_st, seeds)
def test_every_conversation_is_decided_exactly_once(
    agents: list[AgentSnapshot], waiting: list[WaitingConversation], seed: int | None
) -> None:
    plan = plan_for(agents, waiting, seed)
    ids = [d.conversation_id for d in plan.decisions] + [u.conversation_id for u in plan.waiting]
    assert sorted(ids) == sorted(c.id for c in waiting)


@given(agents_st, waiting_st, seeds)
def test_never_an_agent_without_the_skill_the_language_or_the_availability(
    agents: list[AgentSnapshot], waiting: list[WaitingConversation], seed: int | None
) -> None:
    by_id = {a.id: a for a in agents}
    by_conv = {c.id: c for c in waiting}
    for d in plan_for(agents, waiting, seed).decisions:
        agent, conversation = by_id[d.agent_id], by_conv[d.conversation_id]
        assert agent.status is AgentStatus.AVAILABLE
        assert conversation.domain in agent.skills
        assert conversation.language in agent.languages


@given(agents_st, waiting_st, seeds)
def test_never_beyond_capacity(
    agents: list[AgentSnapshot], waiting: list[WaitingConversation], seed: int | None
) -> None:
    plan = plan_for(agents, waiting, seed)
    taken = Counter(d.agent_id for d in plan.decisions)
    for agent in agents:
        if taken[agent.id]:
            assert agent.active + taken[agent.id] <= agent.capacity


@given(agents_st, waiting_st, seeds)
def test_nobody_waits_while_an_eligible_agent_has_room(
    agents: list[AgentSnapshot], waiting: list[WaitingConversation], seed: int | None
) -> None:
    plan = plan_for(agents, waiting, seed)
    final = after(agents, plan)
    by_conv = {c.id: c for c in waiting}
    for u in plan.waiting:
        assert not any(eligible(a, by_conv[u.conversation_id]) for a in final)
        assert u.reasons and u.reasons[0] in NOBODY.values()


@given(agents_st, waiting_st, seeds)
def test_a_more_urgent_conversation_never_waits_behind_a_served_one_with_the_same_needs(
    agents: list[AgentSnapshot], waiting: list[WaitingConversation], seed: int | None
) -> None:
    plan = plan_for(agents, waiting, seed)
    by_conv = {c.id: c for c in waiting}
    position = {c.id: i for i, c in enumerate(queue_order(waiting, NOW, POLICY))}
    for u in plan.waiting:
        left = by_conv[u.conversation_id]
        for d in plan.decisions:
            served = by_conv[d.conversation_id]
            if (served.domain, served.language) == (left.domain, left.language):
                assert effective_priority(left, NOW, POLICY) <= effective_priority(served, NOW, POLICY)
                assert position[left.id] > position[served.id]


@given(agents_st, waiting_st, seeds)
def test_deterministic_and_blind_to_the_order_of_the_team(
    agents: list[AgentSnapshot], waiting: list[WaitingConversation], seed: int | None
) -> None:
    plan = plan_for(agents, waiting, seed)
    assert plan_for(agents, waiting, seed) == plan
    assert plan_for(list(reversed(agents)), waiting, seed) == plan
    # Decisions and waiting conversations come out in queue order.
    order = [c.id for c in queue_order(waiting, NOW, POLICY)]
    assert [d.conversation_id for d in plan.decisions] == [
        i for i in order if i not in {u.conversation_id for u in plan.waiting}
    ]
