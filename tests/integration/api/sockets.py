"""Opening the live socket as the browsers do: connect, then the token in the first message, never in the URL."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from .conftest import next_event


def auth(token: str) -> dict[str, str]:
    return {"type": "auth", "token": token}


@contextmanager
def live_socket(client: TestClient, token: str) -> Iterator[WebSocketTestSession]:
    """A socket subscribed to what `token` may hear: yielded once the server said it is ready."""
    with client.websocket_connect("/api/v1/ws") as ws:
        ws.send_json(auth(token))
        next_event(ws, lambda e: e["type"] == "ready")
        yield ws


def close_code(ws: WebSocketTestSession, timeout: float = 8.0) -> int | None:
    """The code the server closed `ws` with, skipping anything it sent first; None if it stayed open."""
    code: int | None = ws.portal.call(_closed_within, ws, timeout)
    return code


async def _closed_within(ws: WebSocketTestSession, seconds: float) -> int | None:
    with anyio.move_on_after(seconds):
        while True:
            # The test session's receive() blocks forever; its stream is the only way to wait with a limit.
            message: dict[str, Any] = await ws._send_rx.receive()
            if message["type"] == "websocket.close":
                code: int = message.get("code", 1000)
                return code
    return None
