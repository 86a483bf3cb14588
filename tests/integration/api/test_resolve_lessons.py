"""Resolving never fails because of the optional lesson: long text is cut, an invalid lesson is not saved."""

from typing import Any

from .conftest import Api, Chat, bearer

LONG = ("My parcel was left at the wrong door and the neighbour says it is not there. " * 20).strip()


def taken_case(api: Api, question: str) -> tuple[str, Chat]:
    agent = api.add_agent("alice", status="available")
    chat = api.open("en")
    posted = api.say(chat, question)
    assert posted["status"] in ("queued", "assigned"), posted
    api.container.assigner.run()
    api.reply(agent, chat, "We will send a new one today.")
    return agent, chat


def resolve(api: Api, agent: str, chat: Chat, body: dict[str, Any] | None) -> dict[str, Any]:
    response = api.client.post(f"/api/v1/conversations/{chat.id}/resolve", json=body, headers=bearer(agent))
    assert response.status_code == 200, response.text
    out: dict[str, Any] = response.json()
    return out


def test_a_long_customer_message_sent_back_as_the_lesson_still_resolves(api: Api) -> None:
    agent, chat = taken_case(api, "I want to speak to a person. " + LONG)
    out = resolve(api, agent, chat, {"learn": True, "question": "I want to speak to a person. " + LONG})
    assert out["status"] == "resolved"
    assert (out["lesson"], out["lesson_problem"]) == ("not_saved", "question_too_long")
    assert api.mine(agent) == []


def test_without_a_lesson_the_long_question_is_proposed_cut(api: Api) -> None:
    agent, chat = taken_case(api, "I want to speak to a person. " + LONG)
    out = resolve(api, agent, chat, None)
    assert (out["status"], out["lesson"], out["lesson_problem"]) == ("resolved", "proposed", None)
    boss = api.supervisor()
    (candidate,) = api.client.get("/api/v1/learning/candidates", headers=bearer(boss)).json()
    assert len(candidate["question"]) <= 1000 and candidate["question"].endswith("…")


def test_a_bad_intent_name_resolves_and_says_the_lesson_was_not_saved(api: Api) -> None:
    agent, chat = taken_case(api, "I want to speak to a person about a price match")
    out = resolve(api, agent, chat, {"intent": "Price Match!" * 10})
    assert (out["status"], out["lesson"], out["lesson_problem"]) == ("resolved", "not_saved", "intent_name")
