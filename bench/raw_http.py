"""A lean HTTP/1.1 client for bench/api_roundtrip.py: one keep-alive connection per simulated customer, the
request written by hand, the response read by its Content-Length (or its chunks).

Why not httpx: on this machine httpx's AsyncClient spends 4 to 5 ms of CPU per request, four times what the bare
FastAPI endpoint's server spends answering it, and its shared connection pool serves 50 waiting customers out of
order. With it the client, not the server, set the bare reference's throughput (about 300 messages/s, the
client's core full, the server's a quarter used) and its tail (p99 about 1 s for an endpoint that answers in
1 ms). This one spends about 0.1 ms per request, so the figures are the servers'. `--client httpx` keeps the
old client for comparison.
"""

import asyncio
import contextlib
import json as jsonlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024


class RawError(Exception):
    """The connection failed, closed early, timed out or answered something that is not HTTP/1.1."""


@dataclass(frozen=True, slots=True)
class RawResponse:
    status_code: int
    content: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return jsonlib.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class RawClient:
    """`post`/`get` as httpx's AsyncClient has them (what the benchmark's customers call), on one connection."""

    def __init__(self, base_url: str, timeout: float) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"plain http://host:port only, got {base_url!r}")
        self._host = parts.hostname
        self._port = parts.port or 80
        self._timeout = timeout
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def __aenter__(self) -> "RawClient":
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._streams is not None:
            writer = self._streams[1]
            self._streams = None
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def post(self, path: str, json: Any = None, headers: dict[str, str] | None = None) -> RawResponse:
        body = b"" if json is None else jsonlib.dumps(json).encode()
        return await self.request("POST", path, body, headers)

    async def get(self, path: str, headers: dict[str, str] | None = None) -> RawResponse:
        return await self.request("GET", path, None, headers)

    async def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str] | None = None
    ) -> RawResponse:
        try:
            return await asyncio.wait_for(self._exchange(method, path, body, headers or {}), self._timeout)
        except (OSError, EOFError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
            await self.aclose()  # a connection in an unknown state is never reused
            raise RawError(f"{method} {path}: {type(exc).__name__} {exc}") from exc

    async def _exchange(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> RawResponse:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self._host, self._port, limit=MAX_HEAD)
        reader, writer = self._streams
        lines = [f"{method} {path} HTTP/1.1", f"host: {self._host}:{self._port}"]
        if body is not None:
            lines += ["content-type: application/json", f"content-length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))
        await writer.drain()
        status, fields = _head(await reader.readuntil(b"\r\n\r\n"))
        if fields.get("transfer-encoding", "").lower() == "chunked":
            content = await _chunks(reader)
        else:
            content = await reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection", "").lower() == "close":
            await self.aclose()
        return RawResponse(status, content, fields)


def _head(raw: bytes) -> tuple[int, dict[str, str]]:
    status_line, *lines = raw.decode("latin-1").split("\r\n")
    version, _, rest = status_line.partition(" ")
    if not version.startswith("HTTP/1.") or not rest[:3].isdigit():
        raise EOFError(f"not an HTTP/1.1 response: {status_line[:80]!r}")
    fields = {}
    for line in lines:
        if line:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
    return int(rest[:3]), fields


async def _chunks(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers are sent to this client
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
