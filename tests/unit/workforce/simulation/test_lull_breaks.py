"""Breaks taken early in a lull, in the simulator: only when nobody waits and the agent is idle, each one a full
legal break that the report counts as taken (once), and nobody left over a limit."""

from dataclasses import replace

from tandem.domain.conversations import AgentStatus
from tandem.workforce.simulation import RunRecord, policy, summarize
from tandem.workforce.simulation.engine import Engine
from tandem.workforce.simulation.lull_breaks import LullCheck

from .builders import small


def _run(lull_minutes: float | None, seed: int = 5) -> tuple[RunRecord, list[tuple[LullCheck, int]]]:
    day = small()
    day = replace(day, wellbeing=replace(day.wellbeing, lull_break_minutes=lull_minutes))
    engine = Engine(day, policy("tandem"), seed=seed)
    checks: list[tuple[LullCheck, int]] = []
    assert engine.tandem is not None
    if engine.tandem.lull is not None:
        dispatch = engine.tandem
        engine.tandem.lull.observer = lambda check: checks.append((check, dispatch.waiting()))
    return engine.run(), checks


def _early(record: RunRecord) -> list[tuple[int, float, float]]:
    """(agent, start, seconds worked since the last break) of every break started before the look-ahead of its
    due time: the ones only a lull could have started."""
    hours = record.scenario.working_time
    stop = 60.0 * (hours.break_after_minutes - hours.look_ahead_minutes)
    return [(a.id, start, worked) for a in record.agents for start, worked in a.breaks if worked < stop - 1e-6]


def test_early_breaks_start_only_when_nobody_waits_and_the_agent_is_idle() -> None:
    record, checks = _run(60.0)
    sent = [(check, waiting) for check, waiting in checks if check.sent]
    assert sent and all(waiting == 0 for _, waiting in sent)
    for check, _ in sent:
        team = {a.id: a for a in check.team}
        assert all(team[i].active == 0 and team[i].status is AgentStatus.AVAILABLE for i in check.sent)
    early = _early(record)
    assert {(i, start) for i, start, _ in early} == {
        (i, (check.at - record.scenario.day).total_seconds()) for check, _ in sent for i in check.sent
    }
    window = 60.0 * 60.0  # 60 minutes: at most half of this day's 2 hours between breaks
    after = 60.0 * record.scenario.working_time.break_after_minutes
    assert all(after - window - 1.0 <= worked for _, _, worked in early)


def test_an_early_break_counts_as_the_break_taken_once_and_nobody_goes_over_a_limit() -> None:
    with_rule, _ = _run(60.0)
    without, _ = _run(None)
    assert _early(with_rule) and not _early(without)
    ruled, plain = summarize(with_rule), summarize(without)
    assert ruled.breaks_due == plain.breaks_due > 0
    assert ruled.breaks_taken == ruled.breaks_due and ruled.agents_over_limits == 0
    by_id = {d.id: d for d in ruled.per_agent}
    for agent_id, _, _ in _early(with_rule):
        assert by_id[agent_id].breaks_taken == by_id[agent_id].breaks_due


def test_switched_off_the_simulator_runs_the_day_as_before() -> None:
    record, checks = _run(None)
    assert checks == [] and not _early(record)
