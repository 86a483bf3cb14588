import threading
from collections.abc import Sequence

import numpy as np
import pytest

from tandem.nlu.batching import BatchingEncoder
from tandem.nlu.encoders import Matrix, OnBatch

WIDTH = 4


class GatedEncoder:
    """A fake encoder that records its calls; the first call waits for `release` so that others queue up."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.entered = threading.Event()
        self.release = threading.Event()

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix:
        self.calls.append(list(texts))
        self.entered.set()
        self.release.wait(10)
        if any(text == "boom" for text in texts):
            raise RuntimeError("encoder failed")
        return np.array([[len(t) * 10 + i for i in range(WIDTH)] for t in texts], dtype=np.float32)


def expected(text: str) -> Matrix:
    return np.array([[len(text) * 10 + i for i in range(WIDTH)]], dtype=np.float32)


class Callers:
    """Threads each encoding one text through `encoder`; `results` holds each text's vector or error."""

    def __init__(self, encoder: BatchingEncoder, texts: list[str]) -> None:
        self.results: dict[str, Matrix | BaseException] = {}
        self._threads = [threading.Thread(target=self._one, args=(encoder, text)) for text in texts]
        for thread in self._threads:
            thread.start()

    def _one(self, encoder: BatchingEncoder, text: str) -> None:
        try:
            self.results[text] = encoder.encode([text])
        except RuntimeError as exc:
            self.results[text] = exc

    def join(self) -> dict[str, Matrix | BaseException]:
        for thread in self._threads:
            thread.join(10)
        return self.results


def wait_queued(encoder: BatchingEncoder, count: int) -> None:
    while len(encoder._pending) < count:
        threading.Event().wait(0.01)


def test_a_text_alone_is_encoded_at_once_and_matches_the_inner_encoder() -> None:
    inner = GatedEncoder()
    inner.release.set()
    encoder = BatchingEncoder(inner)
    np.testing.assert_array_equal(encoder.encode(["hello"]), expected("hello"))
    assert inner.calls == [["hello"]]


def test_texts_arriving_during_a_batch_are_encoded_together_each_getting_its_own_row() -> None:
    inner = GatedEncoder()
    encoder = BatchingEncoder(inner)
    first = Callers(encoder, ["a"])
    assert inner.entered.wait(10)
    later = [f"text {'x' * n}" for n in range(6)]
    callers = Callers(encoder, later)
    wait_queued(encoder, len(later))  # all six wait behind the first batch
    inner.release.set()
    first.join()
    rest = callers.join()
    assert inner.calls[0] == ["a"]
    assert sorted(inner.calls[1]) == sorted(later) and len(inner.calls) == 2
    for text in later:
        np.testing.assert_array_equal(rest[text], expected(text))
    assert encoder.batches == 2


def test_batches_are_at_most_max_batch_texts() -> None:
    inner = GatedEncoder()
    encoder = BatchingEncoder(inner, max_batch=2)
    first = Callers(encoder, ["a"])
    assert inner.entered.wait(10)
    callers = Callers(encoder, ["bb", "ccc", "dddd", "eeeee"])
    wait_queued(encoder, 4)
    inner.release.set()
    first.join()
    rest = callers.join()
    assert [len(call) for call in inner.calls] == [1, 2, 2]
    for text in ("bb", "ccc", "dddd", "eeeee"):
        np.testing.assert_array_equal(rest[text], expected(text))


def test_an_encoder_error_reaches_every_text_of_the_batch_and_the_next_batch_still_runs() -> None:
    inner = GatedEncoder()
    encoder = BatchingEncoder(inner)
    first = Callers(encoder, ["a"])
    assert inner.entered.wait(10)
    callers = Callers(encoder, ["boom", "fine"])
    wait_queued(encoder, 2)
    inner.release.set()
    first.join()
    failing = callers.join()
    assert isinstance(failing["boom"], RuntimeError) and isinstance(failing["fine"], RuntimeError)
    np.testing.assert_array_equal(encoder.encode(["again"]), expected("again"))


def test_batches_of_several_texts_pass_straight_through() -> None:
    inner = GatedEncoder()
    inner.release.set()
    encoder = BatchingEncoder(inner)
    done: list[int] = []
    out = encoder.encode(["a", "bb"], done.append)
    assert inner.calls == [["a", "bb"]]
    np.testing.assert_array_equal(out, np.vstack([expected("a"), expected("bb")]))
    with pytest.raises(RuntimeError):
        encoder.encode(["boom", "x"])
