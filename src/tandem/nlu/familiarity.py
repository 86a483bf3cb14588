"""Familiarity: how close a message is to the training examples of the intent the model picked.

The softmax of the intent heads is confident about messages of intents it never saw ("card_arrival" unknown,
"card_delivery_estimate" known): it has to share the probability among the known intents. Familiarity is
the cosine similarity, in the best sentence embedding the model has (MiniLM, else USE), between the message
and the NEAREST training example of its top intent; a message far from every example of the intent it would
be answered with is less likely to be that intent. It only ever lowers the confidence:

    confidence = top probability x ramp(familiarity)

`ramp` is 0 (in fact `FLOOR`) below the 0.5% quantile of the familiarity of held-out in-scope messages,
1 above the 5% quantile, linear in between: by construction it touches only the least familiar twentieth of in-scope
messages, so the closed-set risk-coverage trade-off barely moves while unknown intents lose confidence.
Form, neighbours (1, of the top intent only) and quantiles were chosen on BANKING77's training set only
(docs/benchmarks.md, "How familiarity was chosen").
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from tandem.domain.errors import InvalidInput

LOW_QUANTILE = 0.005
HIGH_QUANTILE = 0.05
UNKNOWN = 1.0  # familiarity of a model without a dense representation, or of an intent without examples
# The ramp's least weight. Not 0: the least familiar messages would all tie at confidence 0, and the clarify
# threshold calibrated on in-scope rows only (the lowest held-out confidence) would fall to 0 with them.
FLOOR = 1e-3

Scores = NDArray[np.float64]


def _normalised(matrix: Any) -> NDArray[np.float32]:
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.asarray(m / np.maximum(norms, 1e-12), dtype=np.float32)


class ExampleIndex:
    """The L2-normalised training embeddings, grouped by intent (stored as float16: half the size, same ranking).

    `score` costs one float32 matrix product per message, against the examples of its top intent only.
    """

    def __init__(self, representation: str, vectors: NDArray[np.float16], offsets: NDArray[np.int64]) -> None:
        self.representation = representation
        self._vectors = vectors  # rows sorted by intent index
        self._offsets = offsets  # intent i owns rows offsets[i]:offsets[i + 1]

    @classmethod
    def build(
        cls, representation: str, matrix: Any, intent_index: Sequence[int] | NDArray[np.intp], intents: int
    ) -> Self:
        """Index the rows of `matrix`; rows whose `intent_index` is negative (not answerable) are left out."""
        index = np.asarray(intent_index, dtype=np.int64)
        if index.shape[0] != np.shape(matrix)[0]:
            raise InvalidInput("one intent index per embedding row is needed")
        keep = np.flatnonzero(index >= 0)
        order = keep[np.argsort(index[keep], kind="stable")]
        vectors = _normalised(np.asarray(matrix)[order]).astype(np.float16)
        offsets = np.searchsorted(index[order], np.arange(intents + 1)).astype(np.int64)
        return cls(representation, vectors, offsets)

    @property
    def rows(self) -> int:
        return int(self._vectors.shape[0])

    def score(self, matrix: Any, top_intent: Sequence[int] | NDArray[np.intp]) -> Scores:
        """Cosine similarity of each row of `matrix` to the nearest indexed example of its `top_intent`."""
        queries = _normalised(matrix)
        top = np.asarray(top_intent, dtype=np.int64)
        out = np.full(top.shape[0], UNKNOWN, dtype=np.float64)
        for intent in np.unique(top):
            start, end = self._offsets[intent], self._offsets[intent + 1]
            if end <= start:
                continue  # an intent without examples (the packs' out-of-scope class): no opinion
            rows = np.flatnonzero(top == intent)
            examples = self._vectors[start:end].astype(np.float32)
            out[rows] = (queries[rows] @ examples.T).max(axis=1)
        return out

    def state(self) -> dict[str, Any]:
        return {"representation": self.representation, "vectors": self._vectors, "offsets": self._offsets}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Self:
        return cls(state["representation"], np.asarray(state["vectors"]), np.asarray(state["offsets"]))


@dataclass(frozen=True)
class Ramp:
    """Familiarity -> weight in [FLOOR, 1]: FLOOR at or below `low`, 1 at or above `high`, linear in between."""

    low: float
    high: float

    @classmethod
    def from_in_scope(cls, familiarity: Any) -> Self | None:
        """The ramp between two low quantiles of held-out in-scope familiarity; None (no effect) without rows."""
        f = np.asarray(familiarity, dtype=np.float64)
        f = f[np.isfinite(f)]
        if f.size == 0:
            return None
        low, high = np.minimum(np.quantile(f, [LOW_QUANTILE, HIGH_QUANTILE]), UNKNOWN)  # UNKNOWN always weighs 1
        return cls(float(low), float(high))

    def weight(self, familiarity: Any) -> Scores:
        f = np.asarray(familiarity, dtype=np.float64)
        if self.high <= self.low:
            return np.where(f >= self.high, 1.0, FLOOR)
        return np.clip((f - self.low) / (self.high - self.low), FLOOR, 1.0)

    def state(self) -> dict[str, float]:
        return asdict(self)
