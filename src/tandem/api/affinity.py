"""One web worker, one CPU (`TANDEM_PIN_CPU`): each worker process keeps its threads on a CPU of its own.

A worker runs Python under one lock (the GIL): its request threads, its event loop and its background passes take
turns, whatever the number of cores. Left free to move, they take turns across cores, and every hand-over of
the lock between two cores costs both of them time. Kept on one CPU, a worker spent 20 % less CPU per message on
SQLite and 34 % less on PostgreSQL under 50 customers, and answered 12 % and 43 % more messages per second
(docs/benchmarks.md, session 14). The other CPUs stay free for the database, the cache and other workers: worker
k of a `tandem serve --workers N` starts on the k-th CPU (round robin), or the k-th group of `blas_threads` CPUs
when a worker uses more BLAS threads than one. Linux only; elsewhere, or with a single CPU to use, nothing is
pinned.

Three modes (`PinCpu`): `auto`, the default, starts there and moves the worker to a quieter CPU when other
programs keep its own busier (tandem.api.cpu_follow): two servers on one host, or two containers that both see
all of a host's CPUs, would otherwise put their first workers on the same CPU and leave the others idle. `on`
keeps the worker where it started, for a host or a container whose CPUs this Tandem has to itself; `off` lets
the system place the threads. Workers started by another launcher (`uvicorn --workers N tandem.api.asgi:create`)
do not know their index and all start on the first CPU: `auto` parts them within seconds, `on` would not.
"""

import contextlib
import os
from pathlib import Path

# Which worker this process is: set by the server entry points (tandem.api.asgi: `create`, 0; each forked child
# of `tandem serve --workers N`, its index). None: an app built inside another program (a test, an embedding),
# whose threads are that program's to place; nothing is pinned then.
worker_index: int | None = None


def choose(allowed: set[int], index: int, width: int) -> set[int] | None:
    """The CPUs of worker `index` taking `width` of the `allowed` ones, round robin; None when it would get all
    of them anyway (nothing to pin)."""
    cpus = sorted(allowed)
    if width >= len(cpus):
        return None
    return {cpus[(index * width + j) % len(cpus)] for j in range(width)}


def allowed_cpus() -> set[int] | None:
    """The CPUs this process may run on; None where the platform does not say (not Linux)."""
    return os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None


def pin_worker(width: int = 1) -> set[int] | None:
    """Keep every thread of this process, and those it starts later, on this worker's CPUs (`choose`). Returns
    them, or None when nothing was pinned."""
    allowed = allowed_cpus()
    chosen = None if allowed is None or worker_index is None else choose(allowed, worker_index, width)
    if chosen is None:
        return None
    pin_threads(chosen)
    return chosen


def pin_threads(cpus: set[int]) -> None:
    """Every thread of this process on `cpus` (threads started later inherit their parent's CPUs)."""
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(ProcessLookupError, ValueError):  # a thread that ended meanwhile
            os.sched_setaffinity(int(task.name), cpus)
