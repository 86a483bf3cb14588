"""Thresholds calibrated from held-out predictions, for a target precision of the AI's answers.

"Precision" counts a row as right only when it is in scope AND its top intent is the true one, so
out-of-scope rows given to calibration push the threshold up exactly as wrong intents do.
"""

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from tandem.domain.errors import InvalidInput
from tandem.domain.triage import Thresholds

NEVER = 1.0 + 1e-9  # a threshold no probability reaches: the AI never answers on its own


def threshold_for_precision(confidences: ArrayLike, correct: ArrayLike, target: float) -> float:
    """Lowest confidence t such that the rows with confidence >= t are right at least `target` of the time.

    Answering the most confident rows first, this is the point of largest coverage that still meets the
    target. Returns `NEVER` when even the single most confident row is wrong.
    """
    conf = np.asarray(confidences, dtype=float)
    ok = np.asarray(correct, dtype=float)
    if conf.shape != ok.shape or conf.ndim != 1:
        raise InvalidInput("confidences and correct must be two 1-D sequences of the same length")
    if not 0.0 < target <= 1.0:
        raise InvalidInput(f"target precision must be in (0, 1], got {target}")
    if conf.size == 0:
        return NEVER
    order = np.argsort(-conf, kind="stable")
    conf, ok = conf[order], ok[order]
    precision = np.cumsum(ok) / np.arange(1, ok.size + 1)
    # Rows with equal confidence are answered together: only the last row of a tie is a valid cut.
    last_of_tie = np.append(conf[1:] != conf[:-1], True)
    valid = np.flatnonzero((precision >= target) & last_of_tie)
    return float(conf[valid[-1]]) if valid.size else NEVER


def coverage_at_precision(confidences: ArrayLike, correct: ArrayLike, target: float) -> float:
    """Share of all rows answered at the threshold `threshold_for_precision` picks on the same rows."""
    conf = np.asarray(confidences, dtype=float)
    if conf.size == 0:
        return 0.0
    t = threshold_for_precision(conf, correct, target)
    return float(np.mean(conf >= t))


def calibrate(
    probabilities: ArrayLike,
    true_index: Sequence[int],
    target_precision: float = 0.97,
    clarify_top_k: int = 3,
    clarify_precision: float = 0.85,
    decline_index: int | None = None,
    confidence: ArrayLike | None = None,
) -> Thresholds:
    """Answer and clarify thresholds from held-out probabilities.

    `true_index[i]` is the column of row i's true intent, or -1 for an out-of-scope row.
    answer: top-1 is right with `target_precision`. clarify: the true intent is among the `clarify_top_k`
    options the AI would offer with `clarify_precision` (asking back costs a turn, not a wrong answer);
    below it the message is out of scope. `decline_index` is the column of the model's own out-of-scope
    class, if it has one: rows whose top intent is that class are never answered. `confidence` is the
    number decisions compare the thresholds to (`IntentModel.confidence`); by default the top probability.
    """
    p = np.asarray(probabilities, dtype=float)
    truth = np.asarray(true_index)
    if p.ndim != 2 or p.shape[0] != truth.size:
        raise InvalidInput("probabilities must be a (rows, intents) matrix with one true index per row")
    top = p.max(axis=1) if confidence is None else np.asarray(confidence, dtype=float)
    if top.shape != (p.shape[0],):
        raise InvalidInput("confidence must have one value per row of probabilities")
    correct = p.argmax(axis=1) == truth
    if decline_index is not None:
        declined = p.argmax(axis=1) == decline_index
        top = np.where(declined, 0.0, top)
        correct &= ~declined
    ranked = np.argsort(-p, axis=1)[:, :clarify_top_k]
    in_top_k = (ranked == truth[:, None]).any(axis=1)
    if decline_index is not None:  # a clarification never offers "out of scope" as an option
        in_top_k &= truth != decline_index
    answer = threshold_for_precision(top, correct, target_precision)
    clarify = min(threshold_for_precision(top, in_top_k, clarify_precision), answer)
    return Thresholds(answer=answer, clarify=clarify, target_precision=target_precision)
