"""Live updates over `/api/v1/ws` (the token in the first message): each caller hears what concerns them, and
only that."""

import pytest

from .conftest import Api, events_until, next_event, same_message
from .sockets import auth, close_code, live_socket

POLICY_VIOLATION = 1008


def test_the_customer_hears_the_agent_live_and_nothing_of_other_conversations(api: Api) -> None:
    agent = api.add_agent("alice", status="available")
    chat, other = api.open(), api.open(name="Marc")
    api.escalate(chat)
    api.escalate(other)

    with live_socket(api.client, chat.token) as ws:
        api.reply(agent, other, "For Marc only")
        sent = api.reply(agent, chat, "Hello Jane, I'm on it.")

        event = next_event(ws, lambda e: e["type"] == "message")

    assert event["conversation_id"] == chat.id  # Marc's message never reached Jane's socket
    assert same_message(event, sent["message"])
    assert event["message"]["author"] == "agent"
    assert event["message"]["text"] == "Hello Jane, I'm on it."


def test_the_customer_hears_the_queue_then_the_agent_joining(api: Api) -> None:
    chat = api.open()

    with live_socket(api.client, chat.token) as ws:
        posted = api.escalate(chat)
        waiting = events_until(ws, lambda e: e["type"] == "status" and e["queue"] is not None)
        api.add_agent("alice", status="available")
        taken = events_until(ws, lambda e: e["type"] == "status" and e["status"] == "assigned")

    assert {e["conversation_id"] for e in waiting + taken} == {chat.id}
    said = [e["message"]["text"] for e in waiting if e["type"] == "message"]
    assert said == [posted["message"]["text"], *(r["text"] for r in posted["replies"])]
    assert waiting[-1]["status"] == "queued"
    assert waiting[-1]["queue"] == {"position": 1, "wait_seconds": None}
    joined = [e["message"]["text"] for e in taken if e["type"] == "message"]
    assert joined == ["Alice has joined the conversation."]


def test_an_agent_hears_an_assignment_and_the_customers_next_message(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open()

    with live_socket(api.client, token) as ws:
        api.escalate(chat)
        assigned = next_event(ws, lambda e: e["type"] == "assigned")
        api.say(chat, "My order number is 100234")
        message = next_event(ws, lambda e: e["type"] == "message" and e["message"]["author"] == "customer")

    assert assigned == {"type": "assigned", "conversation_id": chat.id}
    assert message["conversation_id"] == chat.id
    assert message["message"]["text"] == "My order number is 100234"


def test_an_agent_does_not_hear_a_colleagues_assignment(api: Api) -> None:
    api.add_agent("alice", status="available")
    bystander = api.add_agent("bob", skills=("telecom",), status="available")
    mine = api.add_agent("carol", skills=("telecom",))
    chat = api.open()

    with live_socket(api.client, bystander) as ws:
        api.escalate(chat)  # Alice takes it
        # Give the bystander something of their own to hear, to know everything before it was delivered.
        api.set_status(mine, "available")
        agents = next_event(ws, lambda e: e["type"] in ("assigned", "agents"))

    assert agents == {"type": "agents"}


@pytest.mark.parametrize(
    "token", ["", "garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhOjEifQ."], ids=["none", "garbage", "unsigned"]
)
def test_a_bad_token_is_refused(api: Api, token: str) -> None:
    with api.client.websocket_connect("/api/v1/ws") as ws:
        ws.send_json(auth(token))

        assert close_code(ws) == POLICY_VIOLATION
