"""A connector answering every operation of docs/packs.md from the generated demo dataset.

The dataset never changes: operations with an effect (cancel, change address, reschedule) report what would
happen, so a demo or a test gives the same answer however often it is run.
"""

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from tandem.connectors.demo_data import REFERENCE_DATE, DemoData, Record, generate
from tandem.connectors.operations import OPERATION_FIELDS, OPERATION_PARAMS
from tandem.domain.errors import ConnectorError, NotFound

_PICKUP_POINTS = (
    ("Relais Tabac de la Gare", "12 rue de la Gare", "Mon-Sat 8:00-19:30"),
    ("Carrefour City", "48 avenue Jean Jaurès", "Mon-Sun 7:00-22:00"),
    ("Post Office Counter", "3 High Street", "Mon-Fri 9:00-17:30, Sat 9:00-12:30"),
)


class DemoConnector:
    """Deterministic demo business system. Documented records: see `sample()` and docs/packs.md."""

    def __init__(self, seed: int = 7, size: int = 200, reference_date: date = REFERENCE_DATE) -> None:
        self.reference_date = reference_date
        self.data: DemoData = generate(seed, size, reference_date)
        self._operations: dict[str, Callable[[Mapping[str, str]], Record]] = {
            "get_order": self._order,
            "change_delivery_address": self._change_address,
            "start_return": self._start_return,
            "cancel_order": self._cancel,
            "refund_status": self._order,
            "track_parcel": self._parcel,
            "reschedule_delivery": self._reschedule,
            "pickup_point": self._pickup_point,
            "get_account": self._account,
            "get_bill": self._account,
            "data_balance": self._account,
            "roaming_status": self._account,
            "activate_sim": self._activate_sim,
            "password_reset": self._password_reset,
        }

    def call(self, operation: str, params: Mapping[str, str]) -> dict[str, Any]:
        """Answer one operation: `NotFound` for an unknown record, `ConnectorError` for a bad call."""
        if operation not in self._operations:
            raise ConnectorError(f"demo connector: unknown operation {operation!r}")
        missing = [name for name in OPERATION_PARAMS[operation] if not str(params.get(name, "")).strip()]
        if missing:
            raise ConnectorError(f"demo connector: {operation} needs {', '.join(missing)}")
        record = self._operations[operation](params)
        return {name: record.get(name, "") for name in OPERATION_FIELDS[operation]}

    def sample(self, n: int = 3) -> dict[str, list[dict[str, str]]]:
        """A few records per kind to try, the fixed documented ones first: what a customer would type."""
        orders = [
            {"order_id": o["order_id"], "email": o["email"], "status": o["status"]}
            for o in list(self.data.orders.values())[:n]
        ]
        parcels = [
            {"tracking_number": p["tracking_number"], "carrier": p["carrier"], "status": p["status"]}
            for p in list(self.data.parcels.values())[:n]
        ]
        accounts = [
            {"phone": a["phone"], "email": a["email"], "customer_name": a["customer_name"]}
            for a in list(self.data.accounts.values())[:n]
        ]
        return {"orders": orders, "parcels": parcels, "accounts": accounts}

    def _order(self, params: Mapping[str, str]) -> Record:
        order_id = str(params["order_id"]).strip().lstrip("#")
        if order_id not in self.data.orders:
            raise NotFound(f"no order {order_id}")
        return self.data.orders[order_id]

    def _parcel(self, params: Mapping[str, str]) -> Record:
        number = "".join(str(params["tracking_number"]).split()).upper()
        if number not in self.data.parcels:
            raise NotFound("no parcel with that tracking number")
        return self.data.parcels[number]

    def _account(self, params: Mapping[str, str]) -> Record:
        phone = _e164(str(params["phone"]))
        if phone not in self.data.accounts:
            raise NotFound("no account for that phone number")
        return self.data.accounts[phone]

    def _change_address(self, params: Mapping[str, str]) -> Record:
        order = self._order(params)
        result = "updated" if order["status"] == "processing" else "too_late"
        return order | {"address": str(params["address"]).strip(), "result": result}

    def _start_return(self, params: Mapping[str, str]) -> Record:
        order = self._order(params)
        received = date.fromisoformat(order["eta"]) if order["eta"] else self.reference_date
        return_id = f"R{order['order_id']}"
        return order | {
            "return_id": return_id,
            "deadline": (received + timedelta(days=30)).isoformat(),
            "label_url": f"https://returns.example.com/labels/{return_id}.pdf",
        }

    def _cancel(self, params: Mapping[str, str]) -> Record:
        order = self._order(params)
        return order | {"result": "cancelled" if order["status"] in ("processing", "cancelled") else "too_late"}

    def _reschedule(self, params: Mapping[str, str]) -> Record:
        parcel = self._parcel(params)
        try:
            wanted = date.fromisoformat(str(params["date"]).strip())
        except ValueError:
            raise ConnectorError("demo connector: reschedule_delivery needs an ISO date (YYYY-MM-DD)") from None
        movable = parcel["status"] in ("label_created", "in_transit", "at_pickup_point")
        result = "rescheduled" if movable and wanted > self.reference_date else "too_late"
        return parcel | {"date": wanted.isoformat(), "result": result}

    def _pickup_point(self, params: Mapping[str, str]) -> Record:
        parcel = self._parcel(params)
        # The same parcel always maps to the same point: no randomness at call time.
        name, street, hours = _PICKUP_POINTS[sum(map(ord, parcel["tracking_number"])) % len(_PICKUP_POINTS)]
        address = f"{street}, {parcel['postcode']}"
        return parcel | {"point_name": name, "point_address": address, "opening_hours": hours}

    def _activate_sim(self, params: Mapping[str, str]) -> Record:
        account = self._account(params)
        return account | {"result": "already_active" if account["sim_active"] == "yes" else "activated"}

    def _password_reset(self, params: Mapping[str, str]) -> Record:
        email = str(params["email"]).strip().lower()
        records = [*self.data.accounts.values(), *self.data.orders.values()]
        if not any(record["email"] == email for record in records):
            raise NotFound("no customer with that email")
        return {"email": email, "result": "sent"}


def _e164(phone: str) -> str:
    """Accept the usual ways of typing a French or British mobile number."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("00"):
        return "+" + digits[2:]
    if len(digits) == 10 and digits.startswith("0"):
        return "+33" + digits[1:]
    if len(digits) == 11 and digits.startswith("07"):
        return "+44" + digits[1:]
    return digits
