"""The wellbeing reasons added to routing decisions."""

import pytest

from tandem.domain.errors import InvalidInput
from tandem.domain.routing import RoutingDecision, RoutingPlan, Unassigned
from tandem.wellbeing import annotate, explain

from .builders import agent, conv


def test_explain_an_easy_conversation() -> None:
    assert explain(agent(load=3.14, occupancy=0.456), conv()) == ("load:3.1", "occupancy:46%")


def test_explain_a_hard_conversation_to_a_loaded_agent_after_a_low_check_in() -> None:
    reasons = explain(agent(capacity=3, load=23.0, recent_hard=2, check_in=1), conv(hard=True))
    assert reasons == ("recent_hard:2", "load:23.0", "occupancy:0%", "effective_capacity:1/3", "check_in_low")


def test_annotate_appends_to_decisions_and_leaves_waiting_alone() -> None:
    plan = RoutingPlan((RoutingDecision("c1", 2, 0.5, ("skill:ecommerce",)),), (Unassigned("c2", ("break_due",)),))
    annotated = annotate(plan, [agent(1), agent(2, load=1.0)], [conv("c1", hard=True), conv("c2")])
    assert annotated.decisions[0].reasons == ("skill:ecommerce", "recent_hard:0", "load:1.0", "occupancy:0%")
    assert annotated.decisions[0].score == 0.5
    assert annotated.waiting == plan.waiting


def test_annotate_says_when_the_load_cut_yielded_counting_the_passes_earlier_decisions() -> None:
    plan = RoutingPlan((RoutingDecision("c1", 1, 0.5, ()), RoutingDecision("c2", 1, 0.4, ())), ())
    loaded = agent(1, capacity=3, load=18.0, active=1)  # effective capacity 2: the second chat of the pass yields
    annotated = annotate(plan, [loaded], [conv("c1"), conv("c2", waited=90.0)])
    assert "adaptive_capacity_yielded" not in annotated.decisions[0].reasons
    assert annotated.decisions[1].reasons[-1] == "adaptive_capacity_yielded"
    assert "effective_capacity:2/3" in annotated.decisions[1].reasons


def test_annotate_refuses_a_plan_from_other_snapshots() -> None:
    plan = RoutingPlan((RoutingDecision("c1", 9, 0.5, ()),), ())
    with pytest.raises(InvalidInput):
        annotate(plan, [agent(1)], [conv("c1")])
