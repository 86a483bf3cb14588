"""The live router and the simulator route by the same rule: one scenario hour through both, decision by decision.

The simulator's routing passes of the busiest ecommerce evening hour (seed 3, 20:00-21:00: the occupancy cap,
the load cut and its yield all at work) are replayed through the live router's own planning
(`tandem.conversations.assignment.plan_pass`, what `Assigner.run` applies) with the whole team as the live
router would see it. Every pass in which the simulator weighed every agent free to serve its contacts must give
the same conversations to the same agents and leave the same ones waiting. (A pass run because one agent freed
a seat weighs that agent alone; the live router weighs everyone every 2 s, so those are not compared.)
"""

from collections import Counter

import pytest

from tandem.api.app import ASSIGN_EVERY_SECONDS
from tandem.conversations.assignment import plan_pass
from tandem.domain.routing import RoutingPlan
from tandem.wellbeing.reasons import YIELDED
from tandem.workforce.simulation import load_scenario, policy
from tandem.workforce.simulation.engine import Engine
from tandem.workforce.simulation.tandem_dispatch import TICK_SECONDS, RoutingPass


def given(plan: RoutingPlan) -> list[tuple[str, int]]:
    return [(d.conversation_id, d.agent_id) for d in plan.decisions]


@pytest.fixture(scope="module")
def evening() -> tuple[Engine, list[RoutingPass]]:
    engine = Engine(load_scenario("ecommerce"), policy("tandem"), seed=3, shortlist=None)
    passes: list[RoutingPass] = []
    assert engine.tandem is not None
    engine.tandem.observer = lambda p: passes.append(p) if p.at.hour == 20 else None
    engine.run()
    return engine, passes


def test_every_whole_pass_of_the_hour_gives_the_same_contacts_to_the_same_agents(
    evening: tuple[Engine, list[RoutingPass]],
) -> None:
    engine, passes = evening
    whole = [p for p in passes if p.whole_pool]
    assert len(whole) >= 100
    for routed in whole:
        live = plan_pass(routed.team, routed.waiting, routed.at, engine.wellbeing)
        assert given(live) == given(routed.plan), routed.at
        assert [w.conversation_id for w in live.waiting] == [w.conversation_id for w in routed.plan.waiting]


def test_the_hour_compared_puts_the_rules_to_work(evening: tuple[Engine, list[RoutingPass]]) -> None:
    """Not an easy hour: contacts wait for the cap and the load cut, and the cut yields to some of them."""
    engine, passes = evening
    whole = [p for p in passes if p.whole_pool]
    vetoes = Counter(r.split(":")[0] for p in whole for w in p.plan.waiting for r in w.reasons)
    assert vetoes["occupancy_cap"] >= 20 and vetoes["adaptive_capacity"] >= 20
    live = [plan_pass(p.team, p.waiting, p.at, engine.wellbeing) for p in whole]
    assert sum(YIELDED in d.reasons for plan in live for d in plan.decisions) >= 5


def test_the_simulator_passes_as_often_as_the_live_router() -> None:
    """Vetoes that expire with time (a load decaying, a cool-down ending) are noticed at the live router's cadence."""
    assert TICK_SECONDS == ASSIGN_EVERY_SECONDS
