"""Erlang A against an independent brute-force solution, closed forms, and Erlang C as patience grows."""

import math

import numpy as np
import pytest
from scipy.linalg import expm
from scipy.special import gammainc

from tandem.domain.errors import InvalidInput
from tandem.workforce import QueueModel, erlang_a, erlang_c
from tandem.workforce.erlang_a import PatienceTooLong

PER_HOUR = 1 / 3600


def brute_force(rate: float, aht: float, agents: int, patience: float, seconds: float) -> dict[str, float]:
    """Truncated chain solved with plain floats, and each arrival's own wait as an absorbing Markov chain."""
    mu, theta, size = 1 / aht, 1 / patience, 160  # the tail beyond is below 1e-16
    weights = [1.0]
    for n in range(1, size):
        weights.append(weights[-1] * rate / (min(n, agents) * mu + max(n - agents, 0) * theta))
    probs = np.array(weights) / sum(weights)
    p_wait = probs[agents:].sum()
    # The tagged arrival with k ahead: k → k − 1 at rate Nμ + kθ; from 0 it is answered at rate Nμ; it
    # abandons at rate θ from anywhere. T is the transient generator, `answer` the exit rates into "answered".
    depth = size - agents
    generator = np.zeros((depth, depth))
    for k in range(depth):
        generator[k, k] = -(agents * mu + (k + 1) * theta)
        if k:
            generator[k, k - 1] = agents * mu + k * theta
    answer = np.zeros(depth)
    answer[0] = agents * mu
    inverse = np.linalg.inv(-generator)
    answered = inverse @ answer  # P(answered | k ahead)
    answered_wait = inverse @ inverse @ answer  # E[wait · 1{answered} | k ahead]
    in_time = (expm(generator * seconds) - np.eye(depth)) @ np.linalg.solve(generator, answer)
    ahead = probs[agents:]
    p_answered = probs[:agents].sum() + ahead @ answered
    return {
        "p_wait": p_wait,
        "abandonment_rate": 1 - p_answered,
        "asa_seconds": (ahead @ answered_wait) / p_answered,
        "service_level": probs[:agents].sum() + ahead @ in_time,
        "occupancy": (probs * np.minimum(np.arange(size), agents)).sum() / agents,
        "mean_wait_all_seconds": (probs * np.maximum(np.arange(size) - agents, 0)).sum() / rate,
    }


@pytest.mark.parametrize(
    ("rate_per_hour", "aht", "agents", "patience"),
    [(200, 180, 14, 120), (200, 180, 9, 60), (300, 180, 10, 300), (40, 300, 1, 200), (900, 60, 12, 30)],
)
def test_matches_brute_force(rate_per_hour: float, aht: float, agents: int, patience: float) -> None:
    figures = erlang_a(rate_per_hour * PER_HOUR, aht, agents, patience)
    reference = brute_force(rate_per_hour * PER_HOUR, aht, agents, patience, 20)
    assert figures.model is QueueModel.ERLANG_A
    for name in ("p_wait", "abandonment_rate", "asa_seconds", "occupancy", "mean_wait_all_seconds"):
        assert getattr(figures, name) == pytest.approx(reference[name], rel=1e-9), name
    assert figures.service_level(20) == pytest.approx(reference["service_level"], rel=1e-9)


def gamma_closed_form(rate: float, aht: float, agents: int, patience: float, seconds: float) -> dict[str, float]:
    """Sums over the queue in closed form with incomplete gamma functions (x = λ/θ, a = Nμ/θ):
    Σⱼ xʲ/((a+1)…(a+j)) = Γ(a+1)eˣx⁻ᵃ P(a, x), and the share answered within t from the queue is
    π(N)·a·eˣ·x⁻ᵃ⁻¹·Γ(a+1)·[P(a+1, x) − P(a+1, x·e^(−θt))]."""
    mu, theta = 1 / aht, 1 / patience
    load, x, a = rate / mu, rate / theta, agents * mu / theta
    below = [load**n / math.factorial(n) for n in range(agents)]
    scale = math.exp(math.lgamma(a + 1) + x - a * math.log(x))
    top = load**agents / math.factorial(agents)
    total = sum(below) + top * scale * gammainc(a, x)
    queue_in_time = top * a * scale / x * (gammainc(a + 1, x) - gammainc(a + 1, x * math.exp(-theta * seconds)))
    answered_from_queue = top * a * scale / x * gammainc(a + 1, x)
    return {
        "p_wait": 1 - sum(below) / total,
        "service_level": (sum(below) + queue_in_time) / total,
        "abandonment_rate": 1 - (sum(below) + answered_from_queue) / total,
    }


