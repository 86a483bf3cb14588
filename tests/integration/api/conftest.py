"""The HTTP API over real databases.

The API commits from request threads, so every test gets an app of its own on a fresh database
(`fresh_database_url`, SQLite and PostgreSQL). The AI side is the trained e-commerce pack model, shared by the
whole session, with the demo connector behind it.
"""

import json
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from tandem.api.app import create_app
from tandem.api.container import Container
from tandem.connectors.demo import DemoConnector
from tandem.dialogue.assistant import Assistant
from tandem.dialogue.assistants import Assistants
from tandem.domain.access import PrincipalKind
from tandem.domain.conversations import Role
from tandem.models.pack_models import packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.settings import Settings
from tandem.staff import security
from tandem.store import make_engine
from tandem.triage.service import TriageService

PASSWORD = "correct-horse-battery"
# A request the e-commerce pack always hands over: an explicit ask for a person, about a double charge.
ESCALATE = {
    "en": "I want to talk to a human, I was charged twice",
    "fr": "Je veux parler à un conseiller, j'ai été débité deux fois",
}
# Questions the knowledge base answers at once.
SIMPLE = {"en": "How long does delivery take?", "fr": "Combien de temps prend la livraison ?"}


@dataclass(frozen=True)
class Chat:
    """A customer's conversation as the API hands it out."""

    id: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return bearer(self.token)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Clock:
    """The services' time: the real time, until a test stops it (`start`) and moves it on (`advance`).

    The stopped clock starts two days back at 08:00 UTC, never a Sunday, so a test may move it on by a working
    day or so and stay in the same day and week. It stays in the past: the tokens the services sign with it
    must not be "not yet valid" for the real clock that checks them.
    """

    def __init__(self) -> None:
        self._now: datetime | None = None

    def __call__(self) -> datetime:
        return datetime.now(UTC) if self._now is None else self._now

    def start(self) -> datetime:
        day = (datetime.now(UTC) - timedelta(days=2)).date()
        if day.weekday() == 6:
            day -= timedelta(days=1)
        self._now = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
        return self._now

    def advance(self, **delta: float) -> datetime:
        assert self._now is not None, "start() the clock first"
        self._now += timedelta(**delta)
        return self._now


