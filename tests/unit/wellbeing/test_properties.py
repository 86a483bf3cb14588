"""Invariants on random inputs: load, Gini, capacity, and the real router under the wellbeing rules."""

import math
import random
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, WaitingConversation
from tandem.routing import DEFAULT_RULES, route
from tandem.wellbeing import (
    DEFAULT_WELLBEING,
    AdaptiveCapacity,
    ContactSignals,
    FairShareOfHard,
    HardShareCap,
    LoadModel,
    WellbeingState,
    gini,
    median,
    record_contact,
    wellbeing_rules,
)

from .builders import NOW, agent, conv, minutes_ago

MODEL = LoadModel()
loads = st.floats(0.0, 1e6)
minutes = st.floats(0.0, 60 * 24 * 7)

signals_st = st.builds(
    ContactSignals,
    frustration=st.floats(0.0, 1.0),
    abusive=st.booleans(),
    sensitive=st.booleans(),
    minutes=st.floats(0.0, 600.0),
    resolved=st.booleans(),
)


@given(st.lists(st.tuples(signals_st, st.floats(-600.0, 600.0)), max_size=30), st.floats(-600.0, 6000.0))
def test_load_is_never_negative_nor_more_than_what_was_added(
    contacts: list[tuple[ContactSignals, float]], later: float
) -> None:
    state = WellbeingState()
    for signals, at in contacts:  # in any order, even out of order
        state = record_contact(state, signals, NOW + timedelta(minutes=at))
    assert 0.0 <= state.load <= 6.0 * len(contacts)
    if state.load_at is not None:
        assert 0.0 <= MODEL.load_after(state.load, state.load_at, NOW + timedelta(minutes=later)) <= state.load


@given(loads, minutes, minutes)
def test_recovery_is_monotone(load: float, a: float, b: float) -> None:
    early, late = sorted((a, b))
    at_early = MODEL.load_after(load, NOW, NOW + timedelta(minutes=early))
    at_late = MODEL.load_after(load, NOW, NOW + timedelta(minutes=late))
    assert 0.0 <= at_late <= at_early <= load


@given(loads, minutes, minutes)
def test_recovering_in_two_steps_is_recovering_in_one(load: float, a: float, b: float) -> None:
    middle = NOW + timedelta(minutes=a)
    end = middle + timedelta(minutes=b)
    two_steps = MODEL.load_after(MODEL.load_after(load, NOW, middle), middle, end)
    assert math.isclose(two_steps, MODEL.load_after(load, NOW, end), rel_tol=1e-9, abs_tol=1e-300)


# Values either 0 or well away from the subnormal range, so that scaling them is exact enough to compare.
gini_values = st.lists(st.just(0.0) | st.floats(1e-6, 1e6), max_size=50)


@given(gini_values, st.floats(0.001, 1000.0), st.randoms())
def test_gini_is_bounded_and_ignores_scale_and_order(values: list[float], scale: float, rnd: random.Random) -> None:
    g = gini(values)
    upper = (len(values) - 1) / len(values) if values else 0.0  # one agent has everything
    assert 0.0 <= g <= upper + 1e-9
    shuffled = values[:]
    rnd.shuffle(shuffled)
    assert math.isclose(gini(shuffled), g, abs_tol=1e-9)
    assert math.isclose(gini([v * scale for v in values]), g, abs_tol=1e-9)


@given(st.integers(0, 10), st.floats(0.0, 100.0), st.none() | st.integers(1, 5))
def test_effective_capacity_only_lowers_and_never_below_one(capacity: int, load: float, check_in: int | None) -> None:
    snapshot = AgentSnapshot(1, AgentStatus.AVAILABLE, frozenset(), frozenset(), capacity, load=load, check_in=check_in)
    assert min(capacity, 1) <= AdaptiveCapacity().capacity(snapshot) <= capacity


@given(st.lists(st.integers(0, 20), min_size=1, max_size=20), st.integers(1, 5))
def test_the_hard_share_cap_never_blocks_more_than_half_the_team(hard_counts: list[int], margin: int) -> None:
    cap = HardShareCap(median(hard_counts), margin)
    hard = WaitingConversation("c", "ecommerce", "fr", NOW, hard=True)
    team = [
        AgentSnapshot(i, AgentStatus.AVAILABLE, frozenset(), frozenset(), 3, recent_hard=n)
        for i, n in enumerate(hard_counts)
    ]
    blocked = sum(cap.check(a, hard, NOW) is not None for a in team)
    assert blocked <= len(team) // 2


