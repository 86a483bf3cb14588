"""Erlang B / Erlang C against DOMAIN.md's worked example, closed forms and large centres."""

import itertools
import math

import pytest

from tandem.domain.errors import InvalidInput
from tandem.workforce import QueueModel, erlang_b, erlang_c, erlang_c_series

PER_HOUR = 1 / 3600


def test_worked_example() -> None:
    # DOMAIN.md: λ = 200/h, AHT = 180 s (A = 10), 80/20 → N = 14, P(wait) ≈ 0.174, SL ≈ 0.888, ASA ≈ 7.8 s.
    figures = erlang_c(200 * PER_HOUR, 180, 14)
    assert figures.model is QueueModel.ERLANG_C
    assert figures.offered_load_erlangs == pytest.approx(10)
    assert figures.p_wait == pytest.approx(0.174, abs=5e-4)
    assert figures.service_level(20) == pytest.approx(0.888, abs=5e-4)
    assert figures.asa_seconds == pytest.approx(7.8, abs=0.05)
    assert figures.occupancy == pytest.approx(10 / 14)
    assert figures.abandonment_rate == 0 and figures.mean_wait_all_seconds == figures.asa_seconds
    assert erlang_c(200 * PER_HOUR, 180, 13).service_level(20) == pytest.approx(0.796, abs=5e-4)


def test_erlang_b_small_cases() -> None:
    assert erlang_b(1.0, 1) == pytest.approx(0.5)  # A / (1 + A)
    assert erlang_b(2.0, 2) == pytest.approx(2 / 5)  # (A²/2) / (1 + A + A²/2)
    assert erlang_b(10.0, 14) == pytest.approx(
        (10**14 / math.factorial(14)) / sum(10**k / math.factorial(k) for k in range(15))
    )


@pytest.mark.parametrize("rho", [0.1, 0.5, 0.9, 0.99])
def test_mm1_closed_forms(rho: float) -> None:
    mu = 1 / 120
    figures = erlang_c(rho * mu, 120, 1)
    assert figures.p_wait == pytest.approx(rho)
    assert figures.asa_seconds == pytest.approx(rho / (mu - rho * mu))
    # The M/M/1 FCFS wait is 0 with probability 1 − ρ, else Exp(μ − λ).
    assert figures.service_level(30) == pytest.approx(1 - rho * math.exp(-(mu - rho * mu) * 30))


def test_more_agents_never_worse() -> None:
    series = list(erlang_c_series(200 * PER_HOUR, 180, 11, 40))
    for fewer, more in itertools.pairwise(series):
        assert more.p_wait < fewer.p_wait
        assert more.asa_seconds < fewer.asa_seconds
        assert more.service_level(20) > fewer.service_level(20)
        assert more.occupancy < fewer.occupancy


def test_series_matches_single_calls() -> None:
    for figures in erlang_c_series(20000 * PER_HOUR, 300, 1667, 1700):
        single = erlang_c(20000 * PER_HOUR, 300, figures.agents)
        assert figures.p_wait == pytest.approx(single.p_wait, rel=1e-12)
        assert figures.service_level(20) == pytest.approx(single.service_level(20), rel=1e-12)


def test_large_centre_is_stable() -> None:
    # A ≈ 1667 Erlangs: A^N / N! alone would overflow a float many times over.
    load = 20000 * PER_HOUR * 300
    for agents in (1667, 1683, 1700, 2000, 5000):
        figures = erlang_c(20000 * PER_HOUR, 300, agents)
        for value in (figures.p_wait, figures.asa_seconds, figures.service_level(20), figures.occupancy):
            assert math.isfinite(value) and value >= 0
        assert 0 <= figures.p_wait <= 1 and 0 <= figures.service_level(20) <= 1
    # Square-root staffing: N = A + β√A with P(wait) → the Halfin–Whitt value, ≈ 0.5 at β ≈ 0.5.
    halfin_whitt = erlang_c(20000 * PER_HOUR, 300, round(load + 0.5 * math.sqrt(load)))
    assert 0.45 < halfin_whitt.p_wait < 0.6
    assert erlang_b(100_000.0, 100_500) < 1e-3


def test_unstable_queue_is_refused() -> None:
    with pytest.raises(InvalidInput, match="more agents than the offered load"):
        erlang_c(200 * PER_HOUR, 180, 10)


@pytest.mark.parametrize(
    ("rate", "aht", "agents"),
    [(-1.0, 180.0, 14), (0.0, 180.0, 14), (math.nan, 180.0, 14), (1.0, math.inf, 14), (1.0, 180.0, 0)],
)
def test_bad_input(rate: float, aht: float, agents: int) -> None:
    with pytest.raises(InvalidInput):
        erlang_c(rate, aht, agents)


def test_bad_service_level_time() -> None:
    with pytest.raises(InvalidInput, match="seconds"):
        erlang_c(200 * PER_HOUR, 180, 14).service_level(-1)
