"""A real uvicorn server around a test's app, in a thread of the test process: real sockets, the real request
thread pool and the real access log, with the test still able to reach into the app's container."""

import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi import FastAPI

STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Lines(logging.Handler):
    """Every line the uvicorn loggers write (access log included), formatted as they would be printed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def served(app: FastAPI, log: Lines | None = None) -> Iterator[str]:
    """Serves `app` (its lifespan included) on a free port; yields the base URL, stops the server afterwards."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, log_level="info", lifespan="on")
    server = uvicorn.Server(config)
    loggers = [logging.getLogger(name) for name in ("uvicorn", "uvicorn.access", "uvicorn.error")]
    if log is not None:
        for logger in loggers:
            logger.addHandler(log)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("the test server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        if log is not None:
            for logger in loggers:
                logger.removeHandler(log)