team_st = st.lists(
    st.builds(
        AgentSnapshot,
        id=st.integers(1, 20),
        status=st.sampled_from((*[AgentStatus.AVAILABLE] * 5, AgentStatus.BREAK)),
        skills=st.just(frozenset({"ecommerce"})),
        languages=st.just(frozenset({"fr"})),
        capacity=st.integers(0, 4),
        active=st.integers(0, 3),
        load=st.floats(0.0, 40.0),
        recent_hard=st.integers(0, 6),
        last_abusive_at=st.none() | st.floats(-1.0, 30.0).map(minutes_ago),
        worked_minutes_today=st.floats(0.0, 620.0),
        worked_minutes_week=st.floats(0.0, 2900.0),
        worked_since_break_minutes=st.floats(0.0, 380.0),
        shift_ends_at=st.none() | st.floats(-30.0, 120.0).map(lambda m: NOW + timedelta(minutes=m)),
        check_in=st.none() | st.integers(1, 5),
        occupancy_last_hour=st.floats(0.0, 1.0),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda a: a.id,
)
queue_st = st.lists(
    st.builds(
        WaitingConversation,
        id=st.integers(0, 50).map(lambda n: f"c{n}"),
        domain=st.just("ecommerce"),
        language=st.just("fr"),
        queued_at=st.floats(0.0, 10.0).map(minutes_ago),
        priority=st.integers(0, 3),
        hard=st.booleans(),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda c: c.id,
)


@given(team_st, queue_st, st.none() | st.integers(0, 2**32 - 1))
# An example routes a whole team through every rule: ~130 ms on a loaded 2-core machine, so Hypothesis's 200 ms
# deadline failed it once under load. Time is not what this property is about.
@settings(deadline=None)
# The second hard one goes to agent 2: agent 3 has just taken the first, so both have had one.
@example(
    [agent(1, capacity=0), agent(2, capacity=1, recent_hard=1), agent(3, capacity=2)],
    [conv("c0", hard=True), conv("c1", hard=True)],
    None,
)
def test_the_router_never_assigns_against_a_wellbeing_veto(
    team: list[AgentSnapshot], queue: list[WaitingConversation], seed: int | None
) -> None:
    rules, scorers = wellbeing_rules(DEFAULT_WELLBEING, team)
    all_rules = (*DEFAULT_RULES, *rules)
    rng = None if seed is None else random.Random(seed)
    plan = route(team, queue, NOW, rules=all_rules, scorers=scorers, rng=rng)
    by_id = {a.id: a for a in team}
    conversations = {c.id: c for c in queue}
    given_so_far: Counter[int] = Counter()
    hard_so_far: Counter[int] = Counter()

    def as_then(agent: AgentSnapshot) -> AgentSnapshot:
        # The router bumps `active` as it assigns, and `recent_hard` for each hard conversation it gives.
        return replace(
            agent, active=agent.active + given_so_far[agent.id], recent_hard=agent.recent_hard + hard_so_far[agent.id]
        )

    for decision in plan.decisions:  # in the order the router made them
        chosen = as_then(by_id[decision.agent_id])
        conversation = conversations[decision.conversation_id]
        assert all(rule.check(chosen, conversation, NOW) is None for rule in all_rules)
        if conversation.hard:
            # Outside the burnout zone, the fair share decides: nobody eligible at that moment had a lower rate of
            # recent hard contacts (per time at work); the zone itself is avoided while anyone is outside it.
            eligible = [a for a in map(as_then, team) if all(r.check(a, conversation, NOW) is None for r in all_rules)]
            fair = FairShareOfHard()
            cool = [a for a in eligible if a.occupancy_last_hour < 0.85] or eligible
            assert fair.share(chosen) == min(fair.share(a) for a in cool)
        given_so_far[decision.agent_id] += 1
        hard_so_far[decision.agent_id] += conversation.hard
