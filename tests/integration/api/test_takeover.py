"""Hostile conversations kept for supervisors: the alert list, the one-click take-over, and the polite end of one
nobody takes in time (issue 13, point 2)."""

from typing import Any

from sqlalchemy import select

from tandem.domain.conversations import Role
from tandem.store.tables import ConversationRow

from .conftest import Api, Chat, bearer, events_until, eventually, next_event
from .sockets import live_socket

WAITING = "/api/v1/supervisor/waiting"
STOPS = "As the messages are still insulting, I can't carry on with this conversation myself."
CLOSED = "No supervisor could take this conversation up in time, so it has been closed because of the tone"


def _hostile(api: Api, name: str = "Rude Customer") -> Chat:
    """A customer who insults the AI, is warned, and insults it again: kept for supervisors."""
    chat = api.open(name=name)
    assert api.say(chat, "you idiots")["status"] == "bot"
    again = api.say(chat, "you are all idiots")
    assert again["status"] == "queued", again
    assert again["replies"][0]["text"].startswith(STOPS)
    return chat


def _take(api: Api, token: str, chat_id: str) -> Any:
    return api.client.post(f"{WAITING}/{chat_id}/take", headers=bearer(token))


def _row(api: Api, chat: Chat) -> Any:
    with api.container.engine.connect() as connection:
        return connection.execute(select(ConversationRow).where(ConversationRow.id == chat.id)).one()


def test_a_supervisor_sees_the_hostile_conversation_waiting_and_takes_it_over(api: Api) -> None:
    agent = api.add_agent("alice", status="available")  # may not take it: it is for supervisors
    supervisor = api.supervisor(skills=("ecommerce",))  # watching the dashboard, not available for chats
    chat = _hostile(api)

    assert api.client.get(WAITING, headers=bearer(agent)).status_code == 403
    (alert,) = api.client.get(WAITING, headers=bearer(supervisor)).json()
    assert (alert["id"], alert["domain"], alert["language"]) == (chat.id, "ecommerce", "en")
    assert alert["waited_seconds"] >= 0 and 290 <= alert["closes_in_seconds"] <= 300  # 5 minutes by default
    assert _take(api, agent, chat.id).status_code == 403

    taken = _take(api, supervisor, chat.id)

    assert taken.status_code == 200, taken.text
    assert taken.json() == {"id": chat.id, "status": "assigned", "agent_id": api.me(supervisor)["id"]}
    (mine,) = api.mine(supervisor)
    assert mine["id"] == chat.id and [m["text"] for m in mine["messages"]][-1] == "Sam has joined the conversation."
    assert api.thread(chat)["messages"][-1]["text"] == "Sam has joined the conversation."
    assert api.thread(chat)["status"] == "assigned"
    assert api.client.get(WAITING, headers=bearer(supervisor)).json() == []  # the alert is gone
    api.reply(supervisor, chat, "Hello, I'm Sam, the supervisor. How can I help?")  # the workspace works as usual


def test_a_second_click_is_told_who_took_it(api: Api) -> None:
    sam = api.supervisor()
    sue = api.add_agent("sue", role=Role.SUPERVISOR)
    chat = _hostile(api)
    assert _take(api, sam, chat.id).status_code == 200

    again = _take(api, sue, chat.id)

    assert again.status_code == 409
    assert again.json()["detail"] == "Sam already took this conversation"
    assert _take(api, sam, "00000000-0000-4000-8000-000000000000").status_code == 404
    ordinary = api.open(name="Polite Customer")
    api.escalate(ordinary)
    refused = _take(api, sam, ordinary.id)
    assert refused.status_code == 409 and "not kept for supervisors" in refused.json()["detail"]


def test_a_hostile_conversation_nobody_takes_in_time_is_closed_politely(api: Api) -> None:
    api.clock.start()
    supervisor = api.supervisor()
    chat = _hostile(api)
    taken = _hostile(api, name="Taken In Time")
    assert _take(api, supervisor, taken.id).status_code == 200

    api.clock.advance(minutes=4, seconds=59)
    assert api.container.takeover.expire() == []
    assert api.thread(chat)["status"] == "queued"

    with live_socket(api.client, chat.token) as customer:
        api.clock.advance(seconds=2)
        eventually(lambda: api.thread(chat)["status"] == "resolved", timeout=15)  # the app's own pass, or this
        api.container.takeover.expire()
        heard = events_until(customer, lambda e: e["type"] == "status")

    assert heard[-1]["status"] == "resolved"
    (closing,) = [e for e in heard if e["type"] == "message"]  # the closing line comes first
    assert closing["message"]["author"] == "system" and closing["message"]["text"].startswith(CLOSED)
    assert api.thread(chat)["messages"][-1]["text"].startswith(CLOSED)
    row = _row(api, chat)
    assert (row.flagged, row.flag_reason, row.agent_id) == (True, "abuse", None)  # as an agent's "End (abuse)"
    # Ended for abuse as far as the widget knows too: it asks for no rating, and none is taken.
    assert api.thread(chat)["ended_for"] == "abuse"
    rating = api.client.post(f"/api/v1/conversations/{chat.id}/csat", json={"score": 1}, headers=chat.auth)
    assert rating.status_code == 409
    assert api.thread(taken)["status"] == "assigned"  # the one taken in time stays with its supervisor
    assert api.client.get(WAITING, headers=bearer(supervisor)).json() == []
    late = _take(api, supervisor, chat.id)
    assert late.status_code == 409 and late.json()["detail"] == "this conversation is no longer waiting: it is resolved"
    summary = api.client.get("/api/v1/metrics/summary", headers=bearer(supervisor)).json()
    assert summary["ended_for_abuse"] == {"total": 1, "by_staff": 0, "unanswered": 1}


def test_the_supervisors_hear_when_a_conversation_waits_for_them_again(api: Api) -> None:
    supervisor = api.supervisor()
    chat = _hostile(api)
    assert _take(api, supervisor, chat.id).status_code == 200

    with live_socket(api.client, supervisor) as ws:
        api.act(supervisor, chat, "transfer", {"domain": "ecommerce", "language": "fr"})
        alert = next_event(ws, lambda e: e["type"] == "supervisor_needed")

    assert alert == {"type": "supervisor_needed", "conversation_id": chat.id}
    (waiting,) = api.client.get(WAITING, headers=bearer(supervisor)).json()
    assert (waiting["id"], waiting["language"]) == (chat.id, "fr")


def test_the_supervisors_hear_at_once_when_a_hostile_customer_is_kept_for_them(api: Api) -> None:
    supervisor = api.supervisor()
    chat = api.open(name="Rude Customer")
    assert api.say(chat, "you idiots")["status"] == "bot"  # warned first: no alert yet

    with live_socket(api.client, supervisor) as ws:
        assert api.say(chat, "you are all idiots")["status"] == "queued"
        alert = next_event(ws, lambda e: e["type"] == "supervisor_needed")

    assert alert == {"type": "supervisor_needed", "conversation_id": chat.id}
