"""Erlang A (M/M/N+M): Poisson arrivals, exponential handle times, exponential patience.

The number n of contacts in the system is a birth–death chain: births at rate λ, deaths at rate
d(n) = min(n, N)·μ + max(n − N, 0)·θ, with θ = 1 / mean patience. d grows with n, so the stationary
distribution π is unimodal (log-concave). We compute log π from its mode outwards, ratio by ratio
(log π(n) − log π(n−1) = log λ − log d(n)), and stop each side once π falls below e⁻⁴⁵ ≈ 3e-20 of the
mode: no factorials, no overflow, no matter how many agents. It works for any load, even A ≥ N.

Waiting times, by PASTA. An arrival finding n ≥ N contacts has j = n − N contacts queued ahead. While k of them
are still ahead, it moves up at rate Nμ + kθ (an answer, or one ahead abandoning) and itself abandons at rate
θ, so each stage lasts Exp(Nμ + (k+1)θ) whatever its outcome. Write a = Nμ/θ. Then
- P(answered | j) = ∏ₖ₌₀ʲ (a + k) / (a + k + 1) = a / (a + j + 1);
- E[wait | answered, j] = Σₖ₌₀ʲ 1 / (Nμ + (k+1)θ);
- P(answered within t | j) = a / (a + j + 1) · I(1 − e^(−θt); j + 1, a + 1), with I the regularised incomplete
  beta function. Why: the wait with infinite patience of one's own is V = Σₖ₌₀ʲ Exp(θ(a + k)), which is
  −ln(U)/θ with U ~ Beta(a, j + 1); answered within t means V ≤ t and V < its patience, whose probability is
  E[e^(−θV); V ≤ t] = E[U; U ≥ e^(−θt)] = a/(a + j + 1) · P(Beta(a + 1, j + 1) ≥ e^(−θt)).
As θ → 0 this tends to the Erlang C wait (Erlang(j + 1, Nμ)); the tests check it.
"""

import math

import numpy as np
import numpy.typing as npt
from scipy.special import betainc, digamma

from tandem.domain.errors import InvalidInput
from tandem.workforce.erlang import QueueFigures, QueueModel, agent_count, positive

Floats = npt.NDArray[np.float64]

_CUT = 45.0  # stop a tail where π < e^-45 · π(mode)
_MAX_STATES = 1 << 22  # per side; beyond that the patience is too long to be worth Erlang A


class PatienceTooLong(InvalidInput):
    """The queue is so long (patience ≫ handle time, N ≤ A) that its distribution would need millions of states."""


def erlang_a(arrival_rate_per_s: float, aht_s: float, agents: int, patience_s: float) -> QueueFigures:
    """Erlang A figures for N agents and exponential patience of mean `patience_s` (see QueueFigures)."""
    rate = positive("arrival rate", arrival_rate_per_s)
    mu = 1.0 / positive("handle time (AHT)", aht_s)
    n_agents = agent_count(agents)
    theta = 1.0 / positive("patience", patience_s)
    states, probs = _stationary(rate, mu, theta, n_agents)

    waiting = states >= n_agents
    p_wait = float(probs[waiting].sum())
    p_answered_at_once = float(probs[~waiting].sum())
    p_ahead = probs[waiting]  # arrivals finding j = n − N ahead of them
    ahead = states[waiting] - n_agents
    full_rate = n_agents * mu  # Nμ
    answered_share = full_rate / (full_rate + (ahead + 1.0) * theta)  # a / (a + j + 1)
    p_answered = p_answered_at_once + float((p_ahead * answered_share).sum())

    queue_length = float((probs * np.maximum(states - n_agents, 0.0)).sum())
    abandonment = min(1.0, theta * queue_length / rate)
    busy = float((probs * np.minimum(states, n_agents)).sum())
    answered_wait = float((p_ahead * answered_share * _stage_time_sums(ahead, full_rate, theta)).sum())
    a = full_rate / theta

    def service_level(seconds: float) -> float:
        reach = -math.expm1(-theta * seconds)  # 1 − e^(−θt), exact for small θt
        in_time = np.asarray(betainc(ahead + 1.0, a + 1.0, reach), dtype=np.float64)
        return p_answered_at_once + float((p_ahead * answered_share * in_time).sum())

    return QueueFigures(
        model=QueueModel.ERLANG_A,
        agents=n_agents,
        offered_load_erlangs=rate / mu,
        p_wait=min(1.0, p_wait),
        asa_seconds=answered_wait / p_answered if p_answered > 0 else 0.0,
        mean_wait_all_seconds=queue_length / rate,
        occupancy=min(1.0, busy / n_agents),
        abandonment_rate=abandonment,
        sl_function=service_level,
    )


def _stationary(rate: float, mu: float, theta: float, agents: int) -> tuple[Floats, Floats]:
    """States n (as floats) and their stationary probabilities, tails below e^-45 of the mode left out."""
    if rate <= agents * mu:
        mode = math.floor(rate / mu)  # d(n) = nμ ≤ λ up to there
    else:
        excess = (rate - agents * mu) / theta  # queue length where abandonment balances the excess
        if excess > _MAX_STATES * 64:
            raise _too_patient(agents)
        mode = agents + math.floor(excess)
    right = _log_tail(rate, mu, theta, agents, mode, +1)
    left = _log_tail(rate, mu, theta, agents, mode, -1)
    log_weights = np.concatenate((left[::-1], np.zeros(1), right))
    weights = np.exp(log_weights - log_weights.max())
    states = np.arange(mode - left.size, mode + right.size + 1, dtype=np.float64)
    return states, weights / weights.sum()


def _log_tail(rate: float, mu: float, theta: float, agents: int, mode: int, step: int) -> Floats:
    """log π(mode ± k) − log π(mode) for k = 1, 2, … until it drops below −45 (or state 0 is reached)."""
    length = 256
    while True:
        if step < 0:
            length = min(length, mode)
        states = mode + step * np.arange(1, length + 1, dtype=np.float64)
        if step > 0:  # π(n) / π(n−1) = λ / d(n)
            logs = np.cumsum(math.log(rate) - np.log(_death_rate(states, mu, theta, agents)))
        else:  # π(n) / π(n+1) = d(n+1) / λ
            logs = np.cumsum(np.log(_death_rate(states + 1.0, mu, theta, agents)) - math.log(rate))
        below = np.flatnonzero(logs < -_CUT)
        if below.size:
            return logs[: below[0]]
        if step < 0 and length == mode:
            return logs
        if length >= _MAX_STATES:
            raise _too_patient(agents)
        length *= 4


def _death_rate(states: Floats, mu: float, theta: float, agents: int) -> Floats:
    return np.minimum(states, agents) * mu + np.maximum(states - agents, 0.0) * theta


def _stage_time_sums(ahead: Floats, full_rate: float, theta: float) -> Floats:
    """Σₖ₌₀ʲ 1 / (Nμ + (k+1)θ) for each j in `ahead` (consecutive whole numbers)."""
    if ahead.size == 0:
        return ahead
    first = int(ahead[0])
    # Stages below the window, when it starts deep in the queue: Σₖ₌₀^(first−1) = (ψ(a+1+first) − ψ(a+1)) / θ.
    a = full_rate / theta
    before = float(digamma(a + 1.0 + first) - digamma(a + 1.0)) / theta if first > 0 else 0.0
    return before + np.cumsum(1.0 / (full_rate + (ahead + 1.0) * theta))


def _too_patient(agents: int) -> PatienceTooLong:
    return PatienceTooLong(
        f"patience too long for Erlang A with {agents} agents (the queue would hold millions); "
        "use Erlang C (no patience) or more agents"
    )
