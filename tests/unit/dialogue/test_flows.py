from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.connectors import DemoConnector
from tandem.dialogue.flows import EscalationReason, FlowStep, StepKind, advance
from tandem.domain.dialogue import FlowState
from tandem.domain.errors import ConnectorError, InvalidInput
from tandem.domain.packs import Pack
from tandem.domain.understanding import Entity, EntityKind, Understanding
from tandem.packs.loader import load_pack

from ..conftest import COMMON

DEMO = DemoConnector(size=20)
JANE = "jane.doe@example.com"  # order 100234: shipped with UPS, tracking 1Z999AA10123456784
SAM = "sam.taylor@example.net"  # order 100456: processing
SECRETS_OF_100234 = (
    "on its way",
    "en route",
    "UPS",
    "1Z999AA10123456784",
    "2025-03-16",
    "16 March",
    "16 mars",
    JANE,
    "75011",
)


def said(text: str, language: str = "en", **entities: str) -> Understanding:
    """What the NLU would make of `text`, with the given entities (kind=value)."""
    found = tuple(Entity(EntityKind(kind), value, value, 0, len(value)) for kind, value in entities.items())
    return Understanding(text=text, language=language, intent=None, confidence=1.0, entities=found)


@dataclass
class Spy:
    """Passes calls on to the demo connector and remembers them; can fail one operation."""

    fail: str = ""
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def call(self, operation: str, params: Mapping[str, str]) -> dict[str, Any]:
        self.calls.append((operation, dict(params)))
        if operation == self.fail:
            raise ConnectorError(f"{operation}: cannot reach http://orders.internal (ConnectError)")
        return DEMO.call(operation, params)


class Talk:
    """A conversation with one flow of the fixture pack."""

    def __init__(self, pack: Pack, flow_id: str, connector: Any = DEMO, language: str = "en") -> None:
        self.pack, self.flow, self.connector, self.language = pack, pack.flows[flow_id], connector, language
        self.state = FlowState(flow_id)
        self.steps: list[FlowStep] = []

    def say(self, text: str, **entities: str) -> FlowStep:
        step = advance(
            self.flow,
            self.state,
            said(text, self.language, **entities),
            self.connector,
            self.language,
            self.pack,
        )
        self.state = step.state
        self.steps.append(step)
        return step


def test_order_status_step_by_step(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "order_status")
    step = talk.say("where is my order")
    assert (step.kind, step.state.asked) == (StepKind.ASK, "order_id")
    assert step.text == "What is your order number? (6 digits, e.g. 100234)"
    step = talk.say("100234", order_id="100234")
    assert (step.kind, step.state.asked) == (StepKind.ASK, "email")
    assert step.text == "To protect your privacy, what email address did you use for order 100234?"
    step = talk.say(JANE, email=JANE)
    assert step.kind == StepKind.REPLY and step.done
    assert step.text == (
        "Your order 100234 is on its way. Carrier: UPS, tracking number 1Z999AA10123456784, expected on 16 March 2025."
    )
    assert step.result["status"] == "shipped" and step.state.verified


def test_everything_given_up_front_answers_at_once_in_french(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "order_status", language="fr")
    # The comparison ignores case and surrounding spaces.
    step = talk.say("commande 100234, JANE.DOE@example.com", order_id="100234", email="  JANE.DOE@Example.com ")
    assert step.kind == StepKind.REPLY
    assert step.text.startswith("Votre commande 100234 est en route. Transporteur : UPS")


def test_a_slot_given_up_front_is_never_asked_again(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "order_status")
    talk.say("where is order 100234?", order_id="100234")
    talk.say("hmm which email", order_id="100234")
    talk.say("wrong@example.com", email="wrong@example.com")
    talk.say(JANE, email=JANE)
    assert talk.steps[-1].kind == StepKind.REPLY
    assert all(step.state.asked != "order_id" for step in talk.steps)
    assert all("order number" not in step.text for step in talk.steps)


def test_the_lookup_runs_once(shop_pack: Pack) -> None:
    spy = Spy()
    talk = Talk(shop_pack, "order_status", spy)
    talk.say("order 100234", order_id="100234")
    talk.say("no idea")
    talk.say(JANE, email=JANE)
    assert spy.calls == [("get_order", {"order_id": "100234"})]  # the lookup's result answers too


