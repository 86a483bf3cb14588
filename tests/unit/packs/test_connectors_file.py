"""connectors.yaml: the operations a pack declares, and the flows checked against them."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tandem.connectors.choice import Endpoint, check_served, connector_for, demo_lacks
from tandem.connectors.demo import DemoConnector
from tandem.connectors.http import HttpConnector
from tandem.connectors.operations import OPERATION_FIELDS, OPERATION_PARAMS, OPERATION_VALUES
from tandem.domain.errors import InvalidInput
from tandem.domain.packs import OperationKind
from tandem.packs.catalog import find_pack
from tandem.packs.loader import builtin_pack_names, load_pack

Editor = Callable[[Callable[[dict[str, Any]], None]], Path]


def _fails(edited_pack: Editor, edit: Callable[[dict[str, Any]], None], key: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_pack(edited_pack(edit))
    assert key in str(caught.value) and problem in str(caught.value)


@pytest.mark.parametrize("name", builtin_pack_names())
def test_built_in_packs_declare_exactly_what_the_demo_connector_answers(name: str) -> None:
    pack = find_pack(name)
    assert pack.operations, "every built-in pack has flows"
    assert demo_lacks(pack) == []
    for operation in pack.operations.values():
        assert operation.params == OPERATION_PARAMS[operation.name]
        assert operation.values == OPERATION_VALUES.get(operation.name, {})
        assert set(operation.personal) <= set(OPERATION_FIELDS[operation.name])


def test_declarations_are_read(shop_pack: Any) -> None:
    get_order = shop_pack.operations["get_order"]
    assert get_order.kind == OperationKind.READ and get_order.params == ("order_id",)
    assert "email" in get_order.personal and get_order.values["status"][0] == "processing"
    assert shop_pack.operations["change_delivery_address"].kind == OperationKind.CHANGE


def test_a_flow_calling_an_undeclared_operation_is_refused(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        del files["connectors.yaml"]["operations"]["track_parcel"]

    _fails(edited_pack, edit, "flows.track_parcel.action", "declare it in connectors.yaml")


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        ({"kind": "write"}, "operations.get_order.kind", "'write' is not one of read, change"),
        ({"fields": None}, "operations.get_order.fields", "missing"),
        ({"personal": ["iban"]}, "operations.get_order.personal[0]", "'iban' is not one of its fields"),
        ({"values": {"colour": ["red"]}}, "operations.get_order.values.colour", "not one of its fields"),
        ({"params": ["order id"]}, "operations.get_order.params[0]", "write it like order_id"),
        ({"retries": 3}, "operations.get_order", "unknown key 'retries'"),
    ],
)
def test_a_bad_declaration_names_the_file_and_the_key(
    edited_pack: Editor, change: dict[str, Any], key: str, problem: str
) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["connectors.yaml"]["operations"]["get_order"].update(change)
        if change.get("fields", "") is None:
            del files["connectors.yaml"]["operations"]["get_order"]["fields"]

    with pytest.raises(InvalidInput) as caught:
        load_pack(edited_pack(edit))
    assert str(caught.value).endswith(f"connectors.yaml: {key}: {problem}") or (
        "connectors.yaml: " + key in str(caught.value) and problem in str(caught.value)
    )


def test_personal_data_in_a_reply_needs_an_identity_check(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["reply"]["en"] = "Parcel for {email} is {status_label}."

    _fails(edited_pack, edit, "flows.track_parcel.reply.en", "shows personal data {email} without an identity check")


def test_personal_data_may_be_shown_once_identity_is_checked(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["order_status"]["reply"]["en"] = "Order {order_id} goes to {postcode}."

    assert "{postcode}" in load_pack(edited_pack(edit)).flows["order_status"].reply["en"]


def test_a_pack_only_the_demo_lacks_is_refused_without_an_endpoint(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["connectors.yaml"]["operations"]["track_parcel"]["fields"].append("signed_by")

    pack = load_pack(edited_pack(edit))
    assert demo_lacks(pack) == ["track_parcel"]
    with pytest.raises(InvalidInput, match="set TANDEM_CONNECTORS__SHOP__URL"):
        check_served(pack, None)
    connector = connector_for(pack, Endpoint("http://127.0.0.1:9/"), DemoConnector(size=1))
    assert isinstance(connector, HttpConnector) and connector.operations == pack.operations
    connector.close()
