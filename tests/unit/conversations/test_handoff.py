from datetime import UTC, datetime

from tandem.conversations.handoff import build_packet
from tandem.domain.conversations import Author, Conversation, Customer, Message
from tandem.domain.dialogue import AiState
from tandem.domain.meta import load_meta

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ORDER = {"kind": "order_id", "value": "100234", "text": "100234"}


def message(ident: int, author: Author, text: str, **meta: object) -> Message:
    return Message(ident, "c1", author, text, NOW, meta=load_meta(dict(meta)))


def conversation(language: str) -> Conversation:
    return Conversation("c1", "ecommerce", language, Customer("Zoé"), NOW)


def test_the_packet_tells_the_story_without_the_customer_repeating_it() -> None:
    messages = [
        message(
            1, Author.CUSTOMER, "où est ma commande 100234 ?", intent="order_status", sentiment=0.0, entities=[ORDER]
        ),
        message(2, Author.AI, "Votre commande 100234 est en route.\nLivraison prévue demain."),
        message(
            3,
            Author.CUSTOMER,
            "toujours rien, commande 100234, c'est inadmissible",
            intent="order_status",
            sentiment=-0.7,
            entities=[ORDER],
        ),
        message(4, Author.CUSTOMER, "blah", intent="out_of_scope", sentiment=-0.2),
    ]
    state = AiState(language="fr", facts=(("track_order", (("status", "shipped"), ("carrier", "UPS"))),))
    packet = build_packet(
        conversation("fr"), messages, state, ["frustration", "repeated_failure"], priority=3
    ).as_json()
    assert packet["reasons"] == ["frustration", "repeated_failure"]
    assert packet["intents"] == ["order_status"]  # once, and never the out-of-scope class
    assert packet["entities"] == [ORDER]  # mentioned twice, listed once
    assert packet["sentiment_trail"] == [0.0, -0.7, -0.2]
    assert packet["ai_tried"] == ["Votre commande 100234 est en route. Livraison prévue demain."]
    assert packet["facts"] == [
        {"source": "track_order", "fields": {"status": "shipped", "carrier": "UPS"}, "verified": True}
    ]
    assert packet["priority"] == 3
    assert packet["language"] == "fr"
    assert packet["question"] == "blah"  # the message the AI handed over on: the agent's lesson starts there
    summary = packet["summary"]
    assert summary.startswith("Zoé demande : order status.")
    assert "frustration, repeated failure" in summary and "100234" in summary and "« blah »" in summary


def test_the_summary_is_short_and_in_the_conversation_language() -> None:
    long_text = "My parcel " + "really " * 100 + "never came"
    messages = [message(1, Author.CUSTOMER, long_text, sentiment=-0.3)]
    packet = build_packet(
        conversation("en"), messages, AiState(language="en"), ["low_confidence"], priority=0
    ).as_json()
    assert packet["summary"].startswith("Zoé asked about: a question the AI could not place.")
    assert len(packet["summary"]) < 400
    assert packet["intents"] == [] and packet["entities"] == [] and packet["facts"] == []
