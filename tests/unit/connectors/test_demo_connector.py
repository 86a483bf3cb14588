import re
from datetime import date

import phonenumbers
import pytest

from tandem.connectors import Connector, DemoConnector
from tandem.connectors.demo_data import REFERENCE_DATE
from tandem.connectors.identifiers import is_valid_s10, is_valid_ups, s10_check_digit, ups_check_digit
from tandem.connectors.operations import OPERATION_FIELDS, OPERATION_PARAMS, OPERATION_VALUES
from tandem.domain.errors import ConnectorError, NotFound
from tandem.nlu.tracking import s10_valid, ups_valid


@pytest.fixture(scope="module")
def demo() -> DemoConnector:
    return DemoConnector()


def test_check_digits_of_published_examples() -> None:
    assert ups_check_digit("999AA1012345678") == "4"  # 1Z999AA10123456784, UPS's own sample
    assert s10_check_digit("12345678") == "5"  # RR123456785FR, the UPU sample
    assert is_valid_ups("1Z999AA10123456784") and not is_valid_ups("1Z999AA10123456785")
    assert is_valid_s10("RR123456785FR") and not is_valid_s10("RR123456784FR")


def test_it_is_a_connector(demo: DemoConnector) -> None:
    assert isinstance(demo, Connector)


def test_same_seed_same_data_other_seed_other_data() -> None:
    assert DemoConnector(seed=3, size=50).data == DemoConnector(seed=3, size=50).data
    assert DemoConnector(seed=3, size=50).data.orders != DemoConnector(seed=4, size=50).data.orders


def test_dates_follow_the_reference_date() -> None:
    later = DemoConnector(reference_date=date(2030, 1, 10))
    assert later.call("get_order", {"order_id": "100234"})["eta"] == "2030-01-12"
    assert DemoConnector().call("get_order", {"order_id": "100234"})["eta"] == "2025-03-16"
    assert DemoConnector().reference_date == REFERENCE_DATE


def test_documented_records(demo: DemoConnector) -> None:
    order = demo.call("get_order", {"order_id": "100234"})
    assert order["email"] == "jane.doe@example.com"
    assert (order["status"], order["carrier"], order["tracking_number"]) == (
        "shipped",
        "UPS",
        "1Z999AA10123456784",
    )
    assert demo.call("get_order", {"order_id": "100345"})["status"] == "delivered"
    assert demo.call("get_order", {"order_id": "100456"})["status"] == "processing"
    assert demo.call("refund_status", {"order_id": "100567"})["refund_status"] == "refunded"
    assert demo.call("track_parcel", {"tracking_number": "1Z999AA10123456784"})["status"] == "in_transit"
    assert demo.call("track_parcel", {"tracking_number": "RR123456785FR"})["status"] == "at_pickup_point"
    bill = demo.call("get_bill", {"phone": "+33612345678"})
    assert bill == {
        "phone": "+33612345678",
        "amount": "19.99",
        "currency": "EUR",
        "due_date": "2025-03-24",
        "period": "2025-02",
    }
    assert demo.call("get_account", {"phone": "+447911123456"})["customer_name"] == "George Smith"


def test_sample_starts_with_the_documented_records(demo: DemoConnector) -> None:
    sample = demo.sample(2)
    assert sample["orders"][0] == {"order_id": "100234", "email": "jane.doe@example.com", "status": "shipped"}
    assert sample["parcels"][0]["tracking_number"] == "1Z999AA10123456784"
    assert sample["accounts"][0]["phone"] == "+33612345678"
    assert all(len(records) == 2 for records in sample.values())


def test_generated_orders(demo: DemoConnector) -> None:
    orders = demo.data.orders
    assert len(orders) == 200 + 4
    for order_id, order in orders.items():
        assert re.fullmatch(r"1\d{5}", order_id) and order["order_id"] == order_id
        assert re.fullmatch(r"[a-z.]+\d*@example\.(com|org|net)", order["email"])
        assert order["status"] in OPERATION_VALUES["get_order"]["status"]
        assert order["refund_status"] in OPERATION_VALUES["refund_status"]["refund_status"]
        assert bool(order["tracking_number"]) == (order["status"] in ("shipped", "delivered"))
        assert order["tracking_number"] == "" or order["tracking_number"] in demo.data.parcels
        assert re.fullmatch(r"\d+\.\d\d", order["total"])
    assert {o["status"] for o in orders.values()} == set(OPERATION_VALUES["get_order"]["status"])


def test_tracking_numbers_carry_valid_check_digits(demo: DemoConnector) -> None:
    carriers = set()
    for number, parcel in demo.data.parcels.items():
        carriers.add(parcel["carrier"])
        assert parcel["status"] in OPERATION_VALUES["track_parcel"]["status"]
        if parcel["carrier"] == "UPS":
            assert is_valid_ups(number) and ups_valid(number)  # the NLU accepts what the demo generates
        elif parcel["carrier"] == "La Poste":
            assert is_valid_s10(number) and s10_valid(number) and number.endswith("FR")
        else:
            assert re.fullmatch(r"\d[A-Z]\d{11}", number)
    assert carriers == {"UPS", "La Poste", "Colissimo"}