def test_wrong_email_twice_escalates_without_revealing_the_record(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "order_status")
    talk.say("order 100234", order_id="100234")
    step = talk.say("bob@example.com", email="bob@example.com")
    assert step.kind == StepKind.VERIFICATION_FAILED and not step.done
    assert step.text == "That email does not match order 100234. Please try again."
    assert (step.state.attempts, step.state.asked) == (1, "email")
    step = talk.say("alice@example.com", email="alice@example.com")
    assert step.kind == StepKind.ESCALATE and step.done
    assert step.reason == EscalationReason.VERIFICATION_FAILED
    assert not step.state.verified
    for earlier in talk.steps:
        assert not any(secret in earlier.text for secret in SECRETS_OF_100234)


def test_wrong_then_right_email_answers(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "order_status")
    talk.say("order 100234", order_id="100234")
    talk.say("bob@example.com", email="bob@example.com")
    assert talk.say(JANE, email=JANE).kind == StepKind.REPLY


def test_connector_down_escalates(shop_pack: Pack) -> None:
    step = Talk(shop_pack, "order_status", Spy(fail="get_order")).say("order 100234", order_id="100234")
    assert step.kind == StepKind.ESCALATE and step.reason == EscalationReason.CONNECTOR_FAILURE
    assert step.text == ""


def test_connector_down_at_the_action_escalates(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "change_address", Spy(fail="change_delivery_address"))
    talk.say("order 100456", order_id="100456", email=SAM)
    step = talk.say("12 rue de Rivoli, 75001 Paris")
    assert step.kind == StepKind.ESCALATE and step.reason == EscalationReason.CONNECTOR_FAILURE


def test_unknown_order_then_a_good_one(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "order_status")
    step = talk.say("order 199999", order_id="199999")
    assert step.kind == StepKind.NOT_FOUND and not step.done
    assert step.text == "I can't find an order 199999."
    assert "order_id" not in step.state.slots and step.state.asked == "order_id"
    step = talk.say("sorry, 100234", order_id="100234")
    assert (step.kind, step.state.asked) == (StepKind.ASK, "email")


def test_text_slot_takes_the_whole_answer_only_when_asked(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "change_address")
    step = talk.say("please change my delivery address for order 100456", order_id="100456")
    assert step.state.asked == "email" and "address" not in step.state.slots
    step = talk.say(SAM, email=SAM)
    assert (step.kind, step.text) == (StepKind.ASK, "What is the new delivery address?")
    # An order-like number inside the address corrects nothing.
    step = talk.say("  Flat 100234, 1 rue de Rivoli, 75001 Paris ", order_id="100234")
    assert step.kind == StepKind.REPLY
    assert step.text == (
        "Order 100456 (being prepared): address updated. New address: Flat 100234, 1 rue de Rivoli, 75001 Paris."
    )


def test_a_new_order_number_before_verification_switches_records(shop_pack: Pack) -> None:
    spy = Spy()
    talk = Talk(shop_pack, "order_status", spy)
    talk.say("order 100234", order_id="100234")
    step = talk.say("oops, it is 100456", order_id="100456")
    assert (step.kind, step.state.asked, step.state.record["order_id"]) == (StepKind.ASK, "email", "100456")
    assert talk.say(SAM, email=SAM).result["order_id"] == "100456"
    assert [params["order_id"] for _, params in spy.calls] == ["100234", "100456"]


def test_a_new_order_number_after_verification_must_be_verified_again(shop_pack: Pack) -> None:
    record = DEMO.call("get_order", {"order_id": "100456"})
    state = FlowState("change_address", {"order_id": "100456", "email": SAM}, verified=True, record=record)
    flow = shop_pack.flows["change_address"]
    step = advance(flow, state, said("and order 100234?", order_id="100234"), DEMO, "en", shop_pack)
    assert (step.kind, step.state.asked, step.state.verified) == (StepKind.ASK, "email", False)
    assert not any(secret in step.text for secret in SECRETS_OF_100234)


def test_a_new_order_number_with_its_own_email_is_checked_against_the_new_record(shop_pack: Pack) -> None:
    record = DEMO.call("get_order", {"order_id": "100456"})
    state = FlowState("change_address", {"order_id": "100456", "email": SAM}, verified=True, record=record)
    flow = shop_pack.flows["change_address"]
    step = advance(flow, state, said("order 100234", order_id="100234", email=JANE), DEMO, "en", shop_pack)
    assert (step.kind, step.state.asked, step.state.verified) == (StepKind.ASK, "address", True)
    assert step.state.slots == {"order_id": "100234", "email": JANE}


