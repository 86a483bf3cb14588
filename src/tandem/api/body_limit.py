"""Request bodies over the limit are refused with 413 while they arrive, whatever their framing.

A Content-Length check alone lets a chunked body of any size through, read to the end before anything looks at
it. This middleware counts the bytes as the app reads them instead, so nothing is buffered here and the server
stops reading at the first byte over the limit.
"""

import json
from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024  # a 5000-character message in JSON, with room to spare


class _Exceeded(Exception):
    """Raised into the app from `receive`: it must stop reading the body."""


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self._app = app
        self._max = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # WebSockets and lifespan pass untouched
            await self._app(scope, receive, send)
            return
        if self._declared_length(scope) > self._max:
            await self._refuse(send)  # nothing of the body is read
            return
        await _Limited(self._app, self._max, receive, send).run(scope, self._refuse)

    @staticmethod
    def _declared_length(scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name == b"content-length":
                return int(value) if value.isdigit() else 0  # a malformed header is the server's to refuse
        return 0

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": f"request body over {self._max} bytes"}).encode()
        # The client may still be sending: closing the connection is the only way to stop it politely.
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _Limited:
    """One request: counts what the app reads, and hides whatever the app answers once the limit is passed."""

    def __init__(self, app: ASGIApp, max_bytes: int, receive: Receive, send: Send) -> None:
        self._app = app
        self._left = max_bytes
        self._receive = receive
        self._send = send
        self.exceeded = False
        self.started = False

    async def run(self, scope: Scope, refuse: Callable[[Send], Awaitable[None]]) -> None:
        try:
            await self._app(scope, self.receive, self.send)
        except Exception:
            if not self.exceeded or self.started:
                raise  # after the response started, the server closes the connection: the best left to do
        if self.exceeded and not self.started:
            await refuse(self._send)

    async def receive(self) -> Message:
        if self.exceeded:
            raise _Exceeded
        message = await self._receive()
        if message["type"] == "http.request":
            self._left -= len(message.get("body", b""))
            if self._left < 0:
                self.exceeded = True
                raise _Exceeded
        return message

    async def send(self, message: Message) -> None:
        # The app may turn the interrupted read into an error response of its own (FastAPI answers 400):
        # the client must get the 413 instead.
        if self.exceeded and not self.started:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)
