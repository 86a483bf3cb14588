"""The live socket authenticates with its first message: no token in a URL, so none in an access log."""

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from starlette.websockets import WebSocketDisconnect
from websockets.sync.client import ClientConnection, connect

from tandem.api.app import create_app
from tandem.api.container import Container
from tandem.api.routes import live
from tandem.dialogue.assistants import Assistants
from tandem.domain.access import PrincipalKind
from tandem.domain.conversations import Role
from tandem.settings import Settings
from tandem.store import make_engine

from .conftest import ESCALATE, Api, bearer
from .served import Lines, served
from .sockets import auth, close_code, live_socket

POLICY_VIOLATION = 1008


@pytest.fixture
def engine_on(fresh_database_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_database_url)
    yield engine
    engine.dispose()


def _next(ws: ClientConnection, kind: str) -> dict[str, object]:
    deadline = time.monotonic() + 10
    while True:
        event: dict[str, object] = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if event["type"] == kind:
            return event


def test_no_token_reaches_the_access_log_of_a_real_server(
    engine_on: Engine, tmp_path: Path, assistants: Assistants
) -> None:
    log = Lines()
    app = create_app(Settings(demo=True, data_dir=tmp_path, domains="ecommerce"), assistants, engine_on)
    with served(app, log) as base:
        container: Container = app.state.container
        alice = container.staff.add("alice", "pw-alice-1234", Role.AGENT, skills=("ecommerce",), languages=("en",))
        agent = container.tokens.for_staff(alice.id, PrincipalKind.AGENT, datetime.now(UTC))
        httpx.post(f"{base}/api/v1/agents/me/status", json={"status": "available"}, headers=bearer(agent))
        body = {"domain": "ecommerce", "language": "en", "customer": {"name": "Jane"}}
        chat = httpx.post(f"{base}/api/v1/conversations", json=body).json()
        socket_url = base.replace("http://", "ws://") + "/api/v1/ws"
        with connect(socket_url) as staff, connect(socket_url) as customer:
            staff.send(json.dumps(auth(agent)))
            customer.send(json.dumps(auth(chat["token"])))
            _next(staff, "ready"), _next(customer, "ready")
            url = f"{base}/api/v1/conversations/{chat['id']}/messages"
            httpx.post(url, json={"text": ESCALATE["en"]}, headers=bearer(chat["token"]), timeout=60)
            assert _next(staff, "assigned")["conversation_id"] == chat["id"]
            assert _next(customer, "status")["conversation_id"] == chat["id"]

    written = "\n".join(log.lines)
    assert "/api/v1/ws" in written  # the log was captured, socket lines included
    assert agent not in written
    assert chat["token"] not in written


def test_a_token_in_the_url_is_refused_even_a_valid_one(api: Api) -> None:
    chat = api.open()

    with pytest.raises(WebSocketDisconnect) as refused, api.client.websocket_connect(f"/api/v1/ws?token={chat.token}"):
        pass

    assert refused.value.code == POLICY_VIOLATION


@pytest.mark.parametrize(
    "first",
    [
        json.dumps(auth("garbage")),
        json.dumps(auth("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhOjEifQ.")),
        json.dumps({"type": "hello"}),
        json.dumps(["auth"]),
        "not json",
    ],
    ids=["garbage", "unsigned", "not-auth", "not-an-object", "not-json"],
)
def test_a_bad_first_message_closes_the_socket(api: Api, first: str) -> None:
    with api.client.websocket_connect("/api/v1/ws") as ws:
        ws.send_text(first)

        assert close_code(ws) == POLICY_VIOLATION


def test_a_socket_that_never_authenticates_is_closed(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live, "AUTH_SECONDS", 0.3)
    with api.client.websocket_connect("/api/v1/ws") as ws:
        assert close_code(ws, timeout=5) == POLICY_VIOLATION


def test_nothing_is_heard_before_the_token_and_everything_after(api: Api) -> None:
    chat = api.open()
    with api.client.websocket_connect("/api/v1/ws") as ws:
        api.say(chat, "How long does delivery take?")  # events of this conversation, before any token
        ws.send_json(auth(chat.token))
        first = ws.receive_json()
    with live_socket(api.client, chat.token) as ws:
        api.say(chat, "And to Belgium?")
        heard = ws.receive_json()

    assert first == {"type": "ready"}
    assert heard["type"] == "message"
    assert heard["message"]["text"] == "And to Belgium?"
