"""Two workers on one database: with Redis, a customer connected to one hears an agent working on the other."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tandem.dialogue.assistants import Assistants

from .conftest import Api, next_event, running_api, same_message
from .sockets import live_socket

REDIS_URL = "redis://127.0.0.1:6379/0"

pytestmark = pytest.mark.redis


@pytest.fixture
def workers(fresh_database_url: str, tmp_path: Path, assistants: Assistants) -> Iterator[tuple[Api, Api]]:
    with (
        running_api(fresh_database_url, tmp_path / "a", assistants, redis_url=REDIS_URL) as a,
        running_api(fresh_database_url, tmp_path / "b", assistants, redis_url=REDIS_URL) as b,
    ):
        yield a, b


def test_a_customer_on_one_worker_hears_an_agent_on_another(workers: tuple[Api, Api]) -> None:
    a, b = workers
    agent = b.add_agent("alice", status="available")
    chat = a.open()

    with live_socket(a.client, chat.token) as ws:
        a.escalate(chat)
        sent = b.reply(agent, chat, "Hello from worker B")

        event = next_event(ws, lambda e: e["type"] == "message" and e["message"]["author"] == "agent")

    assert event["conversation_id"] == chat.id
    assert same_message(event, sent["message"])
    assert event["message"]["text"] == "Hello from worker B"


def test_an_agent_on_one_worker_hears_a_customer_on_another(workers: tuple[Api, Api]) -> None:
    a, b = workers
    agent = a.add_agent("alice", status="available")
    chat = b.open()

    with live_socket(a.client, agent) as ws:
        b.escalate(chat)  # worker B assigns it: the event reaches worker A only through Redis
        # Agent ids repeat across databases sharing this Redis: wait for this conversation's assignment.
        assigned = next_event(ws, lambda e: e["type"] == "assigned" and e["conversation_id"] == chat.id)
        b.say(chat, "Still there?")
        message = next_event(ws, lambda e: e.get("message", {}).get("text") == "Still there?")

    assert assigned == {"type": "assigned", "conversation_id": chat.id}
    assert message["conversation_id"] == chat.id
    assert message["message"]["author"] == "customer"
