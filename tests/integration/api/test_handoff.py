"""End to end: the AI answers what it can, hands the rest to the right person with what it learned, and takes
conversations back."""

import pytest

from .conftest import ESCALATE, SIMPLE, Api


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "2 to 4 working days"), ("fr", "2 à 4 jours ouvrés")], ids=["en", "fr"]
)
def test_the_ai_answers_a_simple_question(api: Api, language: str, expected: str) -> None:
    api.add_agent("alice", languages=("fr", "en"), status="available")
    chat = api.open(language)

    posted = api.say(chat, SIMPLE[language])

    assert posted["status"] == "bot"
    assert [r["author"] for r in posted["replies"]] == ["ai"]
    assert expected in posted["replies"][0]["text"]
    assert api.thread(chat)["status"] == "bot"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_complex_request_goes_to_an_agent_with_the_skill_and_language(api: Api, language: str) -> None:
    other_language = "fr" if language == "en" else "en"
    api.add_agent("wrongskill", skills=("telecom",), languages=("fr", "en"), status="available")
    api.add_agent("wronglang", languages=(other_language,), status="available")
    right = api.add_agent("right", languages=(language,), capacity=2, status="available")
    chat = api.open(language)

    posted = api.escalate(chat, language)

    assert posted["status"] == "assigned"
    assert posted["replies"][0]["author"] == "ai"
    assert posted["replies"][-1]["author"] == "system"
    (item,) = api.mine(right)
    assert item["id"] == chat.id
    assert item["language"] == language
    packet = item["handoff"]
    assert set(packet["reasons"]) >= {"asked_for_human"}
    assert "payment_charged_twice" in packet["intents"]
    assert packet["language"] == language
    assert ESCALATE[language] in packet["summary"]
    thread = api.thread(chat)
    assert thread["status"] == "assigned"
    joined = {"en": "Right has joined the conversation.", "fr": "Right a rejoint la conversation."}[language]
    assert thread["messages"][-1] == {**thread["messages"][-1], "author": "system", "text": joined}


def test_a_request_waits_in_the_queue_until_a_skilled_agent_is_free(api: Api) -> None:
    token = api.add_agent("alice")  # offline
    chat = api.open()

    posted = api.escalate(chat)

    assert posted["status"] == "queued"
    # Nobody of the team is at work: no estimate is promised, and the request is kept.
    assert "No adviser is available right now" in posted["replies"][-1]["text"]
    assert "Your request is kept" in posted["replies"][-1]["text"]
    assert api.queue(token)[0]["id"] == chat.id
    assert "asked_for_human" in api.queue(token)[0]["reasons"]
    assert api.mine(token) == []

    api.set_status(token, "available")

    assert [c["id"] for c in api.mine(token)] == [chat.id]
    assert api.thread(chat)["status"] == "assigned"
    assert api.queue(token) == []


def test_the_agent_talks_then_hands_back_to_the_ai(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open()
    api.escalate(chat)
    # While a person has it, the customer's messages go to them: the AI does not answer.
    waiting = api.say(chat, "Are you there?")
    assert waiting == {**waiting, "replies": [], "status": "assigned"}

    sent = api.reply(token, chat, "Hello Jane, I am refunding the second charge now.")

    assert sent["message"]["author"] == "agent"
    assert sent["replies"] == []
    seen = api.thread(chat)["messages"]
    assert seen[-1] == sent["message"]
    assert seen[-1]["text"] == "Hello Jane, I am refunding the second charge now."
    assert seen[-2]["text"] == "Are you there?"

    assert api.act(token, chat, "handback") == {"status": "bot"}

    thread = api.thread(chat)
    assert thread["status"] == "bot"
    assert thread["messages"][-1]["text"] == "You are chatting with the AI assistant again."
    assert api.mine(token) == []
    answered = api.say(chat, SIMPLE["en"])
    assert answered["status"] == "bot"
    assert [r["author"] for r in answered["replies"]] == ["ai"]


def test_a_transfer_puts_the_conversation_back_in_the_queue_for_the_new_team(api: Api) -> None:
    english = api.add_agent("alice", languages=("en",), status="available")
    chat = api.open()
    api.escalate(chat)
    assert [c["id"] for c in api.mine(english)] == [chat.id]

    moved = api.act(english, chat, "transfer", {"domain": "ecommerce", "language": "fr"})

    assert moved == {"status": "queued"}
    assert api.mine(english) == []  # she does not speak French: it waits for someone who does
    (queued,) = api.queue(english)
    assert queued["id"] == chat.id
    assert queued["language"] == "fr"
    assert api.thread(chat)["status"] == "queued"

    french = api.add_agent("bruno", languages=("fr",), status="available")

    (item,) = api.mine(french)
    assert item["id"] == chat.id
    assert "asked_for_human" in item["handoff"]["reasons"]  # the packet travels with it
    assert api.thread(chat)["messages"][-1]["text"] == "Bruno a rejoint la conversation."


def test_an_order_lookup_reaches_the_agent_as_facts(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open()

    asked = api.say(chat, "Where is my order 100234?")
    assert asked["status"] == "bot"
    assert "email" in asked["replies"][0]["text"]
    found = api.say(chat, "jane.doe@example.com")
    assert found["status"] == "bot"
    assert "1Z999AA10123456784" in found["replies"][0]["text"]
    escalated = api.say(chat, "I want to talk to a human please")

    assert escalated["status"] == "assigned"
    (item,) = api.mine(token)
    packet = item["handoff"]
    (fact,) = packet["facts"]
    assert fact["source"] == "order_status"
    assert fact["fields"] == {
        **fact["fields"],
        "order_id": "100234",
        "status": "shipped",
        "carrier": "UPS",
        "tracking_number": "1Z999AA10123456784",
        "email": "jane.doe@example.com",
    }
    assert {"kind": "order_id", "value": "100234", "text": "100234"} in packet["entities"]
    assert "order_status" in packet["intents"]
    assert any("1Z999AA10123456784" in tried for tried in packet["ai_tried"])
