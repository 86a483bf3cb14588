"""A fake OpenAI-compatible server on 127.0.0.1 (stdlib, in a thread) whose answers each test scripts.

It answers `POST /v1/chat/completions` by what the system prompt asks for (an answer, a handoff summary, a
suggested reply) and records every request: the tests read what left Tandem (no personal data) and how (key).
"""

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

API_KEY = "sk-llm-test-0123456789-secret"
# What each use's system prompt says (bot/llm_assist.py), to tell the requests apart.
PURPOSES = {
    "answer": "Answer the customer's question",
    "summary": "handoff notes",
    "suggestion": "help a customer-service agent",
}


@dataclass(frozen=True)
class Script:
    """How the server answers one kind of request: a chat answer `content`, or a raw `body`; after `delay` s."""

    content: str | None = "NO_ANSWER"
    status: int = 200
    body: bytes | None = None
    delay: float = 0.0

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body
        choice = {"index": 0, "message": {"role": "assistant", "content": self.content}, "finish_reason": "stop"}
        return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "choices": [choice]}).encode()


class _Handler(BaseHTTPRequestHandler):
    server: "FakeLlm"

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        script = self.server.script_for(body) if self.path == "/v1/chat/completions" else Script(status=404)
        if script.delay:
            self.server.release.wait(script.delay)
        payload = script.payload()
        try:
            self.send_response(script.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up (timeout tests)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class FakeLlm(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()
        self.scripts: dict[str, Script] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def on(self, purpose: str, script: Script) -> None:
        self.scripts[PURPOSES[purpose]] = script

    def script_for(self, body: dict[str, Any]) -> Script:
        system = next((m["content"] for m in body.get("messages", []) if m.get("role") == "system"), "")
        return next((s for marker, s in self.scripts.items() if marker in system), Script())

    def sent_text(self) -> str:
        """Everything Tandem sent, as one string."""
        return json.dumps([r["body"] for r in self.requests], ensure_ascii=False)

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-answer is part of the timeout tests


@pytest.fixture
def fake_llm() -> Iterator[FakeLlm]:
    server = FakeLlm()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def down_url() -> str:
    """An address where nothing listens (a port just freed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"
