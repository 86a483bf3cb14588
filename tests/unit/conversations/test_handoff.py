from datetime import UTC, datetime

from tandem.conversations.handoff import build_packet
from tandem.domain.conversations import Author, Conversation, Customer, Message
from tandem.domain.dialogue import AiState
from tandem.domain.handoff import HandoffPacket
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
    # A French conversation's summary is French through and through: the intent by its pack label, the reasons.
    summary = packet["summary"]
    assert summary.startswith("Zoé a demandé : statut de commande. Transmis parce que : frustration, échecs répétés.")
    assert "100234" in summary and "« blah »" in summary
    # The agent's page shows the intent in its own language: the packet carries the pack's labels.
    assert packet["intent_labels"] == {"order_status": {"en": "Order status", "fr": "Statut de commande"}}


def test_the_summary_is_short_and_in_the_conversation_language() -> None:
    long_text = "My parcel " + "really " * 100 + "never came"
    messages = [message(1, Author.CUSTOMER, long_text, sentiment=-0.3)]
    packet = build_packet(
        conversation("en"), messages, AiState(language="en"), ["low_confidence"], priority=0
    ).as_json()
    assert packet["summary"].startswith("Zoé asked about: a question the AI could not place.")
    assert len(packet["summary"]) < 400
    assert packet["intents"] == [] and packet["entities"] == [] and packet["facts"] == []


def test_an_english_summary_names_intents_and_reasons_in_english_and_an_unlabelled_intent_by_its_name() -> None:
    messages = [
        message(1, Author.CUSTOMER, "how much is delivery", intent="delivery_times_and_costs", sentiment=0.0),
        message(2, Author.CUSTOMER, "do you price match", intent="price_match", sentiment=0.0),  # learned: no label
    ]
    packet = build_packet(
        conversation("en"), messages, AiState(language="en"), ["asked_for_human", "unverified_intent"], priority=0
    )
    assert packet.summary.startswith(
        "Zoé asked about: delivery times and costs, price match. "
        "Handed over because: asked for a person, intent being checked by people."
    )
    data = packet.as_json()
    assert data["intent_labels"] == {
        "delivery_times_and_costs": {"en": "Delivery times and costs", "fr": "Délais et frais de livraison"}
    }
    assert HandoffPacket.from_json(data) == packet


def test_a_reason_tandem_has_no_words_for_is_shown_readable() -> None:
    messages = [message(1, Author.CUSTOMER, "hmm", sentiment=0.0)]
    packet = build_packet(conversation("fr"), messages, AiState(language="fr"), ["new_reason"], priority=0)
    assert "Transmis parce que : new reason." in packet.summary
    assert "intent_labels" not in packet.as_json()  # no intent, no labels: the packet keeps its older shape
