"""After a failed identity check the packet withholds the record: the agent sees that it was not verified."""

import pytest

from tandem.connectors.demo import DemoConnector
from tandem.conversations.handoff import build_packet
from tandem.dialogue.assistant import Assistant
from tandem.domain.conversations import Author, Conversation, Customer, Message
from tandem.domain.dialogue import AiState
from tandem.domain.handoff import HandoffPacket
from tandem.domain.meta import load_meta
from tandem.models.pack_models import packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.triage.service import TriageService

from .test_handoff import NOW

SECRETS_OF_100234 = ("jane.doe@example.com", "75011", "1Z999AA10123456784")


def packet_after(state: AiState, *said: str) -> HandoffPacket:
    conversation = Conversation("c1", "ecommerce", "en", Customer("Ana"), NOW)
    messages = [Message(i + 1, "c1", Author.CUSTOMER, text, NOW, meta=load_meta({})) for i, text in enumerate(said)]
    return build_packet(conversation, messages, state, ["verification_failed"], priority=1)


def test_a_withheld_record_is_marked_not_verified_and_shows_no_field() -> None:
    state = AiState(facts=(("order_status", ()), ("track_parcel", (("status", "shipped"),))))
    facts = packet_after(state, "where is order 100234").as_json()["facts"]
    assert facts == [
        {"source": "order_status", "fields": {}, "verified": False},
        {"source": "track_parcel", "fields": {"status": "shipped"}, "verified": True},
    ]
    again = HandoffPacket.from_json(packet_after(state).as_json())
    assert [f.verified for f in again.facts] == [False, True]
    assert HandoffPacket.from_json({"facts": [{"source": "s", "fields": {"a": "b"}}]}).facts[0].verified  # old rows


@pytest.mark.slow
def test_two_wrong_emails_leave_nothing_of_the_order_in_the_packet(ecommerce_model: IntentModel) -> None:
    pack = packs_for("ecommerce")[0]
    assistant = Assistant(pack, TriageService(ecommerce_model, [pack]), DemoConnector())
    said = ("where is my order 100234?", "wrong@example.com", "other@example.com")
    state = AiState()
    for text in said:
        state = assistant.respond(state, text).state
    assert state.escalated
    packet = packet_after(state, *said)
    text = str(packet.as_json())
    assert not any(secret in text for secret in SECRETS_OF_100234), text
    assert [(f.source, f.verified) for f in packet.facts] == [("order_status", False)]


@pytest.mark.slow
def test_a_verified_customer_hands_over_with_the_record(ecommerce_model: IntentModel) -> None:
    pack = packs_for("ecommerce")[0]
    assistant = Assistant(pack, TriageService(ecommerce_model, [pack]), DemoConnector())
    state = AiState()
    for text in ("where is my order 100234?", "jane.doe@example.com"):
        state = assistant.respond(state, text).state
    (fact,) = packet_after(state).facts
    assert fact.verified and dict(fact.fields)["postcode"] == "75011"
