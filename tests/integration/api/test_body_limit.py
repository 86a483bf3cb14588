"""A request body over the limit is refused with 413 while it arrives, whatever its framing, before any login."""

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tandem.api.app import create_app
from tandem.api.body_limit import MAX_BODY_BYTES
from tandem.dialogue.assistants import Assistants
from tandem.settings import Settings
from tandem.store import make_engine

from ..conftest import migrated_database
from .live_server import serving

OPEN = "/api/v1/conversations"
HEAD = (
    f"POST {OPEN} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
).encode()


@pytest.fixture
def port(tmp_path: Path, assistants: Assistants) -> Iterator[int]:
    """A real server: TestClient hands the app the whole body at once, and chunked framing is the point here."""
    with migrated_database("sqlite", tmp_path / "db") as url:
        engine = make_engine(url)
        settings = Settings(demo=True, data_dir=tmp_path / "data", domains="ecommerce", learning_retrain=False)
        try:
            with serving(create_app(settings, assistants, engine)) as running:
                yield running
        finally:
            engine.dispose()


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one HTTP/1.1 response with a Content-Length."""
    raw = b""
    while b"\r\n\r\n" not in raw:
        received = sock.recv(65536)
        assert received, f"connection closed before a response: {raw!r}"
        raw += received
    head, body = raw.split(b"\r\n\r\n", 1)
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines)}
    while len(body) < int(headers["content-length"]):
        body += sock.recv(65536)
    return int(status_line.split()[1]), headers, body


def _valid_body(size: int) -> bytes:
    """A conversation to open, padded with JSON whitespace to exactly `size` bytes."""
    body = json.dumps({"domain": "ecommerce", "language": "en"}).encode()
    return body[:-1] + b" " * (size - len(body)) + b"}"


def test_a_chunked_body_over_the_limit_is_refused_before_the_rest_is_sent(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(HEAD + _chunk(b" " * (MAX_BODY_BYTES + 1)))
        started = time.monotonic()

        status, headers, body = _response(sock)  # times out if the server waits for the rest of the body

        assert status == 413
        assert time.monotonic() - started < 2
        assert headers["content-type"] == "application/json"
        assert json.loads(body)["detail"] == f"request body over {MAX_BODY_BYTES} bytes"
        # The server stops listening: 50 MB more cannot all go through (socket buffers hold a few MB at most).
        with pytest.raises(OSError):
            for _ in range(800):
                sock.sendall(_chunk(b" " * 65536))


def test_many_small_chunks_are_counted_together(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(HEAD + b"".join(_chunk(b" " * 1024) for _ in range(MAX_BODY_BYTES // 1024 + 1)))

        status, _, _ = _response(sock)

        assert status == 413


def test_a_body_at_the_limit_is_accepted_chunked_or_not(port: int) -> None:
    body = _valid_body(MAX_BODY_BYTES)

    def pieces() -> Iterator[bytes]:  # httpx sends a generator chunked
        yield from (body[i : i + 5000] for i in range(0, len(body), 5000))

    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
        chunked = client.post(OPEN, content=pieces(), headers={"content-type": "application/json"})
        whole = client.post(OPEN, content=body, headers={"content-type": "application/json"})

    assert chunked.status_code == 201, chunked.text
    assert whole.status_code == 201, whole.text


def test_a_content_length_over_the_limit_is_refused_unread(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        declared = MAX_BODY_BYTES + 1
        request = f"POST {OPEN} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {declared}"
        sock.sendall(request.encode() + b"\r\n\r\n")  # no body at all: the header alone decides

        status, _, body = _response(sock)

    assert status == 413
    assert json.loads(body)["detail"] == f"request body over {MAX_BODY_BYTES} bytes"
