"""Train an intent model and calibrate its thresholds on data it did not see."""

import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from sklearn.model_selection import train_test_split

from tandem import __version__
from tandem.nlu.dataset import Dataset
from tandem.nlu.encoders import is_available
from tandem.nlu.intent_model import IntentModel, Progress, take
from tandem.nlu.language import detect_language
from tandem.triage.calibration import calibrate

HOLDOUT = 0.15
ENGLISH_MAJORITY = 0.8


def train_model(
    data: Dataset,
    representations: Sequence[str],
    target_precision: float = 0.97,
    seed: int = 0,
    progress: Progress | None = None,
) -> IntentModel:
    """Fit on 85%, calibrate on the held-out 15% (plus the out-of-scope examples), then refit on all.

    The refit warm-starts from the first fit, so calibration costs far less than a second training.
    The thresholds found on the smaller model are kept: the full model is at least as sure of itself.
    """
    started = time.perf_counter()
    model = IntentModel(representations)
    model.fit_vocabulary(data.texts)
    features = model.featurize(list(data.texts) + list(data.oos_texts), progress)
    labels = np.asarray(data.labels)
    fit_rows, held_rows = _split(labels, seed)
    model.fit_features(take(features, fit_rows), labels[fit_rows], progress)
    if progress:
        progress("calibrating thresholds", 0, 1)
    oos_rows = np.arange(len(data.texts), len(data.texts) + len(data.oos_texts))
    probabilities = model.predict_proba_features(take(features, np.concatenate([held_rows, oos_rows])))
    index = {label: i for i, label in enumerate(model.labels)}
    truth = [index.get(label, -1) for label in labels[held_rows]] + [-1] * len(oos_rows)
    thresholds = calibrate(probabilities, truth, target_precision)
    if progress:
        progress("calibrating thresholds", 1, 1)
    model.fit_features(take(features, np.arange(len(data.texts))), labels, progress)
    model.thresholds = thresholds
    model.metadata = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tandem_version": __version__,
        "rows": len(data.texts),
        "oos_rows": len(data.oos_texts),
        "intents": len(model.labels),
        "languages": dict(Counter(data.languages)) if data.languages else {},
        "calibration_rows": len(truth),
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    return model


def _split(labels: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Stratified hold-out; intents with a single example stay in the fitting part."""
    rows = np.arange(labels.size)
    counts = Counter(labels.tolist())
    splittable = np.array([counts[label] >= 2 for label in labels])
    try:
        fit_rows, held_rows = train_test_split(
            rows[splittable], test_size=HOLDOUT, stratify=labels[splittable], random_state=seed
        )
    except ValueError:  # fewer held-out rows than intents: a plain random split still calibrates
        fit_rows, held_rows = train_test_split(rows, test_size=HOLDOUT, random_state=seed)
        return np.asarray(fit_rows), np.asarray(held_rows)
    return np.concatenate([fit_rows, rows[~splittable]]), np.asarray(held_rows)


def choose_representations(data: Dataset, requested: str = "auto") -> tuple[str, ...]:
    """`auto`: TF-IDF + multilingual USE, plus English MiniLM when installed and the data is mostly English.

    MiniLM is English-only: on French it adds latency without accuracy (docs/benchmarks.md).
    """
    if requested != "auto":
        names = tuple(part.strip() for part in requested.split(",") if part.strip())
        return names if "tfidf" in names else ("tfidf", *names)
    chosen: tuple[str, ...] = ("tfidf", "use")
    if _english_share(data) >= ENGLISH_MAJORITY and is_available("minilm"):
        chosen += ("minilm",)
    return chosen


def _english_share(data: Dataset) -> float:
    if data.languages and all(data.languages):
        languages = list(data.languages)
    else:
        step = max(1, len(data.texts) // 200)
        languages = [detect_language(text) for text in data.texts[::step]]
    return sum(lang == "en" for lang in languages) / max(1, len(languages))
