"""The dashboard's tiles tell the truth (issue 13, point 8): the team without the supervisors, containment over
finished conversations only, what ended for abuse, and who is in a cool-down after it."""

from typing import Any

from .conftest import SIMPLE, Api, bearer


def _summary(api: Api, supervisor: str) -> dict[str, Any]:
    response = api.client.get("/api/v1/metrics/summary", headers=bearer(supervisor))
    assert response.status_code == 200, response.text
    summary: dict[str, Any] = response.json()
    return summary


def test_the_team_tiles_count_agents_only_and_who_is_busy(api: Api) -> None:
    supervisor = api.supervisor(status="available")  # at work, but not one of the agents the tiles count
    alice = api.add_agent("alice", status="available")
    api.add_agent("bob", status="break")
    api.add_agent("carl")

    before = _summary(api, supervisor)
    chat = api.open()
    api.escalate(chat)  # alice takes it
    after = _summary(api, supervisor)

    assert before["agents_by_status"] == {"available": 1, "break": 1, "offline": 1}
    assert (before["agents_busy"], after["agents_busy"]) == (0, 1)
    assert [c["id"] for c in api.mine(alice)] == [chat.id]


def test_containment_waits_for_the_ai_conversation_to_be_over(api: Api) -> None:
    api.clock.start()
    supervisor = api.supervisor()
    chat = api.open()
    api.say(chat, SIMPLE["en"])

    going = _summary(api, supervisor)
    api.clock.advance(minutes=20)
    api.say(chat, "thanks, and can I return it?")  # still talking: still in progress
    api.clock.advance(minutes=29)
    still = _summary(api, supervisor)
    api.clock.advance(minutes=1)
    over = _summary(api, supervisor)

    assert going["containment_rate"] is None
    assert going["containment"] == {"contained": 0, "finished": 0, "in_progress": 1}
    assert still["containment"] == {"contained": 0, "finished": 0, "in_progress": 1}
    assert over["containment_rate"] == 1.0
    assert over["containment"] == {"contained": 1, "finished": 1, "in_progress": 0}


def test_abuse_ended_conversations_and_cool_downs_are_on_the_dashboard(api: Api) -> None:
    supervisor = api.supervisor()
    alice = api.add_agent("alice", status="available")
    quiet = _summary(api, supervisor)
    chat = api.open()
    api.escalate(chat)
    assert api.mine(alice)[0]["id"] == chat.id

    ended = api.client.post(f"/api/v1/conversations/{chat.id}/end", json={"reason": "abuse"}, headers=bearer(alice))
    assert ended.status_code == 200
    summary = _summary(api, supervisor)

    assert quiet["ended_for_abuse"] == {"total": 0, "by_staff": 0, "unanswered": 0}
    assert quiet["cooling_down"] == []
    assert summary["ended_for_abuse"] == {"total": 1, "by_staff": 1, "unanswered": 0}
    (cooling,) = summary["cooling_down"]
    assert (cooling["username"], cooling["display_name"]) == ("alice", "Alice")
    assert cooling["until"] == api.me(alice)["cooling_down_until"].replace("+00:00", "Z")
