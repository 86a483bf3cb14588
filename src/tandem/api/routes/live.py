"""`/healthz` and the WebSocket that pushes live updates."""

import asyncio
import json
from http import HTTPStatus
from typing import Any

from fastapi import APIRouter, Request, Response, WebSocket, WebSocketDisconnect
from starlette.websockets import WebSocketState

from tandem.api.container import Container
from tandem.api.health import Health
from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.errors import TandemError
from tandem.domain.events import AGENTS, SUPERVISORS, agent_channel, conversation_channel

router = APIRouter(tags=["live"])
POLICY_VIOLATION = 1008
AUTH_SECONDS = 5.0  # how long an accepted socket may stay silent before it says who it is
MAX_AUTH_CHARS = 4096  # a token is a few hundred characters; anything far longer is not one


@router.get("/healthz", responses={503: {"description": "The database did not answer the last probe."}})
async def health(request: Request, response: Response) -> dict[str, str]:
    """Up, with a database that answered the last probe (a few seconds old at most). Async and without any
    database call of its own: it never waits behind busy request threads."""
    probe: Health = request.app.state.health
    if probe.healthy():
        return {"status": "ok"}
    response.status_code = HTTPStatus.SERVICE_UNAVAILABLE
    return {"status": "unavailable"}


@router.websocket("/api/v1/ws")
async def live(websocket: WebSocket) -> None:
    """Live events. The token comes in the first message, {"type": "auth", "token": ...}, within AUTH_SECONDS;
    nothing is subscribed before, and {"type": "ready"} says when the events start."""
    container: Container = websocket.app.state.container
    if "token" in websocket.query_params:
        # A URL ends up in access logs and proxies' logs: a token there is refused, even a valid one.
        await websocket.close(code=POLICY_VIOLATION, reason="send the token in the first message")
        return
    await websocket.accept()
    principal = _principal(container, await _first_message(websocket))
    if principal is None:
        if websocket.client_state == WebSocketState.CONNECTED:
            await websocket.close(code=POLICY_VIOLATION, reason="authentication required")
        return
    queue = container.hub.subscribe(channels_for(principal))
    agent_id = principal.agent_id
    connection = container.presence.connected(agent_id) if agent_id is not None else None
    try:
        await websocket.send_json({"type": "ready"})
        await _forward(websocket, queue)
    except WebSocketDisconnect:
        pass
    finally:
        container.hub.unsubscribe(queue)
        if agent_id is not None and connection is not None:
            container.presence.disconnected(agent_id, connection)


async def _forward(websocket: WebSocket, queue: "asyncio.Queue[dict[str, Any]]") -> None:
    receiver = asyncio.create_task(_drain(websocket))
    while not receiver.done():
        getter = asyncio.create_task(queue.get())
        done, _ = await asyncio.wait({getter, receiver}, return_when=asyncio.FIRST_COMPLETED)
        if getter in done:
            await websocket.send_json(getter.result())
        else:
            getter.cancel()


async def _first_message(websocket: WebSocket) -> str | None:
    try:
        message = await asyncio.wait_for(websocket.receive(), AUTH_SECONDS)
    except TimeoutError:
        return None
    text = message.get("text") if message["type"] == "websocket.receive" else None
    return text if isinstance(text, str) and len(text) <= MAX_AUTH_CHARS else None


def _principal(container: Container, first: str | None) -> Principal | None:
    """Who the first message's token names; None for anything else."""
    try:
        data = json.loads(first) if first is not None else None
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") != "auth" or not isinstance(data.get("token"), str):
        return None
    try:
        return container.tokens.principal(data["token"])
    except TandemError:
        return None


def channels_for(principal: Principal) -> list[str]:
    if principal.kind == PrincipalKind.CUSTOMER:
        assert principal.conversation_id is not None
        return [conversation_channel(principal.conversation_id)]
    assert principal.agent_id is not None
    channels = [agent_channel(principal.agent_id), AGENTS]
    return [*channels, SUPERVISORS] if principal.kind == PrincipalKind.SUPERVISOR else channels


async def _drain(websocket: WebSocket) -> Any:
    """Reads (and ignores) what the client sends, so a closed socket is noticed at once."""
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        return None
