"""The intent model: one logistic-regression head per representation, combined by a weighted geometric mean.

Representations: `tfidf` (always), `use` (multilingual sentence embeddings, default dependency) and
`minilm` (English embeddings, optional extra). Separate heads ensembled beat one head over the
concatenated features on BANKING77 (docs/benchmarks.md), and each head stays fast to train.
The confidence every decision uses is `confidence(probabilities, familiarity)`: the top probability,
lowered for messages unlike any training example of their top intent (tandem.nlu.familiarity).
The file it saves is versioned and carries the label set, the representations, the example index,
the calibrated thresholds and the training metadata. Model files are pickles: load only files Tandem wrote.
"""

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any, Self

import joblib
import numpy as np
from numpy.typing import NDArray
from sklearn import config_context
from sklearn.linear_model import LogisticRegression

from tandem.domain.errors import InvalidInput, ModelError
from tandem.domain.probation import PRECEDENT
from tandem.domain.triage import OUT_OF_SCOPE_INTENT, Thresholds
from tandem.domain.understanding import IntentScore
from tandem.nlu.atomic import write_atomically
from tandem.nlu.encoders import get_encoder
from tandem.nlu.familiarity import UNKNOWN, ExampleIndex, Ramp
from tandem.nlu.heads import probabilities
from tandem.nlu.tfidf import TfidfFeaturizer

FORMAT = "tandem-intent-model"
FORMAT_VERSION = 2  # 2: example index and familiarity ramp
# The embedding familiarity is measured in, best first (MiniLM separates intents better than USE).
FAMILIARITY_REPRESENTATIONS = ("minilm", "use")
# Regularisation and ensemble weights, chosen on a held-out 15% of BANKING77's training set.
DEFAULT_C: dict[str, float] = {"tfidf": 30.0, "use": 30.0, "minilm": 30.0}
DEFAULT_WEIGHTS: dict[str, float] = {"tfidf": 1.0, "use": 0.5, "minilm": 1.5}

Features = dict[str, Any]
Progress = Callable[[str, int, int], None]  # stage, done, total
Probabilities = NDArray[np.float64]
Scores = NDArray[np.float64]


def trusted_inputs() -> Any:
    """scikit-learn without its argument checks, for features this module made itself (finite, well formed):
    they cost about 0.3 of the 4.2 ms of CPU a message's triage took (bench/triage_latency.py), before a live
    message's features and multinomial heads skipped scikit-learn altogether (`tfidf.SMALL`, `heads.probabilities`);
    what still goes through it (batches, a two-class head) keeps the saving. Per thread; ends with the block."""
    return config_context(assume_finite=True, skip_parameter_validation=True)


