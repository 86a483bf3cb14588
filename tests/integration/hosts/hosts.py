"""Tandem hosts for the tests: `tandem serve --demo` processes with data and model directories of their own, and
the HTTP and WebSocket calls the tests make to them."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

from ..api.served import free_port

PASSWORD = "tandem-demo"  # the demo accounts'
STARTUP_SECONDS = 240.0  # a loaded CI machine starts slowly; an idle one in about 10 s


class Host:
    """One Tandem host: `tandem serve --demo` on its own port, data directory and model directory."""

    def __init__(self, name: str, folder: Path, env: dict[str, str]) -> None:
        self.name, self.port = name, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.model_dir = folder / "models"
        self.log = folder / "serve.log"
        folder.mkdir(parents=True, exist_ok=True)
        self._env = {
            **os.environ,
            "TANDEM_DATA_DIR": str(folder / "data"),
            "TANDEM_MODEL_DIR": str(self.model_dir),
            "TANDEM_DOMAINS": "ecommerce",
            # Every customer and agent of the test shares 127.0.0.1: per-address limits would count them as one.
            "TANDEM_RATE_ADDRESS_CONVERSATIONS": "0",
            "TANDEM_RATE_ADDRESS_MESSAGES": "0",
            "TANDEM_LOGIN_FAILURES_PER_ADDRESS": "0",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            **env,
        }
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "tandem", "serve", "--demo", "--port", str(self.port)]
        with self.log.open("a", encoding="utf-8") as log:
            self._process = subprocess.Popen(command, env=self._env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._healthy():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"host {self.name} did not start:\n{self.logged()[-3000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def call(self, method: str, path: str, token: str | None = None, body: Any = None, expect: int = 200) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = httpx.request(method, self.base + "/api/v1" + path, json=body, headers=headers, timeout=60)
        assert response.status_code == expect, f"{self.name} {method} {path}: {response.status_code} {response.text}"
        return response.json()

    def login(self, username: str) -> str:
        token: str = self.call("POST", "/auth/login", body={"username": username, "password": PASSWORD})["access_token"]
        return token

    def _healthy(self) -> bool:
        try:
            return httpx.get(self.base + "/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False


@contextmanager
def live_socket(host: Host, token: str) -> Iterator[ClientConnection]:
    """A workspace or dashboard socket on `host`, yielded once the server said it is ready."""
    with connect(host.base.replace("http://", "ws://") + "/api/v1/ws", open_timeout=10) as ws:
        ws.send(json.dumps({"type": "auth", "token": token}))
        next_event(ws, lambda e: e["type"] == "ready")
        yield ws


def next_event(ws: ClientConnection, match: Callable[[dict[str, Any]], bool], timeout: float = 15.0) -> dict[str, Any]:
    """The first event on `ws` that `match`es, skipping others; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            event: dict[str, Any] = json.loads(ws.recv(timeout=remaining))
        except TimeoutError:
            break
        if match(event):
            return event
    raise AssertionError(f"no matching event within {timeout} s")


def until(check: Callable[[], Any], timeout: float, what: str, every: float = 0.5) -> Any:
    """Polls `check` until it returns something true (returned), failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")
