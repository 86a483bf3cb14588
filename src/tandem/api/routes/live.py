"""`/healthz` and the WebSocket that pushes live updates."""

import asyncio
from functools import partial
from http import HTTPStatus
from typing import Any

from fastapi import APIRouter, Request, Response, WebSocket, WebSocketDisconnect

from tandem.api.container import Container
from tandem.api.health import Health
from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import TandemError
from tandem.domain.events import AGENTS, SUPERVISORS, agent_channel, conversation_channel

router = APIRouter(tags=["live"])
POLICY_VIOLATION = 1008


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
async def live(websocket: WebSocket, token: str = "") -> None:
    container: Container = websocket.app.state.container
    try:
        principal = container.tokens.principal(token)
    except TandemError:
        await websocket.close(code=POLICY_VIOLATION, reason="invalid token")
        return
    await websocket.accept()
    queue = container.hub.subscribe(channels_for(principal))
    if principal.agent_id is not None:
        container.presence.connected(principal.agent_id)
    try:
        receiver = asyncio.create_task(_drain(websocket))
        while not receiver.done():
            getter = asyncio.create_task(queue.get())
            done, _ = await asyncio.wait({getter, receiver}, return_when=asyncio.FIRST_COMPLETED)
            if getter in done:
                await websocket.send_json(getter.result())
            else:
                getter.cancel()
    except WebSocketDisconnect:
        pass
    finally:
        container.hub.unsubscribe(queue)
        if principal.agent_id is not None:
            container.presence.disconnected(principal.agent_id, partial(_gone, container))


async def _gone(container: Container, agent_id: int) -> None:
    """The agent closed the workspace and did not come back: offline, their conversations re-queued."""
    principal = Principal(PrincipalKind.AGENT, agent_id=agent_id)
    await asyncio.to_thread(container.staff.set_status, principal, AgentStatus.OFFLINE)


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
