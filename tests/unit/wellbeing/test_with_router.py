"""The wellbeing rules and scorers driving the real router: who gets what, and the reasons it gives."""

import random
from collections.abc import Sequence

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, RoutingPlan, Unassigned, WaitingConversation
from tandem.routing import DEFAULT_RULES, route
from tandem.wellbeing import DEFAULT_WELLBEING, WellbeingPolicy, annotate, wellbeing_rules

from .builders import NOW, agent, conv


def plan(
    agents: Sequence[AgentSnapshot],
    waiting: Sequence[WaitingConversation],
    policy: WellbeingPolicy = DEFAULT_WELLBEING,
    seed: int | None = None,
) -> RoutingPlan:
    """What services do: wellbeing rules after the router's own, the scorers, then the wellbeing reasons."""
    rules, scorers = wellbeing_rules(policy, agents)
    rng = None if seed is None else random.Random(seed)
    raw = route(agents, waiting, NOW, rules=(*DEFAULT_RULES, *rules), scorers=scorers, rng=rng)
    return annotate(raw, agents, waiting, policy)


def taken(result: RoutingPlan) -> dict[str, int]:
    return {d.conversation_id: d.agent_id for d in result.decisions}


def test_a_hard_conversation_goes_to_the_agent_with_fewer_recent_hard_contacts_even_if_another_is_freer() -> None:
    team = [agent(1, active=0, recent_hard=2), agent(2, active=2, recent_hard=0)]
    # Without wellbeing the freer agent 1 would take it.
    assert taken(route(team, [conv(hard=True)], NOW)) == {"c1": 1}
    result = plan(team, [conv(hard=True)])
    assert taken(result) == {"c1": 2}
    (decision,) = result.decisions
    assert decision.reasons[-3:] == ("recent_hard:0", "load:0.0", "occupancy:0%")


def test_easy_conversations_still_go_to_the_freest() -> None:
    team = [agent(1, active=0, recent_hard=2), agent(2, active=2, recent_hard=0)]
    assert taken(plan(team, [conv(hard=False)])) == {"c1": 1}


def test_an_agent_due_a_break_gets_nothing() -> None:
    team = [agent(1, since_break=350), agent(2, active=2)]  # 1 is idle but 10 minutes from a due break
    result = plan(team, [conv("c1"), conv("c2")])
    assert taken(result) == {"c1": 2}
    assert result.waiting == (Unassigned("c2", ("break_due", "at_capacity:1", "break_due:1")),)
    alone = plan([agent(1, since_break=350)], [conv("c1"), conv("c2", hard=True)])
    assert alone.decisions == ()
    assert [u.reasons for u in alone.waiting] == [("break_due", "break_due:1")] * 2


def test_cool_down_blocks_hard_but_not_easy_contacts() -> None:
    result = plan([agent(1, abusive_ago=4)], [conv("hard", hard=True, waited=60), conv("easy")])
    assert taken(result) == {"easy": 1}
    assert result.waiting == (Unassigned("hard", ("cooling_down", "cooling_down:1")),)
    # Ten minutes after the abuse, the hard one is allowed again.
    assert taken(plan([agent(1, abusive_ago=10)], [conv("hard", hard=True)])) == {"hard": 1}


def test_cool_down_sends_the_hard_contact_to_a_colleague() -> None:
    team = [agent(1, abusive_ago=4), agent(2, active=2, recent_hard=1)]
    assert taken(plan(team, [conv(hard=True)])) == {"c1": 2}


def test_adaptive_capacity_holds_across_the_plan() -> None:
    loaded = agent(1, capacity=3, load=18.0)  # effective capacity 2
    result = plan([loaded], [conv("c1", waited=30), conv("c2", waited=20), conv("c3", waited=10)])
    assert taken(result) == {"c1": 1, "c2": 1}
    assert result.waiting == (Unassigned("c3", ("adaptive_capacity", "adaptive_capacity:1")),)
    assert "effective_capacity:2/3" in result.decisions[0].reasons
    assert "load:18.0" in result.decisions[0].reasons


def test_a_low_check_in_costs_a_chat_and_says_so() -> None:
    result = plan([agent(1, capacity=2, check_in=2)], [conv("c1", waited=5), conv("c2")])
    assert taken(result) == {"c1": 1}
    assert result.decisions[0].reasons[-2:] == ("effective_capacity:1/2", "check_in_low")
    assert result.waiting[0].reasons == ("adaptive_capacity", "adaptive_capacity:1")


def test_hour_limits_and_shift_end_leave_conversations_waiting_with_their_code() -> None:
    team = [agent(1, today=590), agent(2, week=2870), agent(3, shift_ends_in=10), agent(4, since_break=360)]
    (waiting,) = plan(team, [conv()]).waiting
    # The funnel's last stage first, then every agent's veto.
    assert waiting.reasons == ("break_due", "shift_over:1", "weekly_limit:1", "daily_limit:1", "break_due:1")


def test_the_router_own_reasons_come_first() -> None:
    team = [agent(1, status=AgentStatus.BREAK), agent(2, active=3), agent(3, today=600)]
    (waiting,) = plan(team, [conv()]).waiting
    assert waiting.reasons == ("daily_limit", "not_available:1", "at_capacity:1", "daily_limit:1")


def test_an_agent_far_above_the_team_median_gets_no_hard_contact() -> None:
    team = [agent(1, recent_hard=5), agent(2, recent_hard=1, active=3), agent(3, recent_hard=2, active=3)]
    result = plan(team, [conv("hard", hard=True), conv("easy")])
    assert taken(result) == {"easy": 1}  # median 2: agent 1 is 3 above it
    assert result.waiting == (Unassigned("hard", ("hard_share", "at_capacity:2", "hard_share:1")),)


def test_an_idle_agent_is_preferred_to_one_in_the_burnout_zone() -> None:
    team = [agent(1, capacity=3, active=0, occupancy=0.9), agent(2, capacity=3, active=2, occupancy=0.1)]
    assert taken(route(team, [conv()], NOW)) == {"c1": 1}
    result = plan(team, [conv()])
    assert taken(result) == {"c1": 2}
    assert "occupancy:10%" in result.decisions[0].reasons


def test_the_scorers_show_up_in_the_router_adjustment() -> None:
    (decision,) = plan([agent(1, recent_hard=1, load=15.0, today=120.0)], [conv(hard=True)]).decisions
    # -10 for one recent hard contact over a full window at work, -0.15 for a load at the high threshold.
    assert "adjustment:-10.15" in decision.reasons


def test_equal_agents_still_take_turns_under_the_rng() -> None:
    team = [agent(1), agent(2)]
    assert sorted(taken(plan(team, [conv("c1"), conv("c2")], seed=7)).values()) == [1, 2]


def test_hard_conversations_routed_in_one_pass_are_shared_out() -> None:
    team = [agent(1, capacity=10), agent(2, capacity=3, active=2)]  # agent 1 is far freer
    waiting = [conv("c1", hard=True, waited=60), conv("c2", hard=True)]
    # The first hard contact counts against its agent at once: the second goes to the other one.
    assert taken(plan(team, waiting)) == {"c1": 1, "c2": 2}
    easy = [conv("c1", waited=60), conv("c2")]
    assert taken(plan(team, easy)) == {"c1": 1, "c2": 1}
