"""The real server killed with SIGKILL in the middle of a busy minute, then started again: no acknowledged
message lost, none stored twice, no agent left available without a connection, no conversation left with a ghost.
On SQLite, and on PostgreSQL + Redis (a database of its own, created and dropped here)."""

import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import create_engine, make_url, text
from websockets.sync.client import connect

from tandem.nlu.intent_model import IntentModel
from tandem.settings import Settings

from ..conftest import POSTGRES_URL
from .conftest import ESCALATE, SIMPLE, bearer
from .served import free_port

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/0"
CUSTOMERS = 6
MESSAGES = 6  # each customer's; the second one asks for a person, so agents get conversations
GRACE = 3.0
STARTUP_SECONDS = 240.0  # a loaded CI machine starts it slowly; an idle one in about 10 s
RUN_SECONDS = 420.0  # the customers' deadline for every retry: only ever reached if the server never comes back
SETTLE_SECONDS = 45.0  # a killed worker's leases end (10 s), then the grace period, then a sweep
PASSWORD = "tandem-demo"


@dataclass
class Customer:
    number: int
    conversation: str = ""
    token: str = ""
    acknowledged: list[str] = field(default_factory=list)  # texts the server answered 201 for


class Server:
    """`tandem serve --demo` in a subprocess, killed and started again on the same port and database."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._env, self._log = env, log
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "tandem", "serve", "--demo", "--port", str(self.port)]
        with self._log.open("a", encoding="utf-8") as log:
            self._process = subprocess.Popen(command, env=self._env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._healthy():
            if self._process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{self._log.read_text()[-3000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait()

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def _healthy(self) -> bool:
        try:
            return httpx.get(self.base + "/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False


def _post(base: str, path: str, body: object, headers: dict[str, str], deadline: float) -> httpx.Response | None:
    """POSTs until the server answers (connection refused while it restarts, 429 when too fast); None past
    `deadline`. Every retry sends the same body: the same client_message_id."""
    while time.monotonic() < deadline:
        try:
            response = httpx.post(base + path, json=body, headers=headers, timeout=30)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        if response.status_code == 429:
            time.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        if response.status_code >= 500:
            time.sleep(0.2)
            continue
        return response
    return None


def _customer(base: str, customer: Customer, deadline: float) -> None:
    body = {"domain": "ecommerce", "language": "en", "customer": {"name": f"Customer {customer.number}"}}
    opened = _post(base, "/api/v1/conversations", body, {}, deadline)
    assert opened is not None and opened.status_code == 201, opened
    customer.conversation, customer.token = opened.json()["id"], opened.json()["token"]
    for n in range(MESSAGES):
        said = ESCALATE["en"] if n == 1 else SIMPLE["en"]
        message = {"text": f"{said} [c{customer.number} m{n}]", "client_message_id": uuid.uuid4().hex}
        path = f"/api/v1/conversations/{customer.conversation}/messages"
        posted = _post(base, path, message, bearer(customer.token), deadline)
        if posted is None:
            return
        assert posted.status_code == 201, posted.text  # 429s and 5xx were retried; nothing else is expected
        customer.acknowledged.append(str(message["text"]))


class Agent:
    """An agent's workspace socket in a thread; one that `comes_back` reconnects after the crash."""

    def __init__(self, base: str, username: str, comes_back: bool) -> None:
        response = httpx.post(base + "/api/v1/auth/login", json={"username": username, "password": PASSWORD})
        self.token = response.json()["access_token"]
        self.connected = threading.Event()
        self._url, self._comes_back = base.replace("http://", "ws://") + "/api/v1/ws", comes_back
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self.connected.wait(20), f"{username} could not connect"

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with connect(self._url, open_timeout=5) as ws:
                    ws.send(json.dumps({"type": "auth", "token": self.token}))
                    assert json.loads(ws.recv(timeout=10))["type"] == "ready"
                    self.connected.set()
                    while not self._stop.is_set():
                        try:
                            ws.recv(timeout=0.5)
                        except TimeoutError:
                            continue
            except Exception:  # refused, reset, closed: the server is down
                pass
            self.connected.clear()
            if not self._comes_back:
                return
            time.sleep(0.3)


