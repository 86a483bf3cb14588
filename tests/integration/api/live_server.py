"""A real uvicorn server in a thread, for what TestClient cannot show: chunked uploads, the server's own logs."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI


@contextmanager
def serving(app: FastAPI, **config: Any) -> Iterator[int]:
    """Runs `app` (lifespan included) on 127.0.0.1 at a free port until the block ends; yields the port.
    `config` goes to uvicorn.Config (log_config=None unless given: uvicorn's logging is configured on purpose)."""
    config.setdefault("log_config", None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="on", **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        (listening,) = server.servers
        yield int(listening.sockets[0].getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(timeout=10)
