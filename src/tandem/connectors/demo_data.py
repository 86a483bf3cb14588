"""The demo dataset: deterministic orders, parcels and telecom accounts, plus a few fixed documented ones.

Every value is text (flat JSON). Dates are ISO strings relative to a reference date given by the caller (no
clock reads here): the served demo uses the day it starts, tests a fixed day, so the same seed gives the same
data on every machine.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tandem.connectors.identifiers import s10_check_digit, ups_check_digit

REFERENCE_DATE = date(2025, 3, 14)

Record = dict[str, str]

_FIRST = ("jane", "marc", "camille", "lucas", "emma", "louis", "chloe", "hugo", "olivia", "noah", "sophie")
_LAST = ("doe", "dupont", "martin", "bernard", "smith", "jones", "moreau", "petit", "taylor", "brown", "roux")
_DOMAINS = ("example.com", "example.org", "example.net")
_FR_PLACES = (
    ("Paris", "75011"),
    ("Lyon", "69003"),
    ("Marseille", "13008"),
    ("Lille", "59000"),
    ("Nantes", "44000"),
)
_GB_PLACES = (("London", "SW1A 1AA"), ("Manchester", "M1 1AE"), ("Leeds", "LS1 4DY"), ("Bristol", "BS1 4ST"))
_HUBS = (
    "Paris Nord hub",
    "Lyon Saint-Priest hub",
    "Roissy CDG hub",
    "Bordeaux Mérignac hub",
    "East Midlands hub",
)
# What the demo shop page sells (web/locales, shop.ecommerce.products), at its prices: orders agree with the page.
_ITEMS = (("Merino wool jumper", 69.00), ("Linen bed set", 129.00), ("Canvas trainers", 59.00))
_FR_PLANS = (
    ("Forfait 20 Go", 20, "9.99"),
    ("Forfait 100 Go", 100, "19.99"),
    ("Forfait 200 Go 5G", 200, "29.99"),
)
_GB_PLANS = (("SIM only 30GB", 30, "12.00"), ("SIM only 100GB", 100, "20.00"))
# Digits after +336 / +447 that libphonenumber accepts as mobile numbers (+3369x, +44770... are not).
_FR_MOBILE_DIGIT = "01245678"
_GB_MOBILE_PREFIXES = ("90", "92", "94", "95", "96", "97", "98", "80", "81", "84", "85", "86", "87")


# order id, email, status, carrier, tracking number, eta (days from the reference date), postcode, currency
_FIXED_ORDERS = (
    ("100234", "jane.doe@example.com", "shipped", "UPS", "1Z999AA10123456784", 2, "75011", "EUR"),
    ("100345", "marc.dupont@example.org", "delivered", "Colissimo", "6A12345678901", -3, "75011", "EUR"),
    ("100456", "sam.taylor@example.net", "processing", "", "", 4, "SW1A 1AA", "GBP"),
    ("100567", "lea.martin@example.org", "cancelled", "", "", None, "69003", "EUR"),
)
# tracking number, carrier, status, location, eta (days from the reference date), email, postcode
_FIXED_PARCELS = (
    ("1Z999AA10123456784", "UPS", "in_transit", "Roissy CDG hub", 2, "jane.doe@example.com", "75011"),
    ("6A12345678901", "Colissimo", "delivered", "75011", -3, "marc.dupont@example.org", "75011"),
    ("RR123456785FR", "La Poste", "at_pickup_point", "Lyon", 0, "paul.bernard@example.org", "69003"),
)


@dataclass(frozen=True, slots=True)
class DemoData:
    orders: dict[str, Record]  # by order id
    parcels: dict[str, Record]  # by tracking number
    accounts: dict[str, Record]  # by E.164 phone number


def generate(seed: int, size: int, reference_date: date = REFERENCE_DATE) -> DemoData:
    """`size` random orders, `size // 2` extra parcels and `size // 2` accounts, plus the fixed records."""
    rng = random.Random(seed)
    orders, parcels, accounts = _fixed(reference_date)
    drawn = rng.sample(range(100000, 200000), min(size + len(orders), 100000))
    for order_id in sorted(n for n in drawn if str(n) not in orders)[:size]:
        order = _order(rng, str(order_id), reference_date, set(parcels))
        orders[order["order_id"]] = order
        if order["tracking_number"]:
            parcels[order["tracking_number"]] = _parcel_for(rng, order)
    for _ in range(size // 2):
        carrier, place, email = _carrier(rng, rng.random() < 0.6), rng.choice(_FR_PLACES), _email(rng)
        number = _tracking_number(rng, carrier, set(parcels))
        status = rng.choice(("label_created", "in_transit", "out_for_delivery", "at_pickup_point", "exception"))
        parcels[number] = _parcel(number, carrier, status, rng.choice(_HUBS), _day(reference_date, 2), email, place[1])
    for _ in range(size // 2):
        account = _account(rng, reference_date)
        accounts.setdefault(account["phone"], account)
    return DemoData(orders, parcels, accounts)


def _order(rng: random.Random, order_id: str, ref: date, taken: set[str]) -> Record:
    french = rng.random() < 0.6
    place = rng.choice(_FR_PLACES if french else _GB_PLACES)
    status = rng.choices(("processing", "shipped", "delivered", "cancelled"), weights=(2, 4, 3, 1))[0]
    chosen = rng.sample(_ITEMS, rng.randint(1, 3))
    counts = [rng.randint(1, 2) for _ in chosen]
    total = sum(price * count for (_, price), count in zip(chosen, counts, strict=True))
    eta = {"processing": rng.randint(3, 6), "shipped": rng.randint(1, 3), "delivered": -rng.randint(1, 10)}
    carrier = _carrier(rng, french) if status in ("shipped", "delivered") else ""
    refund = (
        "refunded" if status == "cancelled" else "pending" if status == "delivered" and rng.random() < 0.15 else "none"
    )
    return {
        "order_id": order_id,
        "email": _email(rng),
        "status": status,
        "carrier": carrier,
        "tracking_number": _tracking_number(rng, carrier, taken) if carrier else "",
        "eta": _day(ref, eta[status]) if status in eta else "",
        "total": f"{total:.2f}",
        "currency": "EUR" if french else "GBP",
        "items": ", ".join(f"{count} × {name}" for (name, _), count in zip(chosen, counts, strict=True)),
        "postcode": place[1],
        "refund_status": refund,
        "amount": f"{total:.2f}" if refund != "none" else "0.00",
        "refund_date": _day(ref, -rng.randint(1, 5)) if refund == "refunded" else "",
    }


def _parcel_for(rng: random.Random, order: Record) -> Record:
    status = "delivered" if order["status"] == "delivered" else rng.choice(("in_transit", "out_for_delivery"))
    location = order["postcode"] if status == "delivered" else rng.choice(_HUBS)
    return _parcel(
        order["tracking_number"],
        order["carrier"],
        status,
        location,
        order["eta"],
        order["email"],
        order["postcode"],
    )


def _parcel(number: str, carrier: str, status: str, location: str, eta: str, email: str, postcode: str) -> Record:
    return {
        "tracking_number": number,
        "carrier": carrier,
        "status": status,
        "location": location,
        "eta": eta,
        "email": email,
        "postcode": postcode,
    }


def _account(rng: random.Random, ref: date) -> Record:
    french = rng.random() < 0.6
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    if french:
        phone = "+336" + rng.choice(_FR_MOBILE_DIGIT) + "".join(rng.choices("0123456789", k=7))
    else:
        phone = "+447" + rng.choice(_GB_MOBILE_PREFIXES) + "".join(rng.choices("0123456789", k=7))
    plan, plan_gb, price = rng.choice(_FR_PLANS if french else _GB_PLANS)
    return _account_record(
        phone,
        f"{first.title()} {last.title()}",
        f"{first}.{last}{rng.randint(1, 99)}@{rng.choice(_DOMAINS)}",
        (plan, plan_gb, price),
        round(rng.uniform(0, plan_gb), 1),
        ref,
        roaming=rng.random() < 0.5,
        sim_active=rng.random() < 0.9,
        due_in=rng.randint(3, 20),
    )


def _account_record(
    phone: str,
    name: str,
    email: str,
    plan: tuple[str, int, str],
    used_gb: float,
    ref: date,
    roaming: bool,
    sim_active: bool,
    due_in: int,
) -> Record:
    french = phone.startswith("+33")
    last_month = ref.replace(day=1) - timedelta(days=1)
    next_month = (ref.replace(day=28) + timedelta(days=4)).replace(day=1)
    return {
        "phone": phone,
        "email": email,
        "plan": plan[0],
        "customer_name": name,
        "amount": plan[2],
        "currency": "EUR" if french else "GBP",
        "due_date": _day(ref, due_in),
        "period": last_month.strftime("%Y-%m"),
        "used_gb": f"{used_gb:.1f}",
        "plan_gb": str(plan[1]),
        "remaining_gb": f"{plan[1] - used_gb:.1f}",
        "reset_date": next_month.isoformat(),
        "roaming": "enabled" if roaming else "disabled",
        "zone": "EU" if french else "Europe",
        "price_per_gb": "0.00" if french else "2.00",
        "sim_active": "yes" if sim_active else "no",
    }


def _fixed(ref: date) -> tuple[dict[str, Record], dict[str, Record], dict[str, Record]]:
    """The documented records (docs, CLI hints and tests rely on them)."""
    orders: dict[str, Record] = {}
    for oid, email, status, carrier, number, eta, postcode, currency in _FIXED_ORDERS:
        refunded = status == "cancelled"
        orders[oid] = {
            "order_id": oid,
            "email": email,
            "status": status,
            "carrier": carrier,
            "tracking_number": number,
            "eta": _day(ref, eta) if eta is not None else "",
            "total": "59.00",
            "currency": currency,
            "items": "1 × Canvas trainers",
            "postcode": postcode,
            "refund_status": "refunded" if refunded else "none",
            "amount": "59.00" if refunded else "0.00",
            "refund_date": _day(ref, -2) if refunded else "",
        }
    parcels = {
        number: _parcel(number, carrier, status, location, _day(ref, eta), email, postcode)
        for number, carrier, status, location, eta, email, postcode in _FIXED_PARCELS
    }
    accounts = {
        "+33612345678": _account_record(
            "+33612345678",
            "Camille Martin",
            "camille.martin@example.org",
            _FR_PLANS[1],
            42.5,
            ref,
            True,
            True,
            10,
        ),
        "+447911123456": _account_record(
            "+447911123456",
            "George Smith",
            "george.smith@example.com",
            _GB_PLANS[0],
            12.0,
            ref,
            False,
            False,
            7,
        ),
    }
    return orders, parcels, accounts


def _carrier(rng: random.Random, french: bool) -> str:
    return rng.choice(("UPS", "Colissimo", "La Poste")) if french else "UPS"


def _tracking_number(rng: random.Random, carrier: str, taken: set[str]) -> str:
    while True:
        if carrier == "UPS":
            body = "".join(rng.choices("ABCDEFGHJKLMNPRSTVWXY0123456789", k=6)) + rng.choice(("01", "02", "03"))
            body += "".join(rng.choices("0123456789", k=7))
            number = "1Z" + body + ups_check_digit(body)
        elif carrier == "La Poste":
            serial = "".join(rng.choices("0123456789", k=8))
            number = rng.choice(("RR", "CP", "LA")) + serial + s10_check_digit(serial) + "FR"
        else:
            number = rng.choice(("6A", "8R", "6C")) + "".join(rng.choices("0123456789", k=11))
        if number not in taken:
            taken.add(number)
            return number


def _email(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)}.{rng.choice(_LAST)}{rng.randint(1, 99)}@{rng.choice(_DOMAINS)}"


def _day(ref: date, offset: int) -> str:
    return (ref + timedelta(days=offset)).isoformat()
