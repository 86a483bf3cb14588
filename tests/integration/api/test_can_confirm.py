"""The customer is asked "did this answer your question?" when the server says the AI's last turn answered."""

from .conftest import Api, bearer


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
