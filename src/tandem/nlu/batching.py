"""Single messages from many request threads, encoded together: one sentence encoder call per batch.

A sentence encoder spends most of a single message's time streaming its weight matrices from memory; the USE
encoder does the same work for 8 texts at about a third of the CPU per text (docs/benchmarks.md, "Server CPU per
message"). Under load, a web worker has dozens of request threads each wanting one message encoded. Here the
first of them to arrive encodes every message waiting at that moment in one call (it is the batch's *leader*),
the others wait for their row; when the leader's own message is done it hands over, and one of the threads still
waiting leads the next batch. No thread of its own and no timer: a message alone is encoded at once, nothing
waits for a batch to fill, and a process forked from this one starts with nothing in flight.
"""

import threading
from collections.abc import Sequence

import numpy as np

from tandem.nlu.encoders import Matrix, OnBatch, SentenceEncoder

MAX_BATCH = 64  # beyond this the cost per text no longer falls (USE: 0.7 ms at 16, 0.6 ms at 32)


class _Slot:
    __slots__ = ("error", "text", "vector")

    def __init__(self, text: str) -> None:
        self.text = text
        self.vector: Matrix | None = None
        self.error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.vector is not None or self.error is not None


class BatchingEncoder:
    """A `SentenceEncoder` that encodes concurrent single texts in shared batches; batches pass straight through.

    Each vector is the one the inner encoder gives for that text in that batch (USE encodes every text of a
    batch independently; MiniLM pads per batch, which changes the last float32 digits at most).
    """

    def __init__(self, inner: SentenceEncoder, max_batch: int = MAX_BATCH) -> None:
        self.name = inner.name
        self.inner = inner
        self.max_batch = max_batch
        self.batches = 0  # calls to the inner encoder for single texts, for tests and benchmarks
        self._pending: list[_Slot] = []
        self._leading = False
        self._turn = threading.Condition()

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix:
        if len(texts) != 1:
            return self.inner.encode(texts, on_batch)
        slot = _Slot(texts[0])
        with self._turn:
            self._pending.append(slot)
            while not slot.done and self._leading:
                self._turn.wait()
            if not slot.done:
                self._leading = True
        if not slot.done:
            self._lead(slot)
        if on_batch:
            on_batch(1)
        if slot.error is not None:
            raise slot.error
        assert slot.vector is not None
        return slot.vector[None, :]

    def _lead(self, mine: _Slot) -> None:
        """Encode the waiting texts, a batch at a time, until `mine` is done; then hand over."""
        try:
            while not mine.done:
                with self._turn:
                    batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
                self._run(batch)
        finally:
            with self._turn:
                self._leading = False
                self._turn.notify_all()

    def _run(self, batch: list[_Slot]) -> None:
        try:
            vectors = self.inner.encode([slot.text for slot in batch])
            self.batches += 1
        except BaseException as exc:  # every waiter gets the error, not only the leader
            for slot in batch:
                slot.error = exc
            return
        for slot, row in zip(batch, vectors, strict=True):
            slot.vector = np.array(row, dtype=np.float32)  # its own copy: the batch matrix can be freed
        with self._turn:
            self._turn.notify_all()
