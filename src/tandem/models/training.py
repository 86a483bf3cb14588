"""Train an intent model and calibrate its thresholds on data it did not see."""

import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray
from sklearn.model_selection import StratifiedKFold, train_test_split

from tandem import __version__
from tandem.domain.triage import OUT_OF_SCOPE_INTENT, Thresholds
from tandem.nlu.dataset import Dataset
from tandem.nlu.encoders import is_available
from tandem.nlu.familiarity import Ramp
from tandem.nlu.intent_model import Features, IntentModel, Probabilities, Progress, Scores, take
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
    oos_class: bool = False,
    folds: int = 0,
) -> IntentModel:
    """Fit on 85%, calibrate on the held-out 15% (plus the out-of-scope examples), then refit on all.

    The refit warm-starts from the first fit, so calibration costs far less than a second training.
    The thresholds found on the smaller model are kept: the full model is at least as sure of itself.
    Calibration sets the familiarity ramp first (from the held-out in-scope rows), then the thresholds on
    `model.confidence`, the number decisions compare them to.
    With `oos_class`, half the out-of-scope examples teach the model an `out_of_scope` class of its own
    (packs list near misses on purpose) and the other half calibrate (with `folds`, all of them do both);
    without it they only calibrate.
    With `folds` > 1, calibration uses out-of-fold predictions for every row instead of one 15% hold-out:
    k times the fitting, worth it for small data (packs) where 15% is too few rows to trust a 97% target.
    """
    started = time.perf_counter()
    if oos_class and data.oos_texts:
        # Out of fold, a taught out-of-scope example also calibrates: none need be held back then.
        data = _with_oos_class(data, seed, share=1.0 if folds > 1 else 0.5)
    model = IntentModel(representations)
    model.fit_vocabulary(data.texts)
    features = model.featurize(list(data.texts) + list(data.oos_texts), progress)
    oos_rows = np.arange(len(data.texts), len(data.texts) + len(data.oos_texts))
    probabilities, familiarity, truth_labels = _unseen_predictions(
        model, features, np.asarray(data.labels), oos_rows, folds, seed, progress
    )
    thresholds = _calibrate(model, probabilities, familiarity, truth_labels, oos_rows.size, target_precision)
    if progress:
        progress("calibrating thresholds", 1, 1)
    model.fit_features(take(features, np.arange(len(data.texts))), data.labels, progress)
    model.thresholds = thresholds
    model.metadata = _metadata(model, data, len(truth_labels) + oos_rows.size, started)
    return model


def _unseen_predictions(
    model: IntentModel,
    features: Features,
    labels: NDArray[np.str_],
    oos_rows: NDArray[np.intp],
    folds: int,
    seed: int,
    progress: Progress | None,
) -> tuple[Probabilities, Scores, list[str]]:
    """Probabilities, familiarity and true labels of rows the model did not fit: out of fold or held out."""
    # Intents with fewer examples than folds (one just learned from an agent) are always in the fitting part.
    if folds > 1 and sum(n >= folds for n in Counter(labels.tolist()).values()) >= 2:
        return _out_of_fold(model, features, labels, oos_rows, folds, seed, progress)
    fit_rows, held_rows = _split(labels, seed)
    model.fit_features(take(features, fit_rows), labels[fit_rows], progress)
    held = take(features, np.concatenate([held_rows, oos_rows]))
    probabilities = model.predict_proba_features(held)
    familiarity = model.familiarity_features(held, probabilities)
    return probabilities, familiarity, list(labels[held_rows])


