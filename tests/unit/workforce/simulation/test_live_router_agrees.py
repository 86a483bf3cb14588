"""The live router and the simulator route by the same rule: one scenario hour through both, decision by decision.

The simulator's routing passes of a busy ecommerce hour (seed 3, 12:00-13:00: the occupancy cap,
the load cut and its yield all at work) are replayed through the live router's own planning
(`tandem.conversations.assignment.plan_pass`, what `Assigner.run` applies) with the whole team as the live
router would see it. Every pass in which the simulator weighed every agent free to serve its contacts must give
the same conversations to the same agents and leave the same ones waiting. (A pass run because one agent freed
a seat weighs that agent alone; the live router weighs everyone every 2 s, so those are not compared.)

Breaks taken early in a lull (tandem.wellbeing.lull) are compared over the same day and over the small test day
(where the team often cannot spare anyone): at every check the simulator made while nobody waited, the live router
(`breaks_in_lull`, what `Assigner.run` applies) asks the same agents, counting the chats the team had in hand a
break's length earlier from the assignment log as it does (the day's chats as `ChatSpan`s) where the simulator
reads its own past; with the scenario's forecast of contacts per hour, which both are given in advance, breaks due
beyond the window are asked for before a busier hour, the same way.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

import pytest

from tandem.api.app import ASSIGN_EVERY_SECONDS
from tandem.conversations.assignment import breaks_in_lull, plan_pass
from tandem.domain.routing import ChatSpan, RoutingPlan
from tandem.wellbeing import LullBreak, chats_in_hand, lull_break
from tandem.wellbeing.reasons import YIELDED
from tandem.workforce.simulation import RunRecord, load_scenario, policy
from tandem.workforce.simulation.agents import Agent
from tandem.workforce.simulation.engine import Engine
from tandem.workforce.simulation.lull_breaks import LullBreaks, LullCheck
from tandem.workforce.simulation.snapshots import instant
from tandem.workforce.simulation.tandem_dispatch import TICK_SECONDS, RoutingPass

from .builders import small


def given(plan: RoutingPlan) -> list[tuple[str, int]]:
    return [(d.conversation_id, d.agent_id) for d in plan.decisions]


@dataclass
class Day:
    engine: Engine
    passes: list[RoutingPass]  # the hour's (12:00: since breaks move out of busier hours by the forecast, the
    # evening peak of this day, compared before, no longer has a contact waiting for the cap)
    lulls: list[LullCheck]  # the whole day's
    spans: list[ChatSpan]  # the whole day's chats, as the live router's assignment log holds them


def chat_spans(record: RunRecord) -> list[ChatSpan]:
    """Every chat of the simulated day as a stretch of the assignment log (`ConversationRepository.chat_spans`).
    Ends after a check do not matter to it: the rule counts chats begun by an earlier instant and not over then."""
    day = record.scenario.day
    return [
        ChatSpan(c.agent, instant(day, c.answered_at), instant(day, c.answered_at + c.handle_seconds))
        for c in record.queued
        if c.answered_at is not None and c.agent is not None
    ]


@pytest.fixture(scope="module")
def day() -> Day:
    engine = Engine(load_scenario("ecommerce"), policy("tandem"), seed=3, shortlist=None)
    seen = Day(engine, [], [], [])
    assert engine.tandem is not None and engine.tandem.lull is not None
    engine.tandem.observer = lambda p: seen.passes.append(p) if p.at.hour == 12 else None
    engine.tandem.lull.observer = seen.lulls.append
    seen.spans = chat_spans(engine.run())
    return seen


@pytest.fixture(scope="module")
def peak(day: Day) -> tuple[Engine, list[RoutingPass]]:
    return day.engine, day.passes


def test_every_whole_pass_of_the_hour_gives_the_same_contacts_to_the_same_agents(
    peak: tuple[Engine, list[RoutingPass]],
) -> None:
    engine, passes = peak
    whole = [p for p in passes if p.whole_pool]
    assert len(whole) >= 100
    for routed in whole:
        live = plan_pass(routed.team, routed.waiting, routed.at, engine.wellbeing)
        assert given(live) == given(routed.plan), routed.at
        assert [w.conversation_id for w in live.waiting] == [w.conversation_id for w in routed.plan.waiting]


def test_the_hour_compared_puts_the_rules_to_work(peak: tuple[Engine, list[RoutingPass]]) -> None:
    """Not an easy hour: contacts wait for the cap and the load cut, and the cut yields to some of them."""
    engine, passes = peak
    whole = [p for p in passes if p.whole_pool]
    vetoes = Counter(r.split(":")[0] for p in whole for w in p.plan.waiting for r in w.reasons)
    assert vetoes["occupancy_cap"] >= 20 and vetoes["adaptive_capacity"] >= 20
    live = [plan_pass(p.team, p.waiting, p.at, engine.wellbeing) for p in whole]
    assert sum(YIELDED in d.reasons for plan in live for d in plan.decisions) >= 5


def test_the_simulator_passes_as_often_as_the_live_router() -> None:
    """Vetoes that expire with time (a load decaying, a cool-down ending) are noticed at the live router's cadence."""
    assert TICK_SECONDS == ASSIGN_EVERY_SECONDS