def test_flow_without_verification(shop_pack: Pack) -> None:
    talk = Talk(shop_pack, "track_parcel")
    step = talk.say("where is 1Z999AA10123456784", tracking_number="1Z999AA10123456784")
    assert step.text == "Parcel 1Z999AA10123456784 (UPS) is in transit, last seen in Roissy CDG hub."
    step = Talk(shop_pack, "track_parcel").say("track 1Z999AA10123456700", tracking_number="1Z999AA10123456700")
    assert (step.kind, step.text) == (StepKind.NOT_FOUND, "No parcel 1Z999AA10123456700.")


class _Partial:
    """A connector whose records lack fields the reply uses."""

    def call(self, operation: str, params: Mapping[str, str]) -> dict[str, Any]:
        return {"tracking_number": params["tracking_number"], "status": "teleported"}


def test_a_missing_field_leaves_a_placeholder_and_logs_no_value(
    shop_pack: Pack, caplog: pytest.LogCaptureFixture
) -> None:
    step = Talk(shop_pack, "track_parcel", _Partial()).say("track 6A12345678901", tracking_number="6A12345678901")
    assert step.kind == StepKind.REPLY
    # An unlabelled value shows as itself; absent fields stay visible.
    assert step.text == "Parcel 6A12345678901 ({carrier}) is teleported, last seen in {location}."
    assert "carrier, location" in caplog.text and "6A12345678901" not in caplog.text


def test_state_of_another_flow_is_refused(shop_pack: Pack) -> None:
    with pytest.raises(InvalidInput, match="state of flow 'track_parcel'"):
        advance(shop_pack.flows["order_status"], FlowState("track_parcel"), said("hi"), DEMO, "en", shop_pack)


_MESSAGES = st.sampled_from(
    [
        ("where is my order", {}),
        ("100234", {"order_id": "100234"}),
        ("199999", {"order_id": "199999"}),
        ("bob@example.com", {"email": "bob@example.com"}),
        ("order 100234 bob@example.com", {"order_id": "100234", "email": "bob@example.com"}),
        ("I don't know", {}),
        ("100345", {"order_id": "100345"}),
    ]
)


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(_MESSAGES, min_size=1, max_size=8))
def test_the_record_is_never_revealed_to_someone_who_cannot_verify(shop_pack: Pack, messages: list[Any]) -> None:
    talk = Talk(shop_pack, "order_status")
    for text, entities in messages:
        step = talk.say(text, **entities)
        assert step.kind != StepKind.REPLY
        assert not any(secret in step.text for secret in SECRETS_OF_100234)
        assert "delivered" not in step.text and "Colissimo" not in step.text  # order 100345
        if step.done:
            break


def _with_pattern_slot(pattern: str) -> Callable[[dict[str, Any]], None]:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["slots"][0] = {
            "name": "tracking_number",
            "pattern": pattern,
            "prompt": {"en": "Your parcel number? (1Z and 16 characters)", "fr": "Votre numéro de colis ?"},
        }

    return edit


def test_a_slot_of_the_pack_s_own_pattern_takes_its_first_group(edited_pack: Any) -> None:
    pack = load_pack(edited_pack(_with_pattern_slot(r"\bparcel\s*(?:no\.?|number)?\s*(1Z\w{16})\b")), COMMON)
    talk = Talk(pack, "track_parcel")
    # No entity was found by the NLU: the pack's own pattern finds the value in the text.
    assert talk.say("hi, where is my parcel?").kind == StepKind.ASK
    step = talk.say("Parcel number 1Z999AA10123456784 thanks")
    assert step.text == "Parcel 1Z999AA10123456784 (UPS) is in transit, last seen in Roissy CDG hub."


@pytest.mark.parametrize(
    ("pattern", "problem"), [("(1Z", "not a regular expression"), (r"\d*", "matches an empty text")]
)
def test_a_bad_slot_pattern_is_refused(edited_pack: Any, pattern: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=rf"flows\.track_parcel\.slots\[0\]\.pattern: {problem}"):
        load_pack(edited_pack(_with_pattern_slot(pattern)))