def _calibrate(
    model: IntentModel,
    probabilities: Probabilities,
    familiarity: Scores,
    truth_labels: Sequence[str],
    oos_count: int,
    target_precision: float,
) -> Thresholds:
    """Set `model`'s familiarity ramp, then find the thresholds on its confidence (the out-of-scope rows last)."""
    index = {label: i for i, label in enumerate(model.labels)}
    decline_index = index.get(OUT_OF_SCOPE_INTENT)
    truth = np.asarray([index.get(label, -1) for label in truth_labels] + [-1] * oos_count, dtype=np.intp)
    in_scope = truth >= 0  # the ramp is set on the familiarity of messages the model should answer
    if decline_index is not None:
        in_scope &= truth != decline_index
    model.familiarity_ramp = Ramp.from_in_scope(familiarity[in_scope]) if model.familiarity_representation else None
    confidence = model.confidence(probabilities, familiarity)
    return calibrate(
        probabilities, truth.tolist(), target_precision, decline_index=decline_index, confidence=confidence
    )


def _metadata(model: IntentModel, data: Dataset, calibration_rows: int, started: float) -> dict[str, object]:
    return {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tandem_version": __version__,
        "rows": len(data.texts),
        "oos_rows": len(data.oos_texts),
        "intents": len(model.labels),
        "languages": dict(Counter(data.languages)) if data.languages else {},
        "calibration_rows": calibration_rows,
        "train_seconds": round(time.perf_counter() - started, 1),
    }


def _out_of_fold(
    model: IntentModel,
    features: Features,
    labels: NDArray[np.str_],
    oos_rows: NDArray[np.intp],
    folds: int,
    seed: int,
    progress: Progress | None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], list[str]]:
    """Each row predicted by a model that did not see it: probabilities, familiarity, true labels.

    Rows of intents with fewer than `folds` examples are fitted in every fold and never predicted.

    Out-of-scope rows get the average over the fold models of their probabilities and familiarity.
    """
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    counts = Counter(labels.tolist())
    rows = np.arange(labels.size)
    common = np.array([counts[label] >= folds for label in labels.tolist()], dtype=bool)
    rare_rows = rows[~common]
    held_parts: list[NDArray[np.float64]] = []
    held_familiarity: list[NDArray[np.float64]] = []
    held_labels: list[str] = []
    oos_p = np.zeros((oos_rows.size, 0))
    oos_f = np.zeros(oos_rows.size)
    for k, (fit_part, held_part) in enumerate(splitter.split(np.zeros(int(common.sum())), labels[common])):
        fit_rows = np.concatenate([rows[common][fit_part], rare_rows])
        held_rows = rows[common][held_part]
        if progress:
            progress("calibrating thresholds", k, folds + 1)
        model.reset_heads()  # a warm start from the previous fold would leak this fold's rows
        model.fit_features(take(features, fit_rows), labels[fit_rows])
        held = take(features, held_rows)
        p = model.predict_proba_features(held)
        held_parts.append(p)
        held_familiarity.append(model.familiarity_features(held, p))
        held_labels.extend(labels[held_rows])
        if oos_rows.size:
            oos = take(features, oos_rows)
            p = model.predict_proba_features(oos)
            oos_p = p if k == 0 else oos_p + p
            oos_f = oos_f + model.familiarity_features(oos, p)
    if oos_rows.size:
        held_parts.append(oos_p / folds)
        held_familiarity.append(oos_f / folds)
    return np.vstack(held_parts), np.concatenate(held_familiarity), held_labels


def _with_oos_class(data: Dataset, seed: int, share: float) -> Dataset:
    """Move `share` of the out-of-scope examples (in a seeded order) into the training rows, as a class."""
    order = np.random.default_rng(seed).permutation(len(data.oos_texts))
    cut = round(share * order.size)
    taught, kept = order[:cut], order[cut:]
    oos_langs = data.oos_languages or ("",) * len(data.oos_texts)
    return Dataset(
        texts=data.texts + tuple(data.oos_texts[i] for i in taught),
        labels=data.labels + (OUT_OF_SCOPE_INTENT,) * len(taught),
        languages=data.languages + tuple(oos_langs[i] for i in taught) if data.languages else (),
        oos_texts=tuple(data.oos_texts[i] for i in kept),
        oos_languages=tuple(oos_langs[i] for i in kept) if data.oos_languages else (),
    )


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
