"""The router case by case: who is chosen, why, and why a conversation is left waiting."""

import math
import random
from dataclasses import dataclass
from datetime import datetime

import pytest

from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, Unassigned, WaitingConversation
from tandem.routing import DEFAULT_RULES, SLA_BREACHED, route, spare_ratio

from .builders import NOW, agent, conv


def assigned(plan_agents: list[AgentSnapshot], waiting: list[WaitingConversation], **kw: object) -> dict[str, int]:
    plan = route(plan_agents, waiting, NOW, **kw)  # type: ignore[arg-type]
    return {d.conversation_id: d.agent_id for d in plan.decisions}


def test_a_match_says_why() -> None:
    plan = route([agent(7, active=1)], [conv("c1", language="en", priority=5, waited=18)], NOW)
    assert plan.waiting == ()
    (decision,) = plan.decisions
    assert (decision.conversation_id, decision.agent_id, decision.score) == ("c1", 7, pytest.approx(2 / 3))
    assert decision.reasons == (
        "skill:ecommerce",
        "language:en",
        "spare_capacity:2/3",
        "idle:never_assigned",
        "priority:5.3",
    )


def test_a_breached_sla_is_in_the_reasons() -> None:
    (decision,) = route([agent(last_assigned_ago=42)], [conv(waited=130, sla_seconds=120)], NOW).decisions
    assert decision.reasons[-3:] == ("idle:42s", "priority:12.2", "sla_breached")


def test_a_conversation_left_waiting_past_its_sla_says_so_after_why() -> None:
    full = [agent(active=3)]
    in_time = route(full, [conv(waited=119, sla_seconds=120)], NOW).waiting[0].reasons
    assert in_time == ("all_at_capacity", "at_capacity:1")
    late = route(full, [conv(waited=121, sla_seconds=120)], NOW).waiting[0].reasons
    assert late == ("all_at_capacity", "at_capacity:1", SLA_BREACHED)


def test_no_agents_at_all() -> None:
    assert route([], [conv("c1")], NOW).waiting == (Unassigned("c1", ("no_agent_available",)),)


def test_everyone_on_break_or_offline() -> None:
    team = [agent(1, status=AgentStatus.BREAK), agent(2, status=AgentStatus.OFFLINE)]
    assert route(team, [conv()], NOW).waiting[0].reasons == ("no_agent_available", "not_available:2")


def test_nobody_available_has_the_skill() -> None:
    # The telecom expert is on break: among available agents, nobody has the skill.
    team = [agent(1, skills=("ecommerce",)), agent(2, skills=("telecom",), status=AgentStatus.BREAK)]
    reasons = route(team, [conv(domain="telecom")], NOW).waiting[0].reasons
    assert reasons == ("no_agent_with_skill", "not_available:1", "missing_skill:1")


def test_nobody_with_the_skill_speaks_the_language() -> None:
    team = [agent(1, languages=("fr",)), agent(2, skills=("telecom",), languages=("en",))]
    reasons = route(team, [conv(language="en")], NOW).waiting[0].reasons
    assert reasons == ("no_agent_with_language", "missing_skill:1", "missing_language:1")


def test_everyone_who_could_is_full() -> None:
    team = [agent(1, capacity=2, active=2), agent(2, capacity=1, active=3), agent(3, languages=("de",))]
    reasons = route(team, [conv()], NOW).waiting[0].reasons
    assert reasons == ("all_at_capacity", "missing_language:1", "at_capacity:2")


def test_the_most_spare_capacity_ratio_wins() -> None:
    # 2/3 free against 1/1 free: the ratio, not the absolute number of free slots, decides.
    team = [agent(1, capacity=3, active=1), agent(2, capacity=1, active=0)]
    assert assigned(team, [conv()]) == {"c1": 2}


def test_then_the_longest_since_the_last_assignment() -> None:
    team = [agent(1, last_assigned_ago=60), agent(2, last_assigned_ago=600), agent(3, last_assigned_ago=5)]
    assert assigned(team, [conv()]) == {"c1": 2}
    team.append(agent(4))  # never assigned: longest of all
    assert assigned(team, [conv()]) == {"c1": 4}


def test_exact_ties_go_to_the_lowest_id_without_an_rng() -> None:
    assert assigned([agent(9), agent(3), agent(5)], [conv()]) == {"c1": 3}


def test_an_rng_breaks_exact_ties_reproducibly() -> None:
    team = [agent(1), agent(2), agent(3)]
    picks = {seed: route(team, [conv()], NOW, rng=random.Random(seed)).decisions[0] for seed in range(30)}
    assert {d.agent_id for d in picks.values()} == {1, 2, 3}
    assert all(d.reasons[-1] == "tie_broken_by_rng" for d in picks.values())
    for seed, decision in picks.items():
        assert route(team, [conv()], NOW, rng=random.Random(seed)).decisions[0] == decision


