"""A real server with the log configuration `tandem serve` gives uvicorn: no line carries a token or password,
while the paths stay readable."""

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tandem.api import log_redaction
from tandem.api.app import create_app
from tandem.dialogue.assistants import Assistants
from tandem.settings import Settings
from tandem.store import make_engine

from ..conftest import migrated_database
from .live_server import serving

PASSWORD = "hunter2-correct-horse"


@pytest.fixture
def logging_restored() -> Iterator[None]:
    """uvicorn configures logging for the whole process: put back what the other tests expect."""
    loggers = [logging.getLogger(name) for name in (*log_redaction.LOGGERS, "uvicorn.asgi")]
    saved = [(lg, lg.handlers[:], lg.filters[:], lg.level, lg.propagate, lg.disabled) for lg in loggers]
    last_resort = logging.lastResort.filters[:] if logging.lastResort else []
    yield
    for logger, handlers, filters, level, propagate, disabled in saved:
        logger.handlers[:], logger.filters[:] = handlers, filters
        logger.setLevel(level)
        logger.propagate, logger.disabled = propagate, disabled
    if logging.lastResort:
        logging.lastResort.filters[:] = last_resort


def _websocket_handshake(port: int, path: str) -> None:
    """Only the opening request: what uvicorn logs for a socket is its path, query string included."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request.encode())
        assert sock.recv(4096).startswith(b"HTTP/1.1 ")


def test_no_log_line_carries_a_secret(
    tmp_path: Path, assistants: Assistants, logging_restored: None, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(demo=True, data_dir=tmp_path / "data", domains="ecommerce", learning_retrain=False)
    with migrated_database("sqlite", tmp_path / "db") as url:
        engine = make_engine(url)
        try:
            with serving(create_app(settings, assistants, engine), log_config=log_redaction.log_config()) as port:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                    opened = client.post("/api/v1/conversations", json={"domain": "ecommerce"}).json()
                    chat, token = opened["id"], opened["token"]
                    thread = f"/api/v1/conversations/{chat}/messages"
                    auth = {"Authorization": f"Bearer {token}"}
                    assert client.get(thread, params={"token": token}, headers=auth).status_code == 200
                    assert client.get(thread, params={"access_token": token, "api_key": "k-42"}).status_code == 401
                    login = {"username": "nobody", "password": PASSWORD}
                    assert client.post("/api/v1/auth/login", json=login).status_code == 401
                    _websocket_handshake(port, f"/api/v1/ws?token={token}")
                logging.getLogger("tandem.api.routes").warning("client sent Authorization: Bearer %s", token)
        finally:
            engine.dispose()
    captured = capfd.readouterr()
    logged = captured.out + captured.err

    assert f"GET {thread}?token=[REDACTED]" in logged  # the path is still there to read
    assert "access_token=[REDACTED]&api_key=[REDACTED]" in logged
    assert "/api/v1/ws?token=[REDACTED]" in logged
    assert "Authorization: Bearer [REDACTED]" in logged
    for secret in (token, token.split(".")[2], PASSWORD, "k-42"):
        assert secret not in logged