class IntentModel:
    """Predicts calibrated probabilities over a fixed label set."""

    def __init__(self, representations: Sequence[str] = ("tfidf", "use")) -> None:
        if "tfidf" not in representations:
            raise InvalidInput("the tfidf representation is required")
        self.representations: tuple[str, ...] = tuple(representations)
        self.labels: tuple[str, ...] = ()
        self.thresholds: Thresholds | None = None
        # Set by calibration (training) from held-out familiarity; None: familiarity does not change confidence.
        self.familiarity_ramp: Ramp | None = None
        # Intents the AI may not answer on its own yet (`tandem.domain.probation`); set by whoever trains it.
        self.probation: frozenset[str] = frozenset()
        self.metadata: dict[str, Any] = {}
        self._tfidf = TfidfFeaturizer()
        self._heads: dict[str, LogisticRegression] = {}
        self._examples: ExampleIndex | None = None

    # -- training ---------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[str], progress: Progress | None = None) -> Self:
        """Fit the lexical vocabulary and every head on `texts`."""
        if len(set(labels)) < 2:
            raise InvalidInput(f"an intent model needs at least two intents, got {len(set(labels))}")
        self.fit_vocabulary(texts)
        return self.fit_features(self.featurize(texts, progress), labels, progress)

    def reset_heads(self) -> None:
        """Forget the fitted heads (the vocabulary stays): the next fit starts from scratch."""
        self._heads = {}

    def fit_vocabulary(self, texts: Sequence[str]) -> None:
        try:
            self._tfidf.fit(texts)
        except ValueError as exc:  # scikit-learn's "empty vocabulary": nothing but symbols or one-letter words
            raise InvalidInput(f"the training texts contain no usable words ({exc})") from exc

    def featurize(self, texts: Sequence[str], progress: Progress | None = None) -> Features:
        """Every representation of `texts`; rows can be sliced with `take`."""
        features: Features = {"tfidf": self._tfidf.transform(texts)}
        for name in self.representations:
            if name != "tfidf":
                stage = f"encoding with {name}"
                on_batch = (lambda done, stage=stage: progress(stage, done, len(texts))) if progress else None
                features[name] = get_encoder(name).encode(texts, on_batch)
        return features

    def fit_features(self, features: Features, labels: Sequence[str], progress: Progress | None = None) -> Self:
        """Fit the heads; a second call warm-starts from the first (refit on more data is cheap)."""
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise InvalidInput(f"an intent model needs at least two intents, got {len(classes)}")
        if self.labels and tuple(classes) != self.labels:
            self._heads = {}
        self.labels = tuple(classes)
        y = np.asarray(labels)
        self._examples = self._index_examples(features, y)
        for name in self.representations:
            self._heads.setdefault(name, LogisticRegression(C=DEFAULT_C[name], max_iter=3000, warm_start=True))

        def fit_head(name: str) -> None:
            stage = f"fitting the {name} head"
            if progress:
                progress(stage, 0, 1)
            self._heads[name].fit(features[name], y)
            if progress:
                progress(stage, 1, 1)

        # The sparse TF-IDF head runs mostly on one core while BLAS-heavy dense heads use the other:
        # fitting them side by side cuts training time (the solvers release the GIL in their heavy loops).
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(fit_head, self.representations))
        return self

    def _index_examples(self, features: Features, y: NDArray[Any]) -> ExampleIndex | None:
        """The examples familiarity is measured against: every answerable training row (not out-of-scope ones)."""
        name = self.familiarity_representation
        if name is None:
            return None
        index = {label: i for i, label in enumerate(self.labels) if label != OUT_OF_SCOPE_INTENT}
        return ExampleIndex.build(name, features[name], [index.get(label, -1) for label in y], len(self.labels))

    @property
    def familiarity_representation(self) -> str | None:
        return next((name for name in FAMILIARITY_REPRESENTATIONS if name in self.representations), None)

    # -- prediction -------------------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str]) -> Probabilities:
        """Rows of probabilities over `labels`, summing to 1."""
        if not self._heads:
            raise ModelError("the intent model is not trained")
        return self.predict_proba_features(self.featurize(texts))

    def predict_proba_features(self, features: Features) -> Probabilities:
        if not self._heads:
            raise ModelError("the intent model is not trained")
        total = sum(DEFAULT_WEIGHTS[name] for name in self.representations)
        log_p: Probabilities | None = None
        for name in self.representations:
            part = DEFAULT_WEIGHTS[name] / total * np.log(probabilities(self._heads[name], features[name]) + 1e-12)
            log_p = part if log_p is None else log_p + part
        assert log_p is not None
        log_p -= log_p.max(axis=1, keepdims=True)
        p = np.exp(log_p)
        return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float64)

    def familiarity_features(self, features: Features, probabilities: Probabilities) -> Scores:
        """Cosine similarity of each message to the nearest training example of its top intent (1.0: no index)."""
        if self._examples is None:
            return np.full(probabilities.shape[0], UNKNOWN)
        return self._examples.score(features[self._examples.representation], probabilities.argmax(axis=1))

    def confidence(self, probabilities: Probabilities, familiarity: Scores) -> Scores:
        """THE confidence of the top intent that thresholds are calibrated on and decisions compare to them.

        The top probability times the familiarity ramp (1 without a ramp or an example index): every caller
        (analysis, calibration, evaluation) goes through here so that they all mean the same number.
        """
        top: Scores = np.asarray(probabilities, dtype=np.float64).max(axis=1)
        if self.familiarity_ramp is None or self._examples is None:
            return top
        return np.asarray(top * self.familiarity_ramp.weight(familiarity), dtype=np.float64)

    def confidences_features(self, features: Features) -> tuple[Probabilities, Scores]:
        """Probabilities over `labels` and the confidence of the top intent, for every row of `features`."""
        probabilities, confidence, _ = self.appraise_features(features)
        return probabilities, confidence

    def appraise_features(self, features: Features) -> tuple[Probabilities, Scores, NDArray[np.bool_]]:
        """`confidences_features`, and per row whether the message is a near-repeat of an example (`near_repeat`)."""
        probabilities = self.predict_proba_features(features)
        familiarity = self.familiarity_features(features, probabilities)
        return probabilities, self.confidence(probabilities, familiarity), self.near_repeat(familiarity)

    def judge_features(self, features: Features) -> tuple[Probabilities, Scores, NDArray[np.bool_]]:
        """`confidences_features`, and per row whether its top intent may be answered on its own: not on
        probation, or the message is a near-repeat of an example people settled."""
        probabilities, confidence, repeat = self.appraise_features(features)
        return probabilities, confidence, repeat | ~self.held(probabilities)

    def held(self, probabilities: Probabilities) -> NDArray[np.bool_]:
        """Per row: the top intent is on probation."""
        if not self.probation:
            return np.zeros(probabilities.shape[0], dtype=bool)
        return np.isin(np.asarray(self.labels)[probabilities.argmax(axis=1)], sorted(self.probation))

    def near_repeat(self, familiarity: Scores) -> NDArray[np.bool_]:
        """Per row: familiarity at or above PRECEDENT, a question this close was settled by people. Never true
        without an example index, where familiarity is only a placeholder."""
        f = np.asarray(familiarity, dtype=np.float64)
        return f >= PRECEDENT if self._examples is not None else np.zeros(f.shape, dtype=bool)

    def confidences(self, texts: Sequence[str]) -> tuple[Probabilities, Scores]:
        """`confidences_features` of `texts`."""
        if not self._heads:
            raise ModelError("the intent model is not trained")
        return self.confidences_features(self.featurize(texts))

    def judge(self, texts: Sequence[str]) -> tuple[Probabilities, Scores, NDArray[np.bool_]]:
        """`judge_features` of `texts`."""
        if not self._heads:
            raise ModelError("the intent model is not trained")
        with trusted_inputs():
            return self.judge_features(self.featurize(texts))

    def appraise(self, texts: Sequence[str]) -> tuple[Probabilities, Scores, NDArray[np.bool_]]:
        """`appraise_features` of `texts`."""
        if not self._heads:
            raise ModelError("the intent model is not trained")
        return self.appraise_features(self.featurize(texts))

    def assess(self, text: str, k: int = 3) -> tuple[tuple[IntentScore, ...], float, bool]:
        """The `k` most likely intents for one message, best first, the confidence of the first, and whether
        the first may be answered on its own (`judge_features`)."""
        probabilities, confidence, verified = self.judge([text])
        p = probabilities[0]
        best = np.argsort(-p)[:k]
        return tuple(IntentScore(self.labels[i], float(p[i])) for i in best), float(confidence[0]), bool(verified[0])

    def rank(self, text: str, k: int = 3) -> tuple[IntentScore, ...]:
        """The `k` most likely intents for one message, best first."""
        p = self.predict_proba([text])[0]
        best = np.argsort(-p)[:k]
        return tuple(IntentScore(self.labels[i], float(p[i])) for i in best)

    # -- persistence ------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "labels": list(self.labels),
            "representations": list(self.representations),
            "thresholds": asdict(self.thresholds) if self.thresholds else None,
            "familiarity_ramp": self.familiarity_ramp.state() if self.familiarity_ramp else None,
            "probation": sorted(self.probation),
            "metadata": self.metadata,
            "tfidf": self._tfidf,
            "heads": self._heads,
            "examples": self._examples.state() if self._examples else None,
        }
        # Whole or not at all: workers sharing the model directory may save the same model at once.
        write_atomically(path, lambda tmp: joblib.dump(payload, tmp, compress=3))

    @classmethod
    def load(cls, path: Path) -> Self:
        try:
            payload = joblib.load(path)
        except FileNotFoundError as exc:
            raise ModelError(f"no intent model at {path}") from exc
        except Exception as exc:  # a truncated or foreign file: say so, do not crash
            raise ModelError(f"{path} is not a readable intent model: {exc}") from exc
        if not isinstance(payload, Mapping) or payload.get("format") != FORMAT:
            raise ModelError(f"{path} is not a Tandem intent model")
        if payload.get("version") != FORMAT_VERSION:
            raise ModelError(f"{path} has model format {payload.get('version')}; this Tandem reads {FORMAT_VERSION}")
        model = cls(payload["representations"])
        model.labels = tuple(payload["labels"])
        model.metadata = dict(payload["metadata"])
        model.thresholds = Thresholds(**payload["thresholds"]) if payload["thresholds"] else None
        model.familiarity_ramp = Ramp(**payload["familiarity_ramp"]) if payload["familiarity_ramp"] else None
        model.probation = frozenset(payload.get("probation", ()))  # files saved before probation have none
        model._tfidf = payload["tfidf"]
        model._heads = dict(payload["heads"])
        model._examples = ExampleIndex.from_state(payload["examples"]) if payload["examples"] else None
        return model


def take(features: Features, rows: Sequence[int] | NDArray[np.intp]) -> Features:
    """The same features restricted to `rows`."""
    return {name: matrix[rows] for name, matrix in features.items()}
