"""The agents are protected in the running service: working time and breaks, cool-down after abuse, a fair share
of hard contacts, insults masked, the AI's one warning, end-and-flag, the self check-in, and what they see."""

import logging
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tandem.store.tables import ConversationRow, MessageRow

from .conftest import Api, Chat, bearer, next_event
from .sockets import live_socket

FRAUD = "someone used my card on your site without my permission, this is fraud"  # sensitive: a hard contact
INSULT = "you useless idiots"
INSULT_SHOWN = "you useless •••••"


def _at(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _hard_chat(api: Api, name: str) -> Chat:
    chat = api.open(name=name)
    posted = api.say(chat, FRAUD)
    assert posted["status"] in ("queued", "assigned"), posted
    return chat


def _routing_reasons(api: Api, chat: Chat) -> list[str]:
    """The reasons the router gave when it assigned `chat` (the "has joined" line's record)."""
    with api.container.engine.connect() as connection:
        metas = connection.scalars(select(MessageRow.meta).where(MessageRow.conversation_id == chat.id)).all()
    (routing,) = [m["routing"] for m in metas if "routing" in m]
    reasons: list[str] = routing
    return reasons


def _conversation(api: Api, chat: Chat) -> Any:
    with api.container.engine.connect() as connection:
        return connection.execute(select(ConversationRow).where(ConversationRow.id == chat.id)).one()


def test_working_time_is_counted_on_status_changes(api: Api) -> None:
    start = api.clock.start()
    token = api.add_agent("alice")

    first = api.set_status(token, "available")
    api.clock.advance(hours=2)
    api.set_status(token, "break")
    api.clock.advance(minutes=10)  # too short to count as a break
    api.set_status(token, "available")
    api.clock.advance(hours=1)
    api.set_status(token, "break")
    api.clock.advance(minutes=25)
    again = api.set_status(token, "available")
    api.clock.advance(minutes=30)  # the running stretch counts too

    me = api.me(token)
    assert first["ask_check_in"] is True and again["ask_check_in"] is False
    assert me["worked_minutes_today"] == me["worked_minutes_week"] == 210.0
    assert me["breaks_taken_today"] == 1
    assert me["break_due"] is False
    # 6 h of work after the last real break (at 3 h 35): 30 min done, so 5 h 30 to go.
    assert api.clock() == start + timedelta(hours=4, minutes=5)
    assert _at(me["break_due_at"]) == api.clock() + timedelta(hours=5, minutes=30)

    api.set_status(token, "offline")
    api.clock.advance(days=1)
    next_day = api.set_status(token, "available")
    assert (next_day["worked_minutes_today"], next_day["breaks_taken_today"]) == (0.0, 0)
    assert next_day["worked_minutes_week"] == 210.0
    assert next_day["ask_check_in"] is True


def test_an_agent_due_a_break_gets_nothing_until_they_take_one(api: Api) -> None:
    api.clock.start()
    supervisor = api.supervisor()
    token = api.add_agent("alice", status="available")

    with live_socket(api.client, token) as ws:
        api.clock.advance(hours=6)
        chat = api.open()
        api.escalate(chat)
        told = next_event(ws, lambda e: e["type"] == "wellbeing")
        (waiting,) = api.queue(supervisor)
        me = api.me(token)
        assert api.mine(token) == []
        assert waiting["waiting_for"][0] == "break_due"
        assert "break_due:1" in waiting["waiting_for"]
        assert told == {**told, "break_due": True, "reason": "break_due"}
        assert me["break_due"] is True
        assert "break_overdue" in me["alerts"]
        (alice,) = [
            a for a in api.client.get("/api/v1/agents", headers=bearer(supervisor)).json() if a["id"] == me["id"]
        ]
        assert "break_overdue" in alice["alerts"]

        api.set_status(token, "break")
        api.clock.advance(minutes=20)
        back = api.set_status(token, "available")
        cleared = next_event(ws, lambda e: e["type"] == "wellbeing")

    assert cleared["break_due"] is False
    assert back["breaks_taken_today"] == 1
    assert [c["id"] for c in api.mine(token)] == [chat.id]
    assert api.queue(supervisor) == []


def test_when_nobody_waits_an_agent_whose_break_falls_due_within_the_hour_is_asked_to_take_it_now(api: Api) -> None:
    api.clock.start()
    alice = api.add_agent("alice", status="available")
    api.clock.advance(hours=5, minutes=15)  # her break falls due in 45 minutes

    with live_socket(api.client, alice) as ws:
        bob = api.add_agent("bob", status="available")  # a routing pass with nobody waiting; bob can take over
        told = next_event(ws, lambda e: e["type"] == "wellbeing")
        me = api.me(alice)
        assert told == {**told, "break_due": True, "reason": "break_in_lull"}
        assert me["break_due"] is True and me["break_in_lull"] is True
        assert _at(me["break_due_at"]) == api.clock() + timedelta(minutes=45)  # the legal due time is unchanged
        chat = api.open()
        api.escalate(chat)
        assert api.mine(alice) == []
        assert [c["id"] for c in api.mine(bob)] == [chat.id]

        api.set_status(alice, "break")
        api.clock.advance(minutes=20)
        back = api.set_status(alice, "available")
        cleared = next_event(ws, lambda e: e["type"] == "wellbeing")

    assert cleared["break_due"] is False and cleared["reason"] is None
    assert back["breaks_taken_today"] == 1 and back["break_due"] is False and back["break_in_lull"] is False


def test_an_agent_alone_is_not_asked_to_take_their_break_early(api: Api) -> None:
    api.clock.start()
    alice = api.add_agent("alice", status="available")
    api.clock.advance(hours=5, minutes=15)
    api.set_status(alice, "available")  # a routing pass with nobody waiting, and nobody else to take over
    me = api.me(alice)
    assert me["break_due"] is False and me["break_in_lull"] is False


def test_an_agent_is_not_asked_to_break_early_while_the_chats_in_hand_are_growing(api: Api) -> None:
    api.clock.start()
    alice = api.add_agent("alice", status="available")
    bob = api.add_agent("bob", languages=("en", "fr"), capacity=4, status="available")
    # Bob takes a chat while her break is still more than the window (60 minutes) away: a background routing pass
    # before he has it could not ask her to break early.
    api.clock.advance(hours=4, minutes=59)
    api.escalate(api.open(language="fr"), language="fr")  # only bob speaks French: 3 of his 4 seats stay free
    api.clock.advance(minutes=11)  # her break falls due in 50 minutes
    api.set_status(bob, "available")  # a routing pass with nobody waiting
    # Bob's 3 free seats would do for hers, but he took one chat more in the last 20 minutes (the length of a
    # break): another one may come while she is away, and then only 2 would be free.
    assert api.me(alice)["break_in_lull"] is False
    api.clock.advance(minutes=25)  # no more chats since: the chats in hand stopped growing
    api.set_status(bob, "available")
    assert api.me(alice)["break_in_lull"] is True


def test_after_an_abusive_contact_the_agent_gets_no_hard_contact_for_a_while(api: Api) -> None:
    api.clock.start()
    supervisor = api.supervisor()
    token = api.add_agent("alice", status="available")
    abusive = api.open(name="Rude")
    api.escalate(abusive)
    api.say(abusive, INSULT)  # to the agent now: the AI only reads it
    api.clock.advance(minutes=5)
    api.act(token, abusive, "resolve")

    me = api.me(token)
    assert _at(me["cooling_down_until"]) == api.clock() + timedelta(minutes=10)
    assert me["load"] > 3  # base 1 + frustration + abuse
    hard = _hard_chat(api, "Hard")
    easy = api.open(name="Easy")
    api.escalate(easy)

    assert [c["id"] for c in api.mine(token)] == [easy.id]  # ordinary work goes on
    (waiting,) = api.queue(supervisor)
    assert waiting["id"] == hard.id
    assert waiting["waiting_for"][0] == "cooling_down"

    api.clock.advance(minutes=10)
    api.container.assigner.run()
    assert {c["id"] for c in api.mine(token)} == {easy.id, hard.id}
    assert api.me(token)["cooling_down_until"] is None


def test_hard_contacts_go_to_whoever_had_fewer_lately(api: Api) -> None:
    supervisor = api.supervisor()
    ann = api.add_agent("ann", status="available")
    first = _hard_chat(api, "First")
    api.act(ann, first, "resolve")  # Ann has had one hard contact
    bob = api.add_agent("bob", status="available")
    easy = api.open(name="Easy")
    api.escalate(easy)
    assert [c["id"] for c in api.mine(bob)] == [easy.id]  # Bob never had one: idle longest

    second = _hard_chat(api, "Second")  # Ann has more room (3 free of 3, Bob 2 of 3) but had a hard one

    assert [c["id"] for c in api.mine(bob)] == [easy.id, second.id]
    assert "recent_hard:0" in _routing_reasons(api, second)
    team = {a["username"]: a for a in api.client.get("/api/v1/agents", headers=bearer(supervisor)).json()}
    assert (team["ann"]["recent_hard"], team["ann"]["hard_today"], team["ann"]["hard_share"]) == (1, 1, 1.0)
    assert team["bob"]["hard_share"] == 0.0


def test_a_hard_conversation_in_hand_counts_for_the_fair_share(api: Api) -> None:
    ann = api.add_agent("ann", status="available")
    first = _hard_chat(api, "First")  # Ann keeps it open
    bob = api.add_agent("bob", status="available")
    easy = api.open(name="Easy")
    api.escalate(easy)
    assert [c["id"] for c in api.mine(bob)] == [easy.id]

    second = _hard_chat(api, "Second")  # both have 2 free seats of 3: Ann's hard one in hand decides

    assert [c["id"] for c in api.mine(ann)] == [first.id]
    assert [c["id"] for c in api.mine(bob)] == [easy.id, second.id]


def test_insults_are_masked_for_the_staff_and_revealed_on_purpose(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    token = api.add_agent("alice", status="available")
    other = api.add_agent("bob")
    supervisor = api.supervisor()
    chat = api.open()
    api.escalate(chat)

    with live_socket(api.client, token) as ws:
        said = api.say(chat, INSULT)["message"]
        pushed = next_event(ws, lambda e: e["type"] == "message" and e["message"]["id"] == said["id"])

    assert said == {**said, "text": INSULT, "masked": False}  # the customer sees their own words
    assert api.thread(chat)["messages"][-1]["text"] == INSULT
    assert pushed["message"] == {
        **said,
        "text": INSULT_SHOWN,
        "masked": True,
        "created_at": pushed["message"]["created_at"],
    }
    shown = api.staff_thread(token, chat)["messages"][-1]
    assert (shown["text"], shown["masked"]) == (INSULT_SHOWN, True)
    (mine,) = api.mine(token)
    assert mine["messages"][-1]["text"] == INSULT_SHOWN

    reveal = f"/api/v1/conversations/{chat.id}/messages/{said['id']}/reveal"
    with caplog.at_level(logging.INFO, logger="tandem.audit"):
        revealed = api.client.post(reveal, headers=bearer(token))
    assert revealed.status_code == 200
    assert revealed.json() == {"id": said["id"], "text": INSULT}
    assert api.client.post(reveal, headers=bearer(supervisor)).status_code == 200
    assert api.client.post(reveal, headers=bearer(other)).status_code == 403
    assert api.client.post(reveal, headers=chat.auth).status_code == 403
    assert (
        api.client.post(f"/api/v1/conversations/{chat.id}/messages/999999/reveal", headers=bearer(token)).status_code
        == 404
    )
    (line,) = [r.getMessage() for r in caplog.records if r.name == "tandem.audit"]
    assert str(said["id"]) in line and "agent" in line and "idiots" not in line


def test_the_ai_warns_once_then_a_supervisor_takes_over(api: Api) -> None:
    agent = api.add_agent("alice", status="available")
    supervisor = api.supervisor(skills=("ecommerce",))
    chat = api.open()

    warned = api.say(chat, "how long does delivery take, idiots?")

    assert warned["status"] == "bot"
    (reply,) = warned["replies"]
    assert reply["text"].startswith("I'm here to help, but I can't continue if the conversation stays insulting.")
    assert "2 to 4 working days" in reply["text"]  # and the AI still answers

    again = api.say(chat, "you idiots")

    assert again["status"] == "queued"
    assert again["replies"][0]["text"].startswith("As the messages are still insulting, I can't carry on")
    assert api.mine(agent) == []  # not for an agent
    (waiting,) = api.queue(supervisor)
    assert waiting["waiting_for"][0] == "no_supervisor_available"
    assert "abuse" in waiting["reasons"]
    api.set_status(supervisor, "available")
    (taken,) = api.mine(supervisor)
    assert taken["id"] == chat.id
    said = [m for m in taken["messages"] if m["author"] == "customer"]
    assert [m["text"] for m in said] == ["how long does delivery take, •••••?", "you •••••"]  # for supervisors too
    assert "idiots" not in taken["handoff"]["summary"]


def test_an_agent_ends_an_abusive_conversation_in_one_click(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    other = api.add_agent("bob")
    chat = api.open()
    api.escalate(chat)
    end = f"/api/v1/conversations/{chat.id}/end"

    assert api.client.post(end, json={"reason": "boredom"}, headers=bearer(token)).status_code == 422
    assert api.client.post(end, json={"reason": "abuse"}, headers=bearer(other)).status_code == 403
    ended = api.client.post(end, json={"reason": "abuse"}, headers=bearer(token))

    assert ended.status_code == 200 and ended.json() == {"status": "resolved"}
    thread = api.thread(chat)
    assert thread["status"] == "resolved"
    assert thread["messages"][-1]["author"] == "system"
    assert thread["messages"][-1]["text"].startswith("This conversation has been closed because of the tone")
    row = _conversation(api, chat)
    assert (row.flagged, row.flag_reason) == (True, "abuse")
    assert api.me(token)["cooling_down_until"] is not None  # the cool-down starts
    assert api.client.post(end, json={"reason": "abuse"}, headers=bearer(token)).status_code == 409


def test_a_low_check_in_lowers_capacity_and_alerts_the_supervisor_without_the_score(api: Api) -> None:
    api.clock.start()  # 08:00: the occupancy cap lets a fresh agent fill every seat at the top of an hour
    token = api.add_agent("alice", capacity=2, status="available")
    supervisor = api.supervisor()
    checkin = "/api/v1/agents/me/checkin"
    assert api.client.post(checkin, json={"score": 6}, headers=bearer(token)).status_code == 422

    with live_socket(api.client, supervisor) as ws:
        low = api.client.post(checkin, json={"score": 2}, headers=bearer(token))
        alert = next_event(ws, lambda e: e["type"] == "alert")

    assert low.status_code == 200
    assert (low.json()["check_in"], low.json()["effective_capacity"]) == (2, 1)
    assert alert == {"type": "alert", "agent_id": low.json()["id"], "alert": "low_check_in"}
    (alice,) = [
        a for a in api.client.get("/api/v1/agents", headers=bearer(supervisor)).json() if a["username"] == "alice"
    ]
    assert alice["alerts"] == ["low_check_in"]
    assert alice["check_in"] is None  # the score is the agent's own
    chats = [api.open(name=f"Customer {n}") for n in range(2)]
    for chat in chats:
        api.escalate(chat)
    assert len(api.mine(token)) == 1
    assert api.queue(supervisor)[0]["waiting_for"][0] == "adaptive_capacity"

    better = api.client.post(checkin, json={"score": 4}, headers=bearer(token)).json()

    assert (better["effective_capacity"], better["alerts"]) == (2, [])
    assert len(api.mine(token)) == 2


def test_the_agents_see_their_load_and_breaks_and_the_supervisor_the_team(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    supervisor = api.supervisor()

    me = api.me(token)
    team = api.client.get("/api/v1/agents", headers=bearer(supervisor)).json()

    expected = {
        "load": 0.0,
        "load_level": "normal",
        "effective_capacity": 3,
        "recent_hard": 0,
        "hard_today": 0,
        "hard_share": 0.0,
        "breaks_taken_today": 0,
        "overtime_minutes": 0.0,
        "cooling_down_until": None,
        "alerts": [],
        "check_in": None,
        "break_due": False,
    }
    assert me == {**me, **expected}
    assert me["worked_minutes_today"] >= 0 and me["break_due_at"] is not None
    assert {a["username"] for a in team} == {"alice", "sam"}
    assert all(set(expected) <= set(a) for a in team)
