"""The customer is asked "did this answer your question?" when the server says the AI's last turn answered."""

from .conftest import Api, Chat, bearer


def test_the_thread_says_when_the_ais_answer_can_be_confirmed(api: Api) -> None:
    chat = api.open()
    assert api.thread(chat)["can_confirm"] is False  # nothing said yet
    api.say(chat, "where is my order")  # the AI asks which order: a question, not an answer
    assert api.thread(chat)["can_confirm"] is False
    api.say(chat, "How much does delivery cost?")
    assert api.thread(chat)["can_confirm"] is True
    api.escalate(chat)  # with people now: the AI's answer is no longer the customer's to confirm
    assert api.thread(chat)["can_confirm"] is False


def test_staff_are_never_offered_the_customers_question(api: Api) -> None:
    chat = api.open()
    api.say(chat, "How much does delivery cost?")
    supervisor = api.supervisor()
    response = api.client.get(f"/api/v1/conversations/{chat.id}/messages", headers=bearer(supervisor))
    assert response.status_code == 200
    assert response.json()["can_confirm"] is False


def _rate(api: Api, chat: Chat, score: int) -> int:
    response = api.client.post(f"/api/v1/conversations/{chat.id}/csat", json={"score": score}, headers=chat.auth)
    return response.status_code


def test_a_customer_the_ai_helped_rates_the_ai(api: Api) -> None:
    """Only the AI had it: after "yes, it answered", the customer may rate it, and it counts for the AI."""
    supervisor = api.supervisor()
    chat = api.open()
    api.say(chat, "How much does delivery cost?")
    assert _rate(api, chat, 5) == 409  # not confirmed yet
    answered = api.client.post(f"/api/v1/conversations/{chat.id}/answered", json={"answered": True}, headers=chat.auth)
    assert answered.status_code == 200
    assert _rate(api, chat, 5) == 200
    assert _rate(api, chat, 4) == 409  # once

    said_no = api.open()
    api.say(said_no, "How much does delivery cost?")
    api.client.post(f"/api/v1/conversations/{said_no.id}/answered", json={"answered": False}, headers=said_no.auth)
    assert _rate(api, said_no, 1) == 409  # "no": the conversation goes on, rated once closed

    csat = api.client.get("/api/v1/metrics/summary", headers=bearer(supervisor)).json()["outcomes"]["csat"]
    assert csat["ai"] == {"average": 5.0, "count": 1}
    assert csat["people"]["count"] == 0