class Api:
    """A running app and the few calls most tests make, each checking the status it must answer with."""

    def __init__(self, client: TestClient, app: FastAPI, clock: Clock) -> None:
        self.client = client
        self.app = app
        self.clock = clock

    @property
    def container(self) -> Container:
        container: Container = self.app.state.container
        return container

    def open(self, language: str | None = "en", name: str = "Jane Doe", email: str | None = None) -> Chat:
        body: dict[str, Any] = {"domain": "ecommerce", "language": language, "customer": {"name": name}}
        if email is not None:
            body["customer"]["email"] = email
        response = self.client.post("/api/v1/conversations", json=body)
        assert response.status_code == 201, response.text
        created = response.json()
        return Chat(created["id"], created["token"])

    def say(self, chat: Chat, text: str, client_message_id: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"text": text}
        if client_message_id is not None:
            body["client_message_id"] = client_message_id
        response = self.client.post(f"/api/v1/conversations/{chat.id}/messages", json=body, headers=chat.auth)
        assert response.status_code == 201, response.text
        posted: dict[str, Any] = response.json()
        return posted

    def escalate(self, chat: Chat, language: str = "en") -> dict[str, Any]:
        posted = self.say(chat, ESCALATE[language])
        assert posted["status"] in ("queued", "assigned"), posted
        return posted

    def thread(self, chat: Chat) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/conversations/{chat.id}/messages", headers=chat.auth)
        assert response.status_code == 200, response.text
        thread: dict[str, Any] = response.json()
        return thread

    def add_agent(
        self,
        username: str,
        *,
        skills: Sequence[str] = ("ecommerce",),
        languages: Sequence[str] = ("en",),
        capacity: int = 3,
        role: Role = Role.AGENT,
        status: str | None = None,
    ) -> str:
        """Creates the account and returns an access token, as logging in would (test_contract logs in)."""
        agent = self.container.staff.add(
            username, PASSWORD, role, skills=skills, languages=languages, capacity=capacity
        )
        kind = PrincipalKind.SUPERVISOR if role == Role.SUPERVISOR else PrincipalKind.AGENT
        token = self.container.tokens.for_staff(agent.id, kind, datetime.now(UTC))
        if status is not None:
            self.set_status(token, status)
        return token

    def supervisor(self, skills: Sequence[str] = (), status: str | None = None) -> str:
        return self.add_agent("sam", role=Role.SUPERVISOR, skills=skills, languages=("fr", "en"), status=status)

    def me(self, token: str) -> dict[str, Any]:
        response = self.client.get("/api/v1/agents/me", headers=bearer(token))
        assert response.status_code == 200, response.text
        me: dict[str, Any] = response.json()
        return me

    def staff_thread(self, token: str, chat: Chat) -> dict[str, Any]:
        """The conversation as an agent or a supervisor reads it."""
        response = self.client.get(f"/api/v1/conversations/{chat.id}/messages", headers=bearer(token))
        assert response.status_code == 200, response.text
        thread: dict[str, Any] = response.json()
        return thread

    def set_status(self, token: str, status: str) -> dict[str, Any]:
        response = self.client.post("/api/v1/agents/me/status", json={"status": status}, headers=bearer(token))
        assert response.status_code == 200, response.text
        agent: dict[str, Any] = response.json()
        return agent

    def mine(self, token: str) -> list[dict[str, Any]]:
        response = self.client.get("/api/v1/agents/me/conversations", headers=bearer(token))
        assert response.status_code == 200, response.text
        assigned: list[dict[str, Any]] = response.json()
        return assigned

    def queue(self, token: str) -> list[dict[str, Any]]:
        response = self.client.get("/api/v1/queue", headers=bearer(token))
        assert response.status_code == 200, response.text
        queued: list[dict[str, Any]] = response.json()
        return queued

    def reply(self, token: str, chat: Chat, text: str) -> dict[str, Any]:
        """An agent's message in `chat`."""
        response = self.client.post(
            f"/api/v1/conversations/{chat.id}/messages", json={"text": text}, headers=bearer(token)
        )
        assert response.status_code == 201, response.text
        posted: dict[str, Any] = response.json()
        return posted

    def act(self, token: str, chat: Chat, action: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """resolve / handback / transfer, answered with the new status."""
        response = self.client.post(f"/api/v1/conversations/{chat.id}/{action}", json=body, headers=bearer(token))
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result


@pytest.fixture(scope="session")
def assistants(ecommerce_model: IntentModel) -> Assistants:
    (pack,) = packs_for("ecommerce")
    return Assistants({"ecommerce": Assistant(pack, TriageService(ecommerce_model, [pack]), DemoConnector())})


@contextmanager
def running_api(url: str, data_dir: Path, assistants: Assistants | None, **overrides: Any) -> Iterator[Api]:
    """An app on `url` with its lifespan running (hub, periodic router); everything closed afterwards.
    `overrides` are settings (redis_url, presence_grace_seconds, ...). Without `assistants` the app loads the
    served packs' models as a server does."""
    # Approving a lesson retrains in the background; only the tests of that loop ask for it.
    overrides.setdefault("learning_retrain", False)
    overrides.setdefault("domains", "ecommerce")
    settings = Settings(demo=True, data_dir=data_dir, **overrides)
    engine = make_engine(url)
    clock = Clock()
    try:
        app = create_app(settings, assistants, engine, clock)
        with TestClient(app) as client:
            yield Api(client, app, clock)
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lightest: the production cost (about 0.2 s a hash) would dominate these tests. Checking a
    password reads the parameters from the stored hash, so logging in works the same."""
    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def api(fresh_database_url: str, tmp_path: Path, assistants: Assistants) -> Iterator[Api]:
    with running_api(fresh_database_url, tmp_path / "data", assistants) as running:
        yield running


def next_event(
    ws: WebSocketTestSession, match: Callable[[dict[str, Any]], bool], timeout: float = 5.0
) -> dict[str, Any]:
    """The first event on `ws` that `match`es, skipping others; fails (never hangs) after `timeout` seconds."""
    return events_until(ws, match, timeout)[-1]


def events_until(
    ws: WebSocketTestSession, match: Callable[[dict[str, Any]], bool], timeout: float = 5.0
) -> list[dict[str, Any]]:
    """Every event on `ws` up to the first that `match`es, in order; fails (never hangs) after `timeout` s."""
    deadline = time.monotonic() + timeout
    seen: list[dict[str, Any]] = []
    while (remaining := deadline - time.monotonic()) > 0:
        message = ws.portal.call(_receive_within, ws, remaining)
        if message is None:
            break
        assert message["type"] == "websocket.send", f"socket closed: {message}"
        seen.append(json.loads(message["text"]))
        if match(seen[-1]):
            return seen
    pytest.fail(f"no matching event within {timeout} s; got {seen}")


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Waits for something a background task does (routing pass, presence check); fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"still not true after {timeout} s")
        time.sleep(0.05)


def same_message(event: dict[str, Any], message: dict[str, Any]) -> bool:
    """A message as pushed live is the one the REST API returns (time stamps compared as instants)."""
    pushed = event["message"]
    return {**pushed, "created_at": None} == {**message, "created_at": None} and datetime.fromisoformat(
        pushed["created_at"]
    ) == datetime.fromisoformat(message["created_at"])


async def _receive_within(ws: WebSocketTestSession, seconds: float) -> dict[str, Any] | None:
    # The test session's own receive() blocks forever; its stream is the only way to wait with a limit.
    with anyio.move_on_after(seconds):
        message: dict[str, Any] = await ws._send_rx.receive()
        return message
    return None
