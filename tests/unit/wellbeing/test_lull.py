"""Breaks taken early in a lull: who is asked, who is not, and what the router and the agent make of it."""

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, ChatSpan
from tandem.routing import DEFAULT_RULES, route
from tandem.wellbeing import (
    BREAK_DUE,
    BREAK_IN_LULL,
    LullBreak,
    OccupancyCap,
    WellbeingPolicy,
    WorkingTime,
    break_status,
    chats_in_hand,
    lull_break,
    wellbeing_rules,
    working_time_limit,
)

from .builders import NOW, agent, conv, minutes_ago

RULE = LullBreak(cap=OccupancyCap())  # a 60-minute window, the French defaults, the 85 % cap


def due_in(minutes: float, id: int = 1, **kw: Any) -> AgentSnapshot:
    """An idle agent whose break falls due in `minutes` (6 h after the last one)."""
    return agent(id, since_break=360 - minutes, today=360 - minutes, week=360 - minutes, **kw)


def colleagues(n: int = 2, active: int = 0, first_id: int = 10) -> list[AgentSnapshot]:
    """`n` rested colleagues with 3 seats, `active` of them in use each."""
    return [agent(first_id + i, active=active, since_break=60, today=60, week=60) for i in range(n)]


def test_an_idle_agent_due_within_the_hour_is_asked_when_nobody_waits() -> None:
    assert RULE.choose([due_in(40), *colleagues()], 0, NOW) == (1,)


def test_nobody_is_asked_while_a_customer_waits() -> None:
    assert RULE.choose([due_in(40), *colleagues()], 1, NOW) == ()


@pytest.mark.parametrize("minutes", [61, 180])
def test_a_break_beyond_the_window_is_not_asked_for(minutes: float) -> None:
    assert RULE.choose([due_in(minutes), *colleagues()], 0, NOW) == ()


def test_within_the_look_ahead_the_usual_break_due_path_applies_instead() -> None:
    soon = due_in(10)
    assert RULE.choose([soon, *colleagues()], 0, NOW) == ()
    assert working_time_limit(soon) == BREAK_DUE


def test_an_agent_with_a_chat_in_hand_is_not_asked() -> None:
    assert RULE.choose([due_in(40, active=1), *colleagues()], 0, NOW) == ()


def test_no_break_is_asked_for_when_the_shift_ends_before_it_falls_due() -> None:
    assert RULE.choose([due_in(40, shift_ends_in=30), *colleagues()], 0, NOW) == ()
    assert RULE.choose([due_in(40, shift_ends_in=90), *colleagues()], 0, NOW) == (1,)


def test_an_agent_alone_is_not_asked_the_team_must_keep_their_seats_free() -> None:
    assert RULE.choose([due_in(40)], 0, NOW) == ()
    # Two colleagues with one free seat each: 2 < the 3 seats the agent would take away.
    assert RULE.choose([due_in(40), *colleagues(2, active=2)], 0, NOW) == ()
    assert RULE.choose([due_in(40), *colleagues(3, active=2)], 0, NOW) == (1,)


def test_near_the_cap_nobody_is_asked_even_with_seats_free() -> None:
    # Nine colleagues full and one idle: 3 seats free, but 27 of 30 seats in use (90 % > 85 %).
    team = [due_in(40), *colleagues(9, active=3), *colleagues(1, first_id=30)]
    assert RULE.choose(team, 0, NOW) == ()
    # Eight full and two idle: 24 of 30 (80 %).
    team = [due_in(40), *colleagues(8, active=3), *colleagues(2, first_id=30)]
    assert RULE.choose(team, 0, NOW) == (1,)


