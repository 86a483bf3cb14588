"""Volt & Gaz's connector server: a small stand-in for the supplier's customer system.

It answers the operations of connectors.yaml for the flows of this pack (standard library only):

    python examples/packs/energy/connector_server.py --port 8765 --key SECRET

    POST /        {"operation": "get_contract", "params": {"contract_id": "en 2048 1736"}}
                  with "Authorization: Bearer SECRET"
                  200 a flat JSON object of the operation's fields, every value as text
                  400 a body that is not that JSON, or a missing param
                  401 no key or the wrong key
                  404 {"error": "not found"}: no such contract
                  422 an unknown operation
    GET /health   200 {"ok": true}

The key may also be given in the environment as VOLT_CONNECTOR_KEY, which keeps it out of the process list.
--port 0 picks a free port. The first line on stdout is always "listening on http://HOST:PORT/".

Contracts live in memory and are back to their first state at every start. Contract numbers are EN + 8 digits;
the server accepts them as customers type them (en 2048 1736, EN-20481736) and answers the normalised number.
A reading is recorded unless it is lower than the last reading held (result "implausible"). Each request is
logged on stderr as one line: method, path, operation and status, never the params, the body or the key.
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import re
import sys
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_BODY = 64 * 1024

# operation -> (params, fields), as declared in connectors.yaml
OPERATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "get_contract": (
        ("contract_id",),
        (
            *("contract_id", "email", "holder_name", "postcode", "energy", "tariff", "balance", "balance_status"),
            *("currency", "monthly_payment", "next_bill_date"),
        ),
    ),
    "submit_meter_reading": (
        ("contract_id", "reading"),
        ("contract_id", "reading", "meter", "unit", "previous_reading", "result", "next_bill_date"),
    ),
}

# The fictional contracts: next_bill_in is in days from today; last_reading in kWh (electricity, and the
# electricity meter of a dual contract) or m3 (gas).
CONTRACTS = """
contract_id|holder_name|email|postcode|energy|tariff|balance|balance_status|monthly_payment|next_bill_in|last_reading
EN20481736|Claire Dubois|claire.dubois@example.org|69003|electricity|essentiel|42.18|due|78.00|12|45210
EN31415926|Tom Baker|tom.baker@example.com|75011|dual|fixe|23.40|in_credit|134.00|5|12877
EN27182818|Léa Martin|lea.martin@example.net|33000|gas|verte|0.00|settled|61.00|20|8412
EN16180339|Hugo Petit|hugo.petit@example.com|59000|electricity|verte|112.60|due|95.00|27|31008
"""

_CONTRACT_ID = re.compile(r"EN\d{8}")


def _contracts(today: date) -> dict[str, dict[str, Any]]:
    header, *lines = CONTRACTS.strip().splitlines()
    contracts: dict[str, dict[str, Any]] = {}
    for line in lines:
        contract: dict[str, Any] = dict(zip(header.split("|"), line.split("|"), strict=True))
        contract["currency"] = "EUR"
        contract["next_bill_date"] = (today + timedelta(days=int(contract.pop("next_bill_in")))).isoformat()
        contract["last_reading"] = int(contract["last_reading"])
        contracts[contract["contract_id"]] = contract
    return contracts


def normalise_contract_id(value: str) -> str:
    """'en 2048-1736' -> 'EN20481736': upper case, spaces and dashes dropped."""
    return re.sub(r"[\s\-]", "", value).upper()


def normalise_reading(value: str) -> int | None:
    """'45 210 kWh' -> 45210; None when there are no digits or too many for a meter."""
    digits = re.sub(r"\D", "", re.sub(r"(?i)\s*(kwh|m3|m³)\s*$", "", value))
    if not digits or len(digits) > 7:
        return None
    return int(digits)


class Store:
    """The contracts and their readings, shared by the request threads."""

    def __init__(self, today: date) -> None:
        self._lock = threading.Lock()
        self._contracts = _contracts(today)

    def call(self, operation: str, params: dict[str, str]) -> dict[str, str] | None:
        """The operation's result fields, or None for an unknown contract."""
        cid = normalise_contract_id(params["contract_id"])
        with self._lock:
            contract = self._contracts.get(cid) if _CONTRACT_ID.fullmatch(cid) else None
            if contract is None:
                return None
            if operation == "get_contract":
                return {name: str(contract[name]) for name in OPERATIONS["get_contract"][1]}
            return self._submit_reading(contract, params["reading"])

    @staticmethod
    def _submit_reading(contract: dict[str, Any], raw: str) -> dict[str, str]:
        # A dual contract's reading taken here is the electricity one (gas readings go through the website).
        gas = contract["energy"] == "gas"
        previous = contract["last_reading"]
        reading = normalise_reading(raw)
        plausible = reading is not None and reading >= previous
        if plausible:
            contract["last_reading"] = reading
        return {
            "contract_id": contract["contract_id"],
            "reading": str(reading) if reading is not None else "",
            "meter": "gas" if gas else "electricity",
            "unit": "m3" if gas else "kWh",
            "previous_reading": str(previous),
            "result": "recorded" if plausible else "implausible",
            "next_bill_date": contract["next_bill_date"],
        }


