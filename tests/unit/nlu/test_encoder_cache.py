from collections.abc import Sequence

import numpy as np

from tandem.nlu.encoder_cache import CachedEncoder, EmbeddingMemo
from tandem.nlu.encoders import Matrix, OnBatch

WIDTH = 8


class CountingEncoder:
    """Deterministic fake encoder that records every text it is asked to encode."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix:
        self.calls.append(list(texts))
        out = np.array([[len(t) + i for i in range(WIDTH)] for t in texts], dtype=np.float32).reshape(-1, WIDTH)
        if on_batch:
            on_batch(len(texts))
        return out


def test_hits_never_reach_the_wrapped_encoder() -> None:
    inner = CountingEncoder()
    encoder = CachedEncoder(inner, EmbeddingMemo())
    first = encoder.encode(["a", "bb", "a"])
    assert inner.calls == [["a", "bb"]]  # each distinct text once
    second = encoder.encode(["bb", "ccc", "a"])
    assert inner.calls == [["a", "bb"], ["ccc"]]
    encoder.encode(["a", "bb", "ccc"])
    assert len(inner.calls) == 2
    np.testing.assert_array_equal(first[0], second[2])
    np.testing.assert_array_equal(second, CountingEncoder().encode(["bb", "ccc", "a"]))
    assert second.dtype == np.float32 and second.shape == (3, WIDTH)


def test_progress_counts_cached_texts_as_done() -> None:
    encoder = CachedEncoder(CountingEncoder(), EmbeddingMemo())
    encoder.encode(["a", "b"])
    seen: list[int] = []
    encoder.encode(["a", "b", "c", "d"], seen.append)
    assert seen[-1] == 4 and seen == sorted(seen)


def test_memory_bound_is_respected_least_recently_used_first() -> None:
    memo = EmbeddingMemo(max_bytes=3 * (WIDTH * 4 + 1 + 200))  # room for three one-letter entries
    inner = CountingEncoder()
    encoder = CachedEncoder(inner, memo)
    encoder.encode(["a", "b", "c"])
    encoder.encode(["a", "c"])  # "b" is now the least recently used
    encoder.encode(["d", "a"])  # evicts "b"
    assert len(memo) == 3 and memo.bytes <= memo.max_bytes
    inner.calls.clear()
    encoder.encode(["a", "c", "d"])
    assert inner.calls == []
    encoder.encode(["b", "a"])
    assert inner.calls == [["b"]]
    for i in range(50):
        encoder.encode([f"text {i}", f"more {i}"])
        assert memo.bytes <= memo.max_bytes


def test_a_single_message_is_encoded_as_it_is_and_not_kept() -> None:
    memo = EmbeddingMemo()
    inner = CountingEncoder()
    encoder = CachedEncoder(inner, memo)
    encoder.encode(["where is my parcel"])
    encoder.encode(["where is my parcel"])
    assert inner.calls == [["where is my parcel"], ["where is my parcel"]]  # the live path: never memoised
    assert len(memo) == 0


def test_empty_input_keeps_the_encoder_width() -> None:
    assert CachedEncoder(CountingEncoder(), EmbeddingMemo()).encode([]).shape == (0, WIDTH)
