"""The HTTP connector against a real HTTP server on 127.0.0.1 (stdlib, in a thread)."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tandem.connectors import Connector, HttpConnector
from tandem.domain.errors import ConnectorError, NotFound
from tandem.domain.packs import Operation, OperationKind

API_KEY = "sk-test-very-secret"


class _Endpoint(BaseHTTPRequestHandler):
    """Answers by path; records every request it gets on the server."""

    server: "_Server"

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
        if self.path == "/slow":
            self.server.release.wait(5)
        status, payload = {
            "/ok": (200, json.dumps({"order_id": body["params"].get("order_id"), "status": "shipped"})),
            "/slow": (200, "{}"),
            "/missing": (404, json.dumps({"error": "no order 100234 for jane.doe@example.com"})),
            "/broken": (500, "Traceback: database password=hunter2"),
            "/denied": (401, "{}"),
            "/html": (200, "<html>maintenance</html>"),
            "/list": (200, "[1, 2, 3]"),
            "/nested": (200, json.dumps({"order_id": ["100234"]})),
        }.get(self.path, (400, "{}"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload.encode())))
            self.end_headers()
            self.wfile.write(payload.encode())
        except OSError:
            pass  # the client gave up (timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    requests: list[dict[str, Any]]
    release: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-answer is part of the timeout test


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    srv = _Server(("127.0.0.1", 0), _Endpoint)
    srv.requests, srv.release = [], threading.Event()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def _url(server: _Server, path: str) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}{path}"


@pytest.fixture
def connector_for(server: _Server) -> Iterator[Any]:
    made: list[HttpConnector] = []

    def make(path: str, **kwargs: Any) -> HttpConnector:
        connector = HttpConnector(_url(server, path), api_key=API_KEY, **kwargs)
        made.append(connector)
        return connector

    yield make
    for connector in made:
        connector.close()


def test_posts_operation_and_params_with_the_key_as_bearer(server: _Server, connector_for: Any) -> None:
    connector = connector_for("/ok")
    assert isinstance(connector, Connector)
    assert connector.call("get_order", {"order_id": "100234"}) == {"order_id": "100234", "status": "shipped"}
    request = server.requests[-1]
    assert request["body"] == {"operation": "get_order", "params": {"order_id": "100234"}}
    assert request["auth"] == f"Bearer {API_KEY}"


def test_no_key_no_authorization_header(server: _Server) -> None:
    with HttpConnector(_url(server, "/ok")) as connector:
        connector.call("get_order", {"order_id": "100234"})
    assert server.requests[-1]["auth"] is None


def test_404_is_not_found_without_the_response_body(connector_for: Any) -> None:
    with pytest.raises(NotFound) as caught:
        connector_for("/missing").call("get_order", {"order_id": "100234"})
    assert "jane.doe" not in str(caught.value)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/broken", "answered HTTP 500"),
        ("/denied", "refused the API key (HTTP 401)"),
        ("/unknown", "answered HTTP 400"),
        ("/html", "did not answer JSON"),
        ("/list", "not an object"),
    ],
)
def test_failures_are_connector_errors_without_secrets(connector_for: Any, path: str, message: str) -> None:
    with pytest.raises(ConnectorError) as caught:
        connector_for(path).call("get_order", {"order_id": "100234"})
    text = str(caught.value)
    assert message in text and text.startswith("get_order: ")
    assert API_KEY not in text and "hunter2" not in text and "100234" not in text
    assert caught.value.__cause__ is None


def test_timeout(server: _Server, connector_for: Any) -> None:
    with pytest.raises(ConnectorError, match=r"did not answer within 0\.2 s"):
        connector_for("/slow", timeout=0.2).call("get_order", {"order_id": "100234"})
    server.release.set()


def test_connection_refused() -> None:
    # A port that was just free: bind, note it, close it.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = probe.server_address[1]
    probe.server_close()
    url = f"http://user:{API_KEY}@127.0.0.1:{port}/api?token={API_KEY}"
    with HttpConnector(url) as connector, pytest.raises(ConnectorError) as caught:
        connector.call("get_bill", {"phone": "+33612345678"})
    text = str(caught.value)
    assert f"cannot reach http://127.0.0.1:{port}/api" in text
    assert API_KEY not in text and "user" not in text and "+33612345678" not in text


def test_a_given_client_is_used_and_left_open(server: _Server) -> None:
    with httpx.Client() as client:
        connector = HttpConnector(_url(server, "/ok"), client=client)
        connector.call("get_order", {"order_id": "100999"})
        connector.close()
        assert not client.is_closed
    assert server.requests[-1]["body"]["params"] == {"order_id": "100999"}


def _declared(kind: OperationKind) -> dict[str, Operation]:
    return {"get_order": Operation("get_order", kind, ("order_id",), ("order_id", "status", "eta"), ("eta",))}


def test_a_read_that_timed_out_is_tried_once_more(server: _Server, connector_for: Any) -> None:
    server.release.clear()
    before = len(server.requests)
    with pytest.raises(ConnectorError, match=r"did not answer within 0\.2 s"):
        connector_for("/slow", timeout=0.2, operations=_declared(OperationKind.READ)).call(
            "get_order", {"order_id": "100234"}
        )
    assert len(server.requests) - before == 2
    server.release.set()


def test_a_change_is_never_sent_twice(server: _Server, connector_for: Any) -> None:
    server.release.clear()
    before = len(server.requests)
    with pytest.raises(ConnectorError, match="did not answer"):
        connector_for("/slow", timeout=0.2, operations=_declared(OperationKind.CHANGE)).call(
            "get_order", {"order_id": "100234"}
        )
    assert len(server.requests) - before == 1
    server.release.set()


def test_the_answer_is_reduced_to_the_declared_fields_as_text(connector_for: Any) -> None:
    connector = connector_for("/ok", operations=_declared(OperationKind.READ))
    # "status" kept, "eta" missing -> empty; nothing undeclared would be kept either.
    assert connector.call("get_order", {"order_id": "100234"}) == {"order_id": "100234", "status": "shipped", "eta": ""}


def test_an_undeclared_operation_is_never_sent(server: _Server, connector_for: Any) -> None:
    before = len(server.requests)
    with pytest.raises(ConnectorError, match=r"not an operation of this pack's connectors\.yaml"):
        connector_for("/ok", operations=_declared(OperationKind.READ)).call("cancel_order", {"order_id": "1"})
    assert len(server.requests) == before


def test_a_list_where_text_is_declared_is_a_connector_error(connector_for: Any) -> None:
    operations = {"get_order": Operation("get_order", OperationKind.READ, ("order_id",), ("order_id",))}
    with pytest.raises(ConnectorError, match="list or object for field 'order_id'"):
        connector_for("/nested", operations=operations).call("get_order", {"order_id": "100234"})
