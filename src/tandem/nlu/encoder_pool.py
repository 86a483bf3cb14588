"""Sentence encoding in separate processes, so a web worker's request threads never run BLAS themselves.

`start(processes, threads)` starts the pool and makes every encoder of this process a `PooledEncoder`: the texts
go to a pool process, which encodes them with its own copy of the encoder and sends the vectors back. The
encoders' weights never change (retraining changes the intent heads, not the sentence encoders), so a pool
process never has to follow a model promotion. Batching (`tandem.nlu.batching`) still happens here, before the
texts leave: one batch is one round trip.
"""

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from tandem.nlu import encoders
from tandem.nlu.encoders import Matrix, OnBatch, SentenceEncoder

_local: dict[str, SentenceEncoder] = {}  # in a pool process: its encoders


class PooledEncoder:
    """A `SentenceEncoder` whose encoding runs in `pool`; the same vectors as the encoder in this process."""

    def __init__(self, name: str, pool: Executor) -> None:
        self.name = name
        self._pool = pool

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix:
        vectors: Matrix = self._pool.submit(_encode, self.name, list(texts)).result()
        if on_batch:
            on_batch(len(texts))
        return vectors


def start(processes: int, threads: int, warm: Sequence[str] = (), cpus: set[int] | None = None) -> ProcessPoolExecutor:
    """A pool of `processes` encoder processes with `threads` BLAS threads each, now used by `get_encoder`;
    the encoders named in `warm` are loaded in every process before this returns. Stop it with `stop`. `cpus`:
    the CPUs each process runs on (a web worker passes those it had before keeping its own threads to one, as a
    process the pool starts later would inherit that one CPU); None leaves what they inherit."""
    # Spawned, not forked: a web worker has threads (and maybe locks held) by the time it starts its pool.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        processes, mp_context=context, initializer=_prepare, initargs=(threads, tuple(warm), cpus)
    )
    for warming in [pool.submit(_encode, name, ["warm-up"]) for name in warm for _ in range(processes)]:
        warming.result()
    encoders.run_elsewhere(lambda name: PooledEncoder(name, pool))
    return pool


def stop(pool: Executor) -> None:
    """Encode in this process again, and end the pool's processes."""
    encoders.run_elsewhere(None)
    pool.shutdown(wait=True, cancel_futures=True)


def _prepare(threads: int, warm: tuple[str, ...], cpus: set[int] | None = None) -> None:
    if cpus is not None:
        os.sched_setaffinity(0, cpus)
    encoders.limit_threads(threads)
    for name in warm:
        _encoder(name)


def _encoder(name: str) -> SentenceEncoder:
    if name not in _local:
        _local[name] = encoders.build_encoder(name)
    return _local[name]


def _encode(name: str, texts: list[str]) -> Matrix:
    return _encoder(name).encode(texts)