def _same_breaks(engine: Engine, checks: list[LullCheck], spans: list[ChatSpan]) -> int:
    """Every check gives the same answer through the live router, which counts the chats in hand earlier from the
    assignment log as the simulator does from its own past. Returns how many checks the growth since then decided
    (without it, someone else would have been sent)."""
    rule = lull_break(engine.wellbeing)
    assert isinstance(rule, LullBreak)
    decided = 0
    for check in checks:
        earlier: datetime = check.at - rule.look_back
        assert chats_in_hand(spans, earlier) == check.earlier_in_hand, check.at
        live = breaks_in_lull(check.team, 0, check.at, engine.wellbeing, spans)
        assert [a.id for a in live if a.break_early] == sorted(check.sent), check.at
        decided += rule.choose(check.team, 0, check.at) != check.sent
    return decided


def test_the_live_router_asks_the_same_agents_to_take_their_break_early_in_a_lull(day: Day) -> None:
    assert len(day.lulls) >= 20
    _same_breaks(day.engine, day.lulls, day.spans)
    for check in day.lulls:
        assert breaks_in_lull(check.team, 1, check.at, day.engine.wellbeing, day.spans) == list(check.team)  # waits


def test_both_move_breaks_out_of_a_busier_hour_by_the_same_forecast(day: Day) -> None:
    """The scenario's forecast (its arrivals per hour, given in advance) reaches the rule in both: at the checks
    where it changed the answer (a break due beyond the 60-minute window asked for before a busier hour), the live
    router asks the same agents, and would not without the forecast."""
    policy = day.engine.wellbeing
    rule = lull_break(policy)
    assert rule is not None and rule.forecast is not None and rule.reach_minutes > rule.window_minutes
    blind = replace(rule, forecast=None)
    moved = [c for c in day.lulls if blind.choose(c.team, 0, c.at, c.earlier_in_hand) != c.sent]
    assert len(moved) >= 5
    for check in moved:
        live = breaks_in_lull(check.team, 0, check.at, policy, day.spans)
        assert [a.id for a in live if a.break_early] == sorted(check.sent), check.at
        without = breaks_in_lull(check.team, 0, check.at, replace(policy, forecast=None), day.spans)
        assert [a.id for a in without if a.break_early] != sorted(check.sent), check.at


def _in_reach(self: LullBreaks, agent: Agent, now: float) -> bool:
    """The simulator's shortcut without its check of the others' free seats and of the forecast."""
    return self.low <= agent.worked_since_break(now) <= self.high


def _lull_checks(shortcut: bool, **changes: str) -> tuple[Engine, list[LullCheck], list[ChatSpan]]:
    """The small test day (with `changes` to its YAML), where the team often cannot spare anyone. Without the
    simulator's shortcut the rule is asked at every tick with nobody waiting and an idle agent whose break falls
    due within the rule's reach, not only when the others' free seats may be enough and, beyond the window, the
    forecast may find a busier hour."""
    engine = Engine(small(**changes), policy("tandem"), seed=5)
    checks: list[LullCheck] = []
    assert engine.tandem is not None and engine.tandem.lull is not None
    engine.tandem.lull.observer = checks.append
    with pytest.MonkeyPatch.context() as patch:
        if not shortcut:
            patch.setattr(LullBreaks, "_may_go", _in_reach)
        record = engine.run()
    return engine, checks, chat_spans(record)


def test_the_live_router_refuses_an_early_break_when_the_simulator_does() -> None:
    engine, checks, spans = _lull_checks(shortcut=False)
    sent = [c for c in checks if c.sent]
    assert len(sent) >= 20 and len(checks) - len(sent) >= 100  # both answers, many times
    assert _same_breaks(engine, checks, spans) >= 10  # the chats in hand growing held someone back, many times
    _, shortcut, _ = _lull_checks(shortcut=True)
    # The shortcut only skips asking when the answer is no: the same breaks, at the same moments.
    assert [(c.at, c.sent) for c in shortcut if c.sent] == [(c.at, c.sent) for c in sent]
    assert len(shortcut) < len(checks)


def test_the_shortcut_changes_no_break_asked_for_by_the_forecast() -> None:
    """Breaks every 3 hours: the rule reaches 90 minutes ahead with the day's forecast, 30 beyond its window."""
    longer = {"b": "break_after_minutes: 120|break_after_minutes: 180"}
    engine, checks, spans = _lull_checks(shortcut=False, **longer)
    rule = lull_break(engine.wellbeing)
    assert rule is not None and rule.reach_minutes == 90.0 and rule.window_minutes == 60.0
    blind = replace(rule, forecast=None)
    assert sum(blind.choose(c.team, 0, c.at, c.earlier_in_hand) != c.sent for c in checks) >= 3
    _same_breaks(engine, checks, spans)
    _, shortcut, _ = _lull_checks(shortcut=True, **longer)
    assert [(c.at, c.sent) for c in shortcut if c.sent] == [(c.at, c.sent) for c in checks if c.sent]
    assert len(shortcut) < len(checks)