def test_the_seats_kept_free_must_also_hold_the_chats_the_team_took_on_over_the_last_break_length() -> None:
    # Three colleagues with two chats each: 3 seats free, just the agent's 3, and 6 chats in hand now.
    team = [due_in(40), *colleagues(3, active=2)]
    assert RULE.look_back == timedelta(minutes=20)  # the length of a break
    assert RULE.choose(team, 0, NOW, earlier_in_hand=6) == (1,)  # as many 20 minutes ago: no rush building
    assert RULE.choose(team, 0, NOW, earlier_in_hand=9) == (1,)  # fewer now than then: it is quietening down
    assert RULE.choose(team, 0, NOW) == (1,)  # not known: no growth counted
    # One more chat in hand than 20 minutes ago: one more expected during the break, leaving 2 free seats of 3.
    assert RULE.choose(team, 0, NOW, earlier_in_hand=5) == ()


def test_on_the_way_into_a_rush_nobody_is_sent_though_seats_are_free_now() -> None:
    # Ten colleagues with two chats each: 10 seats free (three times the agent's), 20 of 30 seats in use (67 %).
    team = [due_in(40), *colleagues(10, active=2)]
    assert RULE.choose(team, 0, NOW, earlier_in_hand=20) == (1,)
    # Six more chats in hand than 20 minutes ago: 4 seats would still be free after six more, but 26 of 30 seats
    # in use is above 85 %.
    assert RULE.choose(team, 0, NOW, earlier_in_hand=14) == ()
    assert RULE.growth(team, 14) == 6 and RULE.growth(team, 25) == 0 and RULE.growth(team, None) == 0


def test_the_chats_in_hand_at_an_instant_are_counted_from_the_assignment_log() -> None:
    at = minutes_ago(20)
    spans = [
        ChatSpan(10, minutes_ago(30), minutes_ago(10)),  # in hand then
        ChatSpan(10, minutes_ago(30), at),  # ended at that very instant: over
        ChatSpan(11, minutes_ago(25), None),  # still open: in hand then and now
        ChatSpan(11, minutes_ago(15), None),  # begun since
        ChatSpan(12, minutes_ago(50), minutes_ago(21)),  # over before
    ]
    assert chats_in_hand(spans, at) == 2
    assert chats_in_hand(spans, NOW) == 2
    assert chats_in_hand([], at) == 0


def test_colleagues_the_occupancy_cap_turns_away_keep_no_seat_for_the_team() -> None:
    at = NOW + timedelta(minutes=40)  # 20 minutes left in the hour
    # Two colleagues with one chat each (2 seats free each) and their hour so far 95 % busy: one more chat could
    # take the hour above 85 %, so the cap refuses them and their 4 free seats count for nothing.
    full = [replace(c, hour_worked_seconds=2400.0, hour_busy_seconds=0.95 * 2400.0) for c in colleagues(2, active=1)]
    assert all(OccupancyCap().over(c, at) for c in full)
    assert RULE.choose([due_in(40), *full], 0, at) == ()
    light = [replace(c, hour_busy_seconds=0.3 * 2400.0) for c in full]
    assert RULE.choose([due_in(40), *light], 0, at) == (1,)


def test_colleagues_who_cannot_serve_what_the_agent_serves_do_not_count() -> None:
    english_only = [replace(c, languages=frozenset({"en"})) for c in colleagues(3)]
    assert RULE.choose([due_in(40), *english_only], 0, NOW) == ()


def test_colleagues_stopped_by_their_own_hours_do_not_count() -> None:
    stopping = [due_in(10, id=10), due_in(5, id=11), agent(12, shift_ends_in=10)]
    assert RULE.choose([due_in(40), *stopping], 0, NOW) == ()


def test_the_one_due_soonest_goes_first_when_the_team_can_spare_only_one() -> None:
    team = [due_in(50, id=1), due_in(20, id=2), *colleagues(1)]
    # Agent 2 (due in 20 min) is asked; then agent 1 would leave only the colleague's 3 seats: enough.
    assert RULE.choose(team, 0, NOW) == (2, 1)
    team = [due_in(50, id=1), due_in(20, id=2), *colleagues(1, active=1)]
    # The colleague has 2 seats free: agent 2 leaves agent 1's 3 and those 2; agent 1 would leave only 2.
    assert RULE.choose(team, 0, NOW) == (2,)


