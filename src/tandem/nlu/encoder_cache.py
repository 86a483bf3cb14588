"""A bounded in-process memo of sentence embeddings, so that retraining never re-encodes a text it has seen.

Every retraining re-featurizes all its examples; with the sentence encoders that is most of the time
(MiniLM: about 80 s for BANKING77's 10,003 rows on two cores). The memo is keyed by (encoder, text) and
shared by every model in the process: the live service's background retraining and `tandem learn replay`.
It is a least-recently-used store bounded in bytes (`MAX_BYTES`, 200 MB: about 30,000 texts with both
USE and MiniLM vectors); the vectors are copied out of their batch, so an evicted entry frees its memory.
A cached vector was encoded in another batch: MiniLM pads per batch, so it may differ from a fresh one in
the last float32 digits, never more.
"""

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from tandem.nlu.encoders import Matrix, OnBatch, SentenceEncoder

MAX_BYTES = 200 * 1024 * 1024
_ENTRY_OVERHEAD = 200  # bytes per entry beyond the vector and the text: dict slot, tuple key, array header


class EmbeddingMemo:
    """Least-recently-used (encoder name, text) -> vector store, at most `max_bytes` large. Thread-safe."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, str], Matrix] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, name: str, text: str) -> Matrix | None:
        with self._lock:
            vector = self._entries.get((name, text))
            if vector is None:
                self.misses += 1
                return None
            self._entries.move_to_end((name, text))
            self.hits += 1
            return vector

    def put(self, name: str, text: str, vector: Matrix) -> None:
        size = _size(text, vector)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop((name, text), None)
            if old is not None:
                self.bytes -= _size(text, old)
            self._entries[(name, text)] = vector
            self.bytes += size
            while self.bytes > self.max_bytes:
                (_, old_text), evicted = self._entries.popitem(last=False)
                self.bytes -= _size(old_text, evicted)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = self.hits = self.misses = 0


def _size(text: str, vector: Matrix) -> int:
    return int(vector.nbytes) + len(text) + _ENTRY_OVERHEAD


MEMO = EmbeddingMemo()


class CachedEncoder:
    """A `SentenceEncoder` that encodes only the texts `memo` does not hold yet, each distinct text once.

    Only batches go through the memo (training, calibration, evaluation): a single message, the live triage of
    one customer message, is encoded as it is, so customers' words are not kept in memory and its latency is
    the real one.
    """

    def __init__(self, inner: SentenceEncoder, memo: EmbeddingMemo = MEMO) -> None:
        self.name = inner.name
        self.inner = inner
        self._memo = memo

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix:
        if len(texts) == 1:
            return self.inner.encode(texts, on_batch)
        found = [self._memo.get(self.name, text) for text in texts]
        missing = list(dict.fromkeys(text for text, vector in zip(texts, found, strict=True) if vector is None))
        fresh: dict[str, Matrix] = {}
        if missing:
            known = len(texts) - len(missing)
            relay = (lambda done: on_batch(known + done)) if on_batch else None
            encoded = self.inner.encode(missing, relay)
            for text, row in zip(missing, encoded, strict=True):
                fresh[text] = np.array(row, dtype=np.float32)  # a copy: the batch matrix can be freed
                self._memo.put(self.name, text, fresh[text])
        if on_batch:
            on_batch(len(texts))
        if not texts:
            return self.inner.encode(texts)  # the encoder knows its own width
        rows = [vector if vector is not None else fresh[text] for text, vector in zip(texts, found, strict=True)]
        return np.vstack(rows).astype(np.float32, copy=False)
