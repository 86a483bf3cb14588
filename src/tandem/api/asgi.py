"""The ASGI entry point for uvicorn workers (settings from the environment, `TANDEM_*`), and `run_workers`: several
worker processes forked from one that loaded the models, so that they share them.

uvicorn's own `--workers` spawns fresh interpreters, each loading every model again (about 600 MB each with the
three packs). Here the parent loads the served packs' models and the sentence encoders once, freezes them out of
the garbage collector's reach (a collection would write to every object's header and unshare its page), binds the
socket, and forks: each worker then serves with its own database engine, hub and background tasks, and reads the
parent's model pages. A model a worker retrains or syncs later is its own.
"""

import contextlib
import logging
import os
import signal
import socket
import sys
from typing import Any

import uvicorn
from fastapi import FastAPI

from tandem.api import affinity, heap, log_redaction
from tandem.api.app import create_app, load_assistants
from tandem.nlu import encoders
from tandem.settings import Settings

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def create() -> FastAPI:
    # `tandem serve` configures logging with the filter already; uvicorn started by hand has not.
    log_redaction.install()
    if affinity.worker_index is None:
        affinity.worker_index = 0  # a server process of its own: its CPU is this app's to choose
    return create_app(Settings())


def run_workers(settings: Settings, host: str, port: int, workers: int, log_config: dict[str, Any]) -> int:
    """Serve with `workers` forked processes sharing the models loaded here; returns the exit code. SIGINT or
    SIGTERM stops every worker gracefully; a worker that ends on its own stops the others (exit code 1)."""
    encoders.limit_threads(settings.blas_threads)
    assistants = load_assistants(settings)  # with the encoders they use, whose weights are then shared
    config = uvicorn.Config(create_app(settings, assistants), log_config=log_config, log_level="info")
    listening = socket.create_server((host, port), backlog=2048, reuse_port=False)
    heap.settle()  # the objects loaded so far are never collected again: their pages stay shared
    stopping: list[int] = []
    children: set[int] = set()

    def stop(signum: int, _frame: object) -> None:
        stopping.append(signum)
        for pid in children:
            _signal(pid, signal.SIGTERM)  # uvicorn takes a second SIGINT as "exit now"; SIGTERM stays graceful

    for signum in STOP_SIGNALS:
        signal.signal(signum, stop)
    children.update(_fork(config, listening, index) for index in range(workers))
    log.info("serving with %d worker processes: %s", workers, ", ".join(map(str, sorted(children))))
    code = 0
    while children:
        pid, status = os.wait()
        children.discard(pid)
        if not stopping:
            log.error("worker %d ended (status %d): stopping the others", pid, status)
            code = 1
            stop(signal.SIGTERM, None)
    listening.close()
    return code


def _fork(config: uvicorn.Config, listening: socket.socket, index: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    affinity.worker_index = index  # its CPU, once its app starts (tandem.api.affinity)
    try:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)  # uvicorn installs its own once it runs
        server = uvicorn.Server(config)
        server.run(sockets=[listening])
        code = 0 if server.started else 3
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never return into the parent's code, nor run its exit handlers


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.kill(pid, signum)
