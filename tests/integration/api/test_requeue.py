"""Agents step away: their conversations go back to the queue, never lost, and the next free person gets them."""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tandem.dialogue.assistants import Assistants

from .conftest import Api, Chat, bearer, eventually, next_event, running_api
from .sockets import live_socket

GRACE = 0.3


def _escalated(api: Api, count: int) -> list[Chat]:
    chats = [api.open(name=f"Customer {n}") for n in range(count)]
    for chat in chats:
        api.escalate(chat)
    return chats


def _ids(items: list[dict[str, object]]) -> set[object]:
    return {item["id"] for item in items}


def test_capacity_holds_and_a_break_hands_the_work_to_a_colleague(api: Api) -> None:
    api.clock.start()  # 08:00: the occupancy cap lets a fresh agent fill every seat at the top of an hour
    supervisor = api.supervisor()
    solo = api.add_agent("solo", capacity=1)
    wide = api.add_agent("wide", capacity=3)
    chats = _escalated(api, 2)
    assert _ids(api.queue(supervisor)) == {c.id for c in chats}

    api.set_status(solo, "available")

    (taken,) = api.mine(solo)  # capacity 1: one, not both
    (left,) = api.queue(supervisor)
    assert {taken["id"], left["id"]} == {c.id for c in chats}
    assert api.client.get("/api/v1/agents/me", headers={"Authorization": f"Bearer {solo}"}).json()["active"] == 1

    api.set_status(wide, "available")
    assert _ids(api.mine(wide)) == {left["id"]}
    assert api.queue(supervisor) == []

    on_break = api.set_status(solo, "break")

    assert on_break["status"] == "break"
    assert on_break["active"] == 0
    assert api.mine(solo) == []
    assert _ids(api.mine(wide)) == {c.id for c in chats}
    requeued = next(c for c in chats if c.id == taken["id"])
    texts = [m["text"] for m in api.thread(requeued)["messages"]]
    assert "Your adviser had to step away. Another colleague will take over, with the whole conversation." in texts
    assert texts[-1] == "Wide has joined the conversation."
    assert api.thread(requeued)["status"] == "assigned"


def test_going_offline_puts_everything_back_in_the_queue(api: Api) -> None:
    api.clock.start()  # 08:00: the occupancy cap lets a fresh agent fill every seat at the top of an hour
    supervisor = api.supervisor()
    leaving = api.add_agent("leaving", status="available")
    chats = _escalated(api, 3)
    assert _ids(api.mine(leaving)) == {c.id for c in chats}

    api.set_status(leaving, "offline")

    assert api.mine(leaving) == []
    assert _ids(api.queue(supervisor)) == {c.id for c in chats}
    for chat in chats:
        thread = api.thread(chat)
        assert thread["status"] == "queued"
        assert thread["queue"]["position"] >= 1
        assert thread["messages"][-1]["author"] == "system"
    summary = api.client.get("/api/v1/metrics/summary", headers={"Authorization": f"Bearer {supervisor}"}).json()
    assert summary["queue_length"] == 3

    small = api.add_agent("small", capacity=2, status="available")

    taken = _ids(api.mine(small))
    waiting = _ids(api.queue(supervisor))
    assert len(taken) == 2
    assert taken | waiting == {c.id for c in chats}  # every conversation is somewhere
    assert not taken & waiting
    # The packet survives the round trip.
    assert all("asked_for_human" in item["handoff"]["reasons"] for item in api.mine(small))


def test_coming_back_from_a_break_takes_work_again(api: Api) -> None:
    agent = api.add_agent("alice", status="break")
    (chat,) = _escalated(api, 1)
    assert api.mine(agent) == []
    assert api.thread(chat)["status"] == "queued"

    api.set_status(agent, "available")

    assert _ids(api.mine(agent)) == {chat.id}


@pytest.fixture
def quick_presence(fresh_database_url: str, tmp_path: Path, assistants: Assistants) -> Iterator[Api]:
    """An app that sets an agent offline 0.3 s after their last workspace socket closed."""
    with running_api(fresh_database_url, tmp_path / "data", assistants, presence_grace_seconds=GRACE) as api:
        yield api


def test_an_agent_who_leaves_the_workspace_goes_offline_and_their_work_waits_again(quick_presence: Api) -> None:
    api = quick_presence
    supervisor = api.supervisor()
    token = api.add_agent("alice", status="available")
    chat = api.open()
    with live_socket(api.client, token) as ws:
        api.escalate(chat)
        next_event(ws, lambda e: e["type"] == "assigned")

    eventually(lambda: api.thread(chat)["status"] == "queued")

    assert api.client.get("/api/v1/agents/me", headers=bearer(token)).json()["status"] == "offline"
    assert _ids(api.queue(supervisor)) == {chat.id}
    assert api.mine(token) == []


def test_a_reconnect_within_the_grace_period_keeps_the_agent_at_work(quick_presence: Api) -> None:
    api = quick_presence
    token = api.add_agent("alice", status="available")
    chat = api.open()
    api.escalate(chat)
    with live_socket(api.client, token):
        pass
    with live_socket(api.client, token) as ws:  # a page reload
        time.sleep(GRACE * 3)
        api.reply(token, chat, "still here")
        next_event(ws, lambda e: e["type"] == "message" and e["message"]["text"] == "still here")

    assert api.client.get("/api/v1/agents/me", headers=bearer(token)).json()["status"] == "available"
    assert _ids(api.mine(token)) == {chat.id}
