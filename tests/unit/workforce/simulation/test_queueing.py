"""The simulator against queueing theory (the definitions and the method are in `queueing`)."""

import pytest

from tandem.workforce.simulation import policy
from tandem.workforce.simulation.engine import Engine, RunRecord

from .queueing import (
    Outcome,
    control_variate,
    exact_figures,
    fcfs,
    figures,
    mmn,
    theory,
)

AGENTS = 3
LOADS = (0.70, 0.775, 0.85, 0.90, 0.95)
WARM_UP = 3600.0  # the day starts empty; the first hour is left out of the figures
TOLERANCE = 0.03


def run(load: float, hours: int, patience: float | None, seed: int = 0) -> tuple[Engine, RunRecord]:
    engine = Engine(mmn(load, AGENTS, hours, patience), policy("human_only"), seed)
    return engine, engine.run()


def outcomes(record: RunRecord) -> list[Outcome]:
    """What happened to each customer, in arrival order (the queue order under human_only)."""
    return [Outcome(c.answered_at != c.queued_at, c.waited()) for c in record.queued]


@pytest.mark.parametrize("patience", [None, 600.0], ids=["erlang_c", "erlang_a"])
def test_the_engine_is_first_come_first_served_to_the_microsecond(patience: float | None) -> None:
    engine, record = run(0.9, 160, patience, seed=3)
    # The agents leave at the end of the horizon; the recursion would serve whoever is still waiting then.
    last = sum(1 for c in record.queued if c.queued_at < record.scenario.horizon_seconds - 3600.0)
    expected = fcfs(engine.stream, AGENTS)[:last]
    actual = outcomes(record)[:last]
    assert len(actual) == len(expected) > 5000
    assert [o.waited for o in actual] == [o.waited for o in expected]
    for got, want in zip(actual, expected, strict=True):
        assert (got.wait is None) == (want.wait is None)
        if got.wait is not None and want.wait is not None:
            assert got.wait == pytest.approx(want.wait, abs=1e-6)


def _agreement(load: float, hours: int, patience: float | None) -> dict[str, float]:
    engine, record = run(load, hours, patience)
    kept = [i for i, c in enumerate(record.queued) if c.queued_at >= WARM_UP]
    sim = outcomes(record)
    fast = fcfs(engine.stream, 1, speed_up=AGENTS)
    estimate = control_variate(
        [sim[i] for i in kept], [fast[i] for i in kept], exact_figures(theory(load, AGENTS, patience, fast=True))
    )
    exact = exact_figures(theory(load, AGENTS, patience))
    errors = {"p_wait": estimate.p_wait / exact.p_wait - 1, "asa": estimate.asa / exact.asa - 1}
    if patience is not None:
        errors["abandonment"] = estimate.abandonment / exact.abandonment - 1
    return errors


@pytest.mark.slow
@pytest.mark.parametrize("load", LOADS)
def test_agrees_with_erlang_c(load: float) -> None:
    """No abandonment: P(wait) and ASA within 3 % of Erlang C (about 40 000 contacts per load)."""
    errors = _agreement(load, 1400, None)
    assert all(abs(e) <= TOLERANCE for e in errors.values()), errors


@pytest.mark.slow
@pytest.mark.parametrize("load", LOADS)
def test_agrees_with_erlang_a(load: float) -> None:
    """Exponential patience (mean 10 min, twice the handle time): P(wait), ASA and abandonment within 3 % of
    Erlang A (about 60 000 contacts per load)."""
    errors = _agreement(load, 2000, 600.0)
    assert all(abs(e) <= TOLERANCE for e in errors.values()), errors


def test_figures_are_exact_on_a_plain_example() -> None:
    """The helpers themselves: the Erlang C example of DOMAIN.md, and the share figures on a toy outcome list."""
    example = theory(10 / 14, 14, None)  # λ = 200/h, AHT 300 s would be A = 16.7; here A = N·load = 10
    assert example.offered_load_erlangs == pytest.approx(10.0)
    toy = figures([Outcome(False, 0.0), Outcome(True, 10.0), Outcome(True, None), Outcome(True, 20.0)])
    assert (toy.p_wait, toy.asa, toy.abandonment) == (0.75, 10.0, 0.25)