def test_an_agent_already_asked_is_not_asked_again_and_counts_for_nobody() -> None:
    asked = replace(due_in(40), break_early=True)
    assert RULE.choose([asked, due_in(30, id=2)], 0, NOW) == ()
    assert RULE.choose([asked, *colleagues()], 0, NOW) == ()


def test_the_request_turns_the_agent_away_and_tells_them_without_moving_the_legal_due_time() -> None:
    asked = replace(due_in(40), break_early=True)
    assert working_time_limit(asked) == BREAK_IN_LULL
    status = break_status(asked, NOW)
    assert (status.due, status.reason, status.due_at) == (True, BREAK_IN_LULL, NOW + timedelta(minutes=40))
    rules, _ = wellbeing_rules(WellbeingPolicy())
    plan = route([asked], [conv()], NOW, rules=(*DEFAULT_RULES, *rules))
    assert plan.decisions == () and plan.waiting[0].reasons[0] == BREAK_DUE


def test_the_request_stands_until_a_real_break_resets_the_work_since_the_last_one() -> None:
    assert RULE.still_asked(due_in(40))
    assert RULE.still_asked(replace(due_in(40), status=AgentStatus.BREAK))  # a pause under 20 min resets nothing
    assert not RULE.still_asked(agent(since_break=0.0, today=340))  # back from the break
    assert not RULE.still_asked(replace(due_in(40), status=AgentStatus.OFFLINE))


def test_the_site_policy_gives_the_rule_its_window_or_none() -> None:
    rule = lull_break(WellbeingPolicy())
    assert rule is not None and rule.window_minutes == 60.0 and rule.cap is not None
    assert lull_break(WellbeingPolicy(lull_break_minutes=None)) is None
    # At most half the work between breaks: 2 h between breaks, a 60-minute window at most.
    short = WellbeingPolicy(lull_break_minutes=90.0, hours=WorkingTime(break_after_minutes=120.0))
    assert lull_break(short) == LullBreak(60.0, short.hours, OccupancyCap(hours=short.hours))
    # No room beyond the look-ahead: no rule at all rather than a policy that fails to load.
    tight = WellbeingPolicy(hours=WorkingTime(break_after_minutes=30.0, look_ahead_minutes=15.0))
    assert lull_break(tight) is None
    with pytest.raises(InvalidInput):
        WellbeingPolicy(lull_break_minutes=0.0)
    with pytest.raises(InvalidInput):
        LullBreak(window_minutes=10.0)  # within the 15-minute look-ahead


def test_a_break_that_would_take_the_agents_own_hour_over_the_cap_is_not_asked_for() -> None:
    at = NOW + timedelta(minutes=40)  # 14:40: a 20-minute break now ends with the hour
    # 40 minutes at work this hour, 36 of them with every seat in use: 90 % if the hour ends now.
    full = replace(due_in(40), hour_worked_seconds=2400.0, hour_busy_seconds=0.9 * 2400.0)
    assert not OccupancyCap().over(replace(full, hour_busy_seconds=0.8 * 2400.0), at)
    assert RULE.choose([full, *colleagues()], 0, at) == ()
    assert RULE.choose([replace(full, hour_busy_seconds=0.8 * 2400.0), *colleagues()], 0, at) == (1,)
    # At 14:10 the same busy stretch leaves 30 minutes of the hour at work after the break: 10 of 40 minutes busy.
    early = replace(due_in(40), hour_worked_seconds=600.0, hour_busy_seconds=600.0)
    assert RULE.choose([early, *colleagues()], 0, NOW + timedelta(minutes=10)) == (1,)
    # No cap at the site: only the team's seats count.
    assert LullBreak().choose([full, *colleagues()], 0, at) == (1,)