@contextmanager
def _backend(kind: str, data: Path) -> Iterator[dict[str, str]]:
    """Environment variables for the server: SQLite in `data`, or a new PostgreSQL database and Redis."""
    if kind == "sqlite":
        yield {}
        return
    name = f"tandem_durability_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield {"TANDEM_DATABASE_URL": url, "TANDEM_REDIS_URL": REDIS_URL}
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        namespace = Settings().redis_namespace(make_url(url).render_as_string(hide_password=True))
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=namespace + ":*"):
            client.delete(key)
        client.close()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql-redis", marks=[pytest.mark.postgres, pytest.mark.redis]),
    ]
)
def server(
    request: pytest.FixtureRequest, tmp_path: Path, model_dir: Path, ecommerce_model: IntentModel
) -> Iterator[Server]:
    """The server, its pack model already trained (`ecommerce_model` fills the shared `model_dir`)."""
    with _backend(request.param, tmp_path / "data") as backend:
        env = {
            **os.environ,
            **backend,
            "TANDEM_DATA_DIR": str(tmp_path / "data"),
            "TANDEM_MODEL_DIR": str(model_dir),
            "TANDEM_DOMAINS": "ecommerce",
            "TANDEM_PRESENCE_GRACE_SECONDS": str(GRACE),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
        }
        running = Server(env, tmp_path / "server.log")
        try:
            running.start()
            yield running
        finally:
            running.stop()


def _until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _customer_texts(base: str, customer: Customer) -> list[str]:
    path = f"{base}/api/v1/conversations/{customer.conversation}/messages"
    thread = httpx.get(path, headers=bearer(customer.token), timeout=30).json()
    return [m["text"] for m in thread["messages"] if m["author"] == "customer"]


def _team(base: str, supervisor: str) -> dict[str, str]:
    """Username -> status."""
    agents = httpx.get(f"{base}/api/v1/agents", headers=bearer(supervisor), timeout=30).json()
    return {agent["username"]: agent["status"] for agent in agents}


def test_a_killed_server_loses_no_acknowledged_message_and_leaves_no_ghost(server: Server, tmp_path: Path) -> None:
    staying, ghost = Agent(server.base, "alice", comes_back=True), Agent(server.base, "farid", comes_back=False)
    for agent in (staying, ghost):
        status = httpx.post(
            f"{server.base}/api/v1/agents/me/status", json={"status": "available"}, headers=bearer(agent.token)
        )
        assert status.status_code == 200
    supervisor = httpx.post(f"{server.base}/api/v1/auth/login", json={"username": "sam", "password": PASSWORD})
    sam = supervisor.json()["access_token"]  # signed with the demo key: still valid after the restart
    customers = [Customer(n) for n in range(CUSTOMERS)]
    deadline = time.monotonic() + RUN_SECONDS
    with ThreadPoolExecutor(CUSTOMERS) as pool:
        running = [pool.submit(_customer, server.base, customer, deadline) for customer in customers]
        assert _until(lambda: sum(len(c.acknowledged) for c in customers) >= CUSTOMERS * 2, 60)
        server.kill()  # mid-run: requests in flight, sockets open, leases held
        killed_at = time.monotonic()
        server.start()
        restarted_in = time.monotonic() - killed_at
        ghost_gone = _until(lambda: _team(server.base, sam)["farid"] == "offline", SETTLE_SECONDS)
        ghost_gone_after = time.monotonic() - killed_at
        for done in running:
            done.result()
    staying.connected.wait(20)

    stored = {c.number: _customer_texts(server.base, c) for c in customers}
    lost = [text for c in customers for text in c.acknowledged if text not in stored[c.number]]
    duplicates = [text for c in customers for text, n in Counter(stored[c.number]).items() if n > 1]
    team = _team(server.base, sam)
    connected = {"alice"} if staying.connected.is_set() else set()
    ghosts = sorted(name for name, status in team.items() if status == "available" and name not in connected)
    ghost_chats = httpx.get(f"{server.base}/api/v1/agents/me/conversations", headers=bearer(ghost.token)).json()
    staying.close()
    ghost.close()
    acknowledged = sum(len(c.acknowledged) for c in customers)
    print(f"\n{acknowledged} acknowledged, restarted in {restarted_in:.1f} s, ghost offline {ghost_gone_after:.1f} s")
    assert all(len(c.acknowledged) == MESSAGES for c in customers), "a customer ran out of time"
    assert lost == []
    assert duplicates == []
    assert ghost_gone
    assert ghosts == []
    assert ghost_chats == []
    log = (tmp_path / "server.log").read_text()
    assert not [t for t in [staying.token, ghost.token, sam, *(c.token for c in customers)] if t in log]