def test_phone_numbers_are_valid_french_and_british_mobiles(demo: DemoConnector) -> None:
    prefixes = set()
    for phone, account in demo.data.accounts.items():
        assert account["phone"] == phone and re.fullmatch(r"\+(336\d{8}|447\d{9})", phone)
        parsed = phonenumbers.parse(phone)
        assert phonenumbers.is_valid_number(parsed)
        assert phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
        prefixes.add(phone[:3])
    assert prefixes == {"+33", "+44"}


@pytest.mark.parametrize(("operation", "params"), [
    ("get_order", {"order_id": "100234"}),
    ("change_delivery_address", {"order_id": "100456", "address": "1 rue de Rivoli, 75001 Paris"}),
    ("start_return", {"order_id": "100345"}),
    ("cancel_order", {"order_id": "100456"}),
    ("refund_status", {"order_id": "100567"}),
    ("track_parcel", {"tracking_number": "1Z999AA10123456784"}),
    ("reschedule_delivery", {"tracking_number": "1Z999AA10123456784", "date": "2025-03-20"}),
    ("pickup_point", {"tracking_number": "RR123456785FR"}),
    ("get_account", {"phone": "+33612345678"}),
    ("get_bill", {"phone": "+33612345678"}),
    ("data_balance", {"phone": "+33612345678"}),
    ("roaming_status", {"phone": "+33612345678"}),
    ("activate_sim", {"phone": "+447911123456"}),
    ("password_reset", {"email": "jane.doe@example.com"}),
])  # fmt: skip
def test_every_operation_answers_exactly_its_fields(
    demo: DemoConnector, operation: str, params: dict[str, str]
) -> None:
    assert set(params) == set(OPERATION_PARAMS[operation])
    result = demo.call(operation, params)
    assert tuple(result) == OPERATION_FIELDS[operation]
    assert all(isinstance(value, str) for value in result.values())
    for field, values in OPERATION_VALUES.get(operation, {}).items():
        assert result[field] in values


def test_operations_with_an_effect_depend_on_the_state(demo: DemoConnector) -> None:
    assert demo.call("cancel_order", {"order_id": "100456"})["result"] == "cancelled"
    assert demo.call("cancel_order", {"order_id": "100234"})["result"] == "too_late"
    address = {"address": "10 Downing St"}
    assert demo.call("change_delivery_address", {"order_id": "100456", **address})["result"] == "updated"
    assert demo.call("change_delivery_address", {"order_id": "100345", **address})["result"] == "too_late"
    parcel = {"tracking_number": "1Z999AA10123456784"}
    assert demo.call("reschedule_delivery", {**parcel, "date": "2025-03-20"})["result"] == "rescheduled"
    assert demo.call("reschedule_delivery", {**parcel, "date": "2025-03-01"})["result"] == "too_late"
    assert demo.call("activate_sim", {"phone": "+447911123456"})["result"] == "activated"
    assert demo.call("activate_sim", {"phone": "+33612345678"})["result"] == "already_active"
    # Nothing was really changed: the demo data is the same on every run.
    assert demo.call("get_order", {"order_id": "100456"})["status"] == "processing"


def test_ids_are_accepted_the_way_customers_type_them(demo: DemoConnector) -> None:
    assert demo.call("get_bill", {"phone": "06 12 34 56 78"})["phone"] == "+33612345678"
    assert demo.call("get_bill", {"phone": "0044 7911 123456"})["phone"] == "+447911123456"
    assert demo.call("track_parcel", {"tracking_number": "1z999aa1 0123456784"})["carrier"] == "UPS"
    assert demo.call("get_order", {"order_id": " #100234 "})["order_id"] == "100234"


@pytest.mark.parametrize(("operation", "params"), [
    ("get_order", {"order_id": "999999"}),
    ("track_parcel", {"tracking_number": "1Z999AA10123456700"}),
    ("get_bill", {"phone": "+33600000000"}),
    ("password_reset", {"email": "nobody@example.com"}),
])  # fmt: skip
def test_unknown_records_are_not_found(demo: DemoConnector, operation: str, params: dict[str, str]) -> None:
    with pytest.raises(NotFound):
        demo.call(operation, params)


def test_bad_calls_are_connector_errors(demo: DemoConnector) -> None:
    with pytest.raises(ConnectorError, match="unknown operation 'launch_rocket'"):
        demo.call("launch_rocket", {})
    with pytest.raises(ConnectorError, match="needs order_id"):
        demo.call("get_order", {})
    with pytest.raises(ConnectorError, match="ISO date"):
        demo.call("reschedule_delivery", {"tracking_number": "1Z999AA10123456784", "date": "next tuesday"})
