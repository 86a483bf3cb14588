"""The learning loop over HTTP: lessons proposed on resolve, the supervisors' review queue, agent assist."""

from typing import Any

from tandem.domain.learning import CandidateStatus

from .conftest import SIMPLE, Api, Chat, bearer

QUESTION = "can you price match a cheaper shop"  # the e-commerce pack has no such intent: out of scope
ANSWER = "We do not match other shops' prices, but we run offers every week."


def handled_case(api: Api, question: str = QUESTION, reply: str = ANSWER) -> tuple[str, Chat]:
    """A case the AI handed over, taken and answered by an agent: (the agent's token, the chat)."""
    agent = api.add_agent("alice", status="available")
    chat = api.open("en")
    posted = api.say(chat, question)
    assert posted["status"] in ("queued", "assigned"), posted
    api.container.assigner.run()
    api.reply(agent, chat, reply)
    return agent, chat


def candidates(api: Api, token: str, status: str = "pending") -> list[dict[str, Any]]:
    response = api.client.get(f"/api/v1/learning/candidates?status={status}", headers=bearer(token))
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def test_resolving_proposes_the_question_and_the_answer_for_review(api: Api) -> None:
    agent, chat = handled_case(api)
    api.act(agent, chat, "resolve", {"intent": "price_match"})
    boss = api.supervisor()
    (candidate,) = candidates(api, boss)
    assert candidate["question"] == QUESTION and candidate["answer"] == ANSWER
    assert candidate["intent"] == "price_match" and candidate["suggested_intent"] is None
    assert candidate["checks_intent"] is False  # the AI was not going to answer it: nothing of its to check
    assert candidate["conversation_id"] == chat.id and candidate["language"] == "en"
    assert candidate["status"] == CandidateStatus.PENDING


def test_an_answer_the_customer_rejected_is_proposed_as_a_check_of_the_ais_guess(api: Api) -> None:
    agent = api.add_agent("alice", status="available")
    chat = api.open("en")
    answered = api.say(chat, SIMPLE["en"])
    assert answered["status"] == "bot"
    rejected = api.say(chat, "that's not what I asked")
    assert rejected["status"] in ("queued", "assigned"), rejected
    api.container.assigner.run()
    api.reply(agent, chat, ANSWER)
    api.act(agent, chat, "resolve", {"intent": "price_match"})
    (candidate,) = candidates(api, api.supervisor())
    assert candidate["question"] == SIMPLE["en"] and candidate["intent"] == "price_match"
    assert candidate["checks_intent"] is True and candidate["suggested_intent"] == "delivery_times_and_costs"


def test_an_agent_may_skip_the_lesson_and_may_not_review(api: Api) -> None:
    agent, chat = handled_case(api)
    api.act(agent, chat, "resolve", {"learn": False})
    boss = api.supervisor()
    assert candidates(api, boss) == []
    response = api.client.get("/api/v1/learning/candidates", headers=bearer(agent))
    assert response.status_code == 403 and "supervisors" in response.json()["detail"]


def test_a_bad_intent_name_on_resolve_closes_the_case_without_the_lesson(api: Api) -> None:
    agent, chat = handled_case(api)
    response = api.client.post(
        f"/api/v1/conversations/{chat.id}/resolve", json={"intent": "Price Match!"}, headers=bearer(agent)
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "resolved", "lesson": "not_saved", "lesson_problem": "intent_name"}
    assert api.mine(agent) == [] and candidates(api, api.supervisor()) == []


def test_supervisors_approve_with_edits_or_reject_once(api: Api) -> None:
    agent, chat = handled_case(api, "do you price match, mail me at ana@example.com")
    api.act(agent, chat, "resolve")
    boss = api.supervisor()
    (candidate,) = candidates(api, boss)
    assert "ana@example.com" not in candidate["question"]  # PII never reaches the learning data
    url = f"/api/v1/learning/candidates/{candidate['id']}"
    no_intent = api.client.post(f"{url}/approve", json={}, headers=bearer(boss))
    assert no_intent.status_code == 422  # out of scope for the model: the supervisor must name the intent
    approved = api.client.post(
        f"{url}/approve", json={"intent": "price_match", "answer": "  We never match prices.  "}, headers=bearer(boss)
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["answer"] == "We never match prices."
    again = api.client.post(f"{url}/reject", headers=bearer(boss))
    assert again.status_code == 409 and "already approved" in again.json()["detail"]
    assert [c["intent"] for c in candidates(api, boss, "approved")] == ["price_match"]
    intents = api.client.get("/api/v1/domains/ecommerce/intents", headers=bearer(agent)).json()
    assert "price_match" in intents and "order_status" in intents
    missing = api.client.post("/api/v1/learning/candidates/9999/reject", headers=bearer(boss))
    assert missing.status_code == 404


def test_assist_suggests_articles_and_the_approved_answers(api: Api) -> None:
    agent, chat = handled_case(api, "I want a human, how do I return a pair of shoes?", "Use the returns page.")
    response = api.client.get(f"/api/v1/conversations/{chat.id}/assist", headers=bearer(agent))
    assert response.status_code == 200, response.text
    suggested = response.json()
    assert suggested["articles"] and suggested["replies"]
    assert any("return" in a["title"].lower() for a in suggested["articles"])
    customer = api.client.get(f"/api/v1/conversations/{chat.id}/assist", headers=chat.auth)
    assert customer.status_code == 403
    unknown = api.client.get("/api/v1/conversations/00000000-0000-4000-8000-000000000000/assist", headers=bearer(agent))
    assert unknown.status_code == 404


def test_models_are_listed_for_supervisors_with_the_pack_model_as_first_version(api: Api) -> None:
    boss = api.supervisor()
    response = api.client.get("/api/v1/models/ecommerce", headers=bearer(boss))
    assert response.status_code == 200, response.text
    models = response.json()
    (first,) = models["versions"]
    assert first["status"] == "active" and first["data"]["baseline"] is True
    assert models["serving"] == first["id"] and models["training"] is False
    assert first["calibration"]["answer"] > 0
    assert first["data"]["probation"] == [] and first["data"]["checks"] == {}  # the pack vouches for its intents
    nothing_before = api.client.post("/api/v1/models/ecommerce/rollback", headers=bearer(boss))
    assert nothing_before.status_code == 409
    assert api.client.get("/api/v1/models/telecom", headers=bearer(boss)).status_code == 422