@pytest.mark.parametrize(("agents", "patience"), [(1, 60), (1, 600), (2, 90), (3, 45)])
def test_matches_incomplete_gamma_closed_forms(agents: int, patience: float) -> None:
    rate, aht = 30 * PER_HOUR, 100.0
    figures = erlang_a(rate, aht, agents, patience)
    reference = gamma_closed_form(rate, aht, agents, patience, 20)
    assert figures.p_wait == pytest.approx(reference["p_wait"], rel=1e-9)
    assert figures.abandonment_rate == pytest.approx(reference["abandonment_rate"], rel=1e-9)
    assert figures.service_level(20) == pytest.approx(reference["service_level"], rel=1e-9)


@pytest.mark.parametrize("load", [0.3, 1.0, 4.0])
def test_one_agent_as_patient_as_the_work_is_long_is_m_m_infinity(load: float) -> None:
    # N = 1 and θ = μ: the death rate is nμ in every state, so the number present is Poisson(A).
    aht = 60.0
    figures = erlang_a(load / aht, aht, 1, aht)
    assert figures.p_wait == pytest.approx(1 - math.exp(-load), rel=1e-12)
    queue = load - 1 + math.exp(-load)  # E[(n − 1)⁺]
    assert figures.mean_wait_all_seconds == pytest.approx(queue / (load / aht), rel=1e-12)
    assert figures.abandonment_rate == pytest.approx(queue / load, rel=1e-12)
    assert figures.occupancy == pytest.approx(1 - math.exp(-load), rel=1e-12)


@pytest.mark.parametrize(("agents", "seconds"), [(1, 30), (11, 20), (14, 20), (20, 5)])
def test_tends_to_erlang_c_as_patience_grows(agents: int, seconds: float) -> None:
    rate = 200 * PER_HOUR if agents > 1 else 10 * PER_HOUR  # A = 10, or ρ = 0.5 for one agent
    c = erlang_c(rate, 180, agents)
    previous_gap = math.inf
    for patience in (1e4, 1e6, 1e8, 1e10):
        a = erlang_a(rate, 180, agents, patience)
        gap = abs(a.service_level(seconds) - c.service_level(seconds)) + abs(a.asa_seconds - c.asa_seconds) / 100
        assert gap < previous_gap
        previous_gap = gap
    assert a.p_wait == pytest.approx(c.p_wait, rel=1e-5)
    assert a.asa_seconds == pytest.approx(c.asa_seconds, rel=1e-5)
    assert a.mean_wait_all_seconds == pytest.approx(c.asa_seconds, rel=1e-5)
    assert a.service_level(seconds) == pytest.approx(c.service_level(seconds), rel=1e-6)
    assert a.occupancy == pytest.approx(c.occupancy, rel=1e-6)
    assert a.abandonment_rate < 1e-5


def test_abandonment_is_what_the_queue_loses() -> None:
    # Two routes to the same figure: θ·E[queue]/λ, and 1 − (answered at once + answered after waiting).
    figures = erlang_a(200 * PER_HOUR, 180, 12, 120)
    assert figures.service_level(1e7) == pytest.approx(1 - figures.abandonment_rate, rel=1e-9)
    assert figures.service_level(0) == pytest.approx(1 - figures.p_wait, rel=1e-12)
    assert figures.abandonment_of_waiting == pytest.approx(figures.abandonment_rate / figures.p_wait)


def test_overloaded_centre_has_a_finite_answer() -> None:
    # A ≥ N: Erlang C has no steady state, Erlang A does (abandonment drains the excess).
    figures = erlang_a(20000 * PER_HOUR, 300, 1500, 180)
    assert figures.p_wait == pytest.approx(1, abs=1e-3)
    assert figures.occupancy == pytest.approx(1, abs=1e-3)
    # Everything beyond the agents' capacity Nμ abandons: 1 − 1500/1667 = 0.1.
    assert figures.abandonment_rate == pytest.approx(0.1, abs=0.01)


@pytest.mark.parametrize("agents", [1, 1000, 1667, 1683, 1800, 3000])
def test_large_centre_is_stable(agents: int) -> None:
    figures = erlang_a(20000 * PER_HOUR, 300, agents, 120)
    for value in (
        figures.p_wait,
        figures.asa_seconds,
        figures.mean_wait_all_seconds,
        figures.abandonment_rate,
        figures.occupancy,
        figures.service_level(20),
    ):
        assert math.isfinite(value) and value >= 0


def test_patience_too_long_for_an_overloaded_centre() -> None:
    with pytest.raises(PatienceTooLong, match="patience too long"):
        erlang_a(200 * PER_HOUR, 180, 9, 1e12)


@pytest.mark.parametrize(
    ("rate", "aht", "agents", "patience"),
    [(1.0, 180.0, 14, 0.0), (1.0, 180.0, 14, -5.0), (1.0, 180.0, 14, math.nan), (math.inf, 180.0, 14, 60.0)],
)
def test_bad_input(rate: float, aht: float, agents: int, patience: float) -> None:
    with pytest.raises(InvalidInput):
        erlang_a(rate, aht, agents, patience)
