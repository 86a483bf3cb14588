"""A Redis or a database that stops answering while the server runs. Without Redis customers and agents are still
served (rate limits counted per worker, live events within the worker), and once it is back it is used again;
the server stops cleanly either way. Without the database: a clear 503 with Retry-After, never a 500."""

import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from tandem.api.app import create_app
from tandem.api.container import Container
from tandem.api.errors import RETRY_AFTER_SECONDS as RETRY_AFTER
from tandem.api.redis_outage import RETRY_AFTER_SECONDS
from tandem.dialogue.assistants import Assistants
from tandem.domain.access import PrincipalKind
from tandem.domain.conversations import Role
from tandem.settings import Settings
from tandem.store import default_url, make_engine, upgrade

from .conftest import bearer, eventually, running_api
from .served import free_port

OPENINGS_PER_ADDRESS = 5


class OwnRedis:
    """A Redis of this test's own, which it stops and starts again on the same port."""

    def __init__(self, directory: Path) -> None:
        self.port, self.directory = free_port(), directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.server: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(self.directory),
        ]
        self.server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        eventually(self.answers, timeout=10)

    def answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port).ping())
        except redis.ConnectionError:
            return False

    def stop(self) -> None:
        assert self.server is not None
        self.server.terminate()
        self.server.wait()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    own = OwnRedis(tmp_path)
    own.start()
    try:
        yield own
    finally:
        if own.server is not None and own.server.poll() is None:
            own.server.kill()
            own.server.wait()


def _open(client: TestClient) -> int:
    """A new conversation's status code."""
    return client.post("/api/v1/conversations", json={"domain": "ecommerce", "customer": {"name": "A"}}).status_code


def test_customers_are_served_while_redis_is_gone_and_redis_is_used_again_once_back(
    fresh_database_url: str, tmp_path: Path, assistants: Assistants, own_redis: OwnRedis
) -> None:
    settings = Settings(
        demo=True, data_dir=tmp_path / "data", domains="ecommerce", redis_url=own_redis.url, learning_retrain=False,
        rate_address_conversations=OPENINGS_PER_ADDRESS,
    )  # fmt: skip
    engine = make_engine(fresh_database_url)
    try:
        with TestClient(create_app(settings, assistants, engine), raise_server_exceptions=False) as client:
            container: Container = client.app.state.container  # type: ignore[attr-defined]
            alice = container.staff.add("alice", "pw-alice-1234", Role.AGENT)
            token = container.tokens.for_staff(alice.id, PrincipalKind.AGENT, datetime.now(UTC))
            opened = client.post("/api/v1/conversations", json={"domain": "ecommerce", "customer": {"name": "A"}})
            assert opened.status_code == 201
            conversation = opened.json()
            own_redis.stop()

            posted = client.post(
                f"/api/v1/conversations/{conversation['id']}/messages",
                json={"text": "what is your return policy?"},
                headers=bearer(conversation["token"]),
            )
            assert posted.status_code == 201, posted.text
            assert [reply["author"] for reply in posted.json()["replies"]] == ["ai"]
            # The limits still hold, counted by this worker alone: the first opening above counted in Redis.
            assert [_open(client) for _ in range(OPENINGS_PER_ADDRESS + 1)][-2:] == [201, 429]
            wrong = client.post("/api/v1/auth/login", json={"username": "alice", "password": "not-her-password"})
            assert wrong.status_code == 401
            # The agent's status lives in the database; her live connection opens, its lease recorded later.
            status = client.post("/api/v1/agents/me/status", json={"status": "available"}, headers=bearer(token))
            assert status.status_code == 200, status.text
            with client.websocket_connect("/api/v1/ws") as live:
                live.send_json({"type": "auth", "token": token})
                assert live.receive_json() == {"type": "ready"}

                own_redis.start()
                shared = redis.Redis(port=own_redis.port)
                # The listener subscribes again, the sweep records alice's connection, and the counts go back to
                # Redis once the pause after a failure is over.
                eventually(lambda: shared.execute_command("PUBSUB", "NUMPAT") >= 1, timeout=RETRY_AFTER_SECONDS + 10)
                eventually(lambda: bool(shared.keys(f"*presence:leases:{alice.id}")), timeout=RETRY_AFTER_SECONDS + 10)
                time.sleep(RETRY_AFTER_SECONDS)
                eventually(lambda: _open(client) == 201 and bool(shared.keys("*limits:open:*")), timeout=10)
            own_redis.stop()  # and gone again as the server stops: it stops all the same
    finally:
        engine.dispose()


def test_a_database_that_stops_answering_is_a_503(tmp_path: Path, assistants: Assistants) -> None:
    url = default_url(tmp_path / "db")
    upgrade(url)
    with running_api(url, tmp_path / "data", assistants) as api:
        assert _open(api.client) == 201
        database = tmp_path / "db" / "tandem.db"
        database.rename(tmp_path / "db" / "moved.db")
        database.mkdir()  # the file is a directory now: SQLite cannot open it
        api.app.state.container.engine.dispose()  # the pooled connections go: the next one is opened anew

        refused = api.client.post("/api/v1/conversations", json={"domain": "ecommerce", "customer": {"name": "B"}})

        assert refused.status_code == 503
        assert refused.headers["retry-after"] == str(RETRY_AFTER)
