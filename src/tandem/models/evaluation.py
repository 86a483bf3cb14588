"""Evaluate an intent model on a labelled test set: accuracy, out-of-scope detection, risk-coverage, speed."""

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import f1_score

from tandem.nlu.dataset import Dataset
from tandem.nlu.intent_model import IntentModel
from tandem.triage.calibration import coverage_at_precision

PRECISIONS = (0.95, 0.97, 0.99)
LATENCY_SAMPLE = 300


@dataclass
class Evaluation:
    accuracy: float
    macro_f1: float
    coverage_at_precision: dict[str, float]
    latency_ms: dict[str, float]
    train_seconds: float
    rows: int
    oos_rows: int
    # What the shipped thresholds do on this test set (no peeking: they were fixed at training time).
    calibrated: dict[str, float]
    oos_recall: float | None = None
    oos_precision: float | None = None
    curve: dict[str, list[float]] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "coverage_at_precision": self.coverage_at_precision,
            "latency_ms": self.latency_ms,
            "train_seconds": self.train_seconds,
            "rows": self.rows,
            "oos_rows": self.oos_rows,
            "calibrated": self.calibrated,
        }
        if self.oos_recall is not None:
            out["oos_recall"] = self.oos_recall
            out["oos_precision"] = self.oos_precision
        return out


def evaluate(model: IntentModel, test: Dataset, train_seconds: float) -> Evaluation:
    """Score `model` on `test`; out-of-scope rows of `test` count as rows the AI must not answer."""
    texts = list(test.texts) + list(test.oos_texts)
    probabilities, confidence = model.confidences(texts)
    n_in = len(test.texts)
    labels = np.asarray(model.labels)
    predicted = labels[probabilities.argmax(axis=1)]
    truth = np.asarray(list(test.labels) + [""] * len(test.oos_texts))
    correct = predicted == truth  # out-of-scope rows are never correct answers
    thresholds = model.thresholds
    answer_at = thresholds.answer if thresholds else 0.0
    answered = confidence >= answer_at
    result = Evaluation(
        accuracy=_r(np.mean(correct[:n_in])),
        macro_f1=_r(f1_score(truth[:n_in], predicted[:n_in], labels=sorted(set(test.labels)), average="macro")),
        coverage_at_precision={f"{p:.2f}": _r(coverage_at_precision(confidence, correct, p)) for p in PRECISIONS},
        latency_ms=_latency(model, texts),
        train_seconds=round(train_seconds, 1),
        rows=n_in,
        oos_rows=len(test.oos_texts),
        calibrated={
            "answer_threshold": _r(answer_at),
            "coverage": _r(np.mean(answered)),
            "precision": _r(np.mean(correct[answered])) if answered.any() else 0.0,
        },
        curve=_curve(confidence, correct),
    )
    if test.oos_texts:
        declined = ~answered
        is_oos = np.arange(len(texts)) >= n_in
        result.oos_recall = _r(np.mean(declined[is_oos]))
        result.oos_precision = _r(np.mean(is_oos[declined])) if declined.any() else 0.0
        result.calibrated["open_set_accuracy"] = _r(np.mean(np.where(is_oos, declined, correct & answered)))
    return result


def _latency(model: IntentModel, texts: list[str]) -> dict[str, float]:
    """Single-message time to probabilities and confidence, as a customer's message sees it (after one warm-up)."""
    sample = texts[:LATENCY_SAMPLE]
    model.confidences(sample[:1])
    times = []
    for text in sample:
        start = time.perf_counter()
        model.confidences([text])
        times.append((time.perf_counter() - start) * 1000)
    return {
        "p50": round(float(np.percentile(times, 50)), 2),
        "p99": round(float(np.percentile(times, 99)), 2),
    }


def _curve(confidence: NDArray[np.float64], correct: NDArray[np.bool_]) -> dict[str, list[float]]:
    """Risk-coverage curve: answering the most confident rows first."""
    order = np.argsort(-confidence, kind="stable")
    hits = np.cumsum(correct[order])
    n = np.arange(1, confidence.size + 1)
    step = max(1, confidence.size // 400)
    return {
        "coverage": (n / confidence.size)[::step].round(4).tolist(),
        "precision": (hits / n)[::step].round(4).tolist(),
        "threshold": confidence[order][::step].round(4).tolist(),
    }


def _r(value: Any) -> float:
    return round(float(value), 4)