def test_the_rng_is_not_drawn_without_a_tie() -> None:
    rng = random.Random(1)
    state = rng.getstate()
    (decision,) = route([agent(1, active=1), agent(2)], [conv()], NOW, rng=rng).decisions
    assert (decision.agent_id, rng.getstate()) == (2, state)
    assert "tie_broken_by_rng" not in decision.reasons


def test_capacity_holds_across_the_plan() -> None:
    waiting = [conv(f"c{i}", waited=10 - i) for i in range(4)]
    plan = route([agent(1, capacity=3, active=1)], waiting, NOW)
    assert [(d.conversation_id, d.reasons[2]) for d in plan.decisions] == [
        ("c0", "spare_capacity:2/3"),
        ("c1", "spare_capacity:1/3"),
    ]
    assert plan.waiting == (
        Unassigned("c2", ("all_at_capacity", "at_capacity:1")),
        Unassigned("c3", ("all_at_capacity", "at_capacity:1")),
    )


def test_load_is_spread_by_ratio_within_the_plan() -> None:
    team = [agent(1, capacity=2), agent(2, capacity=4)]
    plan = route(team, [conv(f"c{i}", waited=10 - i) for i in range(4)], NOW)
    # Free ratios 1 vs 1 (tie: lowest id), 1/2 vs 1, 1/2 vs 3/4, then 1/2 vs 1/2 with both just assigned
    # at `now` (tie again: lowest id).
    assert [d.agent_id for d in plan.decisions] == [1, 2, 2, 1]


def test_the_most_urgent_conversation_gets_the_last_slot() -> None:
    waiting = [conv("calm", priority=1, waited=30), conv("angry", priority=4), conv("late", waited=200)]
    plan = route([agent(capacity=1)], waiting, NOW)
    assert [d.conversation_id for d in plan.decisions] == ["late"]
    assert [u.conversation_id for u in plan.waiting] == ["angry", "calm"]


@dataclass(frozen=True)
class CancelRatio:
    """A scorer that removes the capacity ratio, leaving only the idle time to rank agents."""

    def score(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> float:
        return -spare_ratio(agent)


def test_agents_take_turns_within_a_plan() -> None:
    team = [agent(1, last_assigned_ago=10), agent(2)]
    plan = route(team, [conv("a", waited=2), conv("b", waited=1)], NOW, scorers=[CancelRatio()])
    # Agent 2 was never assigned, then has just been: agent 1 has now waited longest.
    assert [(d.conversation_id, d.agent_id) for d in plan.decisions] == [("a", 2), ("b", 1)]


@dataclass(frozen=True)
class Prefer:
    agent_id: int
    bonus: float

    def score(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> float:
        return self.bonus if agent.id == self.agent_id else 0.0


def test_a_scorer_adjusts_the_ranking_and_says_so() -> None:
    (decision,) = route([agent(1), agent(2, active=2)], [conv()], NOW, scorers=[Prefer(2, 1.0)]).decisions
    assert (decision.agent_id, decision.score) == (2, pytest.approx(1 + 1 / 3))
    assert "adjustment:+1.00" in decision.reasons


def test_a_non_finite_score_is_refused() -> None:
    with pytest.raises(InvalidInput):
        route([agent(1)], [conv()], NOW, scorers=[Prefer(1, math.nan)])


@dataclass(frozen=True)
class CoolDown:
    """A later wellbeing-style rule: agent 1 just had an abusive contact and takes no hard one."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        return "cooling_down" if conversation.hard and agent.id == 1 else None


def test_extra_rules_plug_in_and_their_codes_pass_through() -> None:
    rules = (*DEFAULT_RULES, CoolDown())
    assert assigned([agent(1), agent(2, active=2)], [conv(hard=True)], rules=rules) == {"c1": 2}
    plan = route([agent(1)], [conv(hard=True)], NOW, rules=rules)
    assert plan.waiting == (Unassigned("c1", ("cooling_down", "cooling_down:1")),)


def test_reasons_claim_only_what_is_true_under_custom_rules() -> None:
    (decision,) = route([agent(skills=("telecom",))], [conv(domain="ecommerce")], NOW, rules=()).decisions
    assert not any(r.startswith("skill:") for r in decision.reasons)


def test_the_plan_does_not_depend_on_the_order_agents_are_listed() -> None:
    team = [agent(i, capacity=1 + i % 3, active=i % 2, last_assigned_ago=(i * 37) % 5 or None) for i in range(8)]
    waiting = [conv(f"c{i}", language="fr" if i % 2 else "en", waited=i * 11) for i in range(10)]
    assert route(team, waiting, NOW) == route(list(reversed(team)), waiting, NOW)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(InvalidInput):
        route([agent(1), agent(1)], [conv()], NOW)
    with pytest.raises(InvalidInput):
        route([agent(1)], [conv("x"), conv("x")], NOW)