class Handler(BaseHTTPRequestHandler):
    server_version = "VoltGazConnector/1.0"
    store: Store
    key: bytes

    def do_GET(self) -> None:
        if self.path == "/health":
            self._answer(200, {"ok": True})
        else:
            self._answer(404, {"error": "not found"})

    def do_POST(self) -> None:
        self._operation = "-"
        if self.path != "/":
            self._answer(404, {"error": "not found"})
            return
        if not self._authorised():
            self._answer(401, {"error": "unauthorized"}, {"WWW-Authenticate": "Bearer"})
            return
        body = self._read_body()
        if body is None:
            return
        try:
            request = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            self._answer(400, {"error": "the body is not JSON"})
            return
        if (
            not isinstance(request, dict)
            or not isinstance(request.get("operation"), str)
            or not isinstance(request.get("params", {}), dict)
        ):
            self._answer(400, {"error": 'expected {"operation": "...", "params": {...}}'})
            return
        operation, params = request["operation"], request.get("params", {})
        if operation not in OPERATIONS:
            self._answer(422, {"error": "unknown operation"})
            return
        self._operation = operation
        names = OPERATIONS[operation][0]
        missing = [n for n in names if not isinstance(params.get(n), (str, int, float)) or str(params[n]) == ""]
        if missing:
            self._answer(400, {"error": "missing params: " + ", ".join(missing)})
            return
        result = self.store.call(operation, {n: str(params[n]) for n in names})
        if result is None:
            self._answer(404, {"error": "not found"})
        else:
            self._answer(200, result)

    def _authorised(self) -> bool:
        given = self.headers.get("Authorization", "").encode("latin-1", "replace")
        return hmac.compare_digest(given, b"Bearer " + self.key)

    def _read_body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._answer(411, {"error": "Content-Length required"})
            return None
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._answer(413, {"error": "body too large"})
            return None
        return self.rfile.read(length)

    def _answer(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        operation = getattr(self, "_operation", "-") if self.command == "POST" else "-"
        path = self.path.split("?", 1)[0][:40]
        sys.stderr.write(f"{datetime.now():%Y-%m-%d %H:%M:%S} {self.command} {path} {operation} {status}\n")
        sys.stderr.flush()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced: _answer logs one line per request, without params or headers."""

    def log_error(self, format: str, *args: Any) -> None:
        # Malformed requests and timeouts: the request line may hold anything, so only the status is logged.
        status = args[0] if args and isinstance(args[0], int) else "-"
        sys.stderr.write(f"{datetime.now():%Y-%m-%d %H:%M:%S} error {status}\n")
        sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Volt & Gaz's connector server (demo data, in memory).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on; 0 picks a free one (default: 8765)")
    parser.add_argument(
        "--key",
        default=os.environ.get("VOLT_CONNECTOR_KEY"),
        help="the API key callers send as 'Authorization: Bearer <key>' (default: $VOLT_CONNECTOR_KEY)",
    )
    args = parser.parse_args(argv)
    if not args.key:
        parser.error("an API key is required: --key KEY or VOLT_CONNECTOR_KEY")

    handler = type("BoundHandler", (Handler,), {"store": Store(date.today()), "key": args.key.encode("utf-8")})
    server = ThreadingHTTPServer((args.host, args.port), handler)
    port = server.server_address[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"listening on http://{shown}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
