"""What the customer is told is true: no one at work is said so (the request kept), a requeue promises a colleague
only when there is one, a cut message is announced, and a conversation ended for abuse asks for no rating."""

from .conftest import ESCALATE, Api

# The demo's hours (running_api runs in demo mode, TANDEM_SUPPORT_HOURS unset).
NO_ONE = "No adviser is available right now. Our team answers Monday to Friday, 9:00–18:00; Saturday, 10:00–14:00"
CUT = "Your message was longer than 4,000 characters; we kept the first 4,000."


def test_with_no_one_at_work_the_customer_is_told_so_and_the_request_stays_queued(api: Api) -> None:
    supervisor = api.supervisor()
    api.add_agent("resting", status="break")
    chat = api.open()

    posted = api.escalate(chat)

    assert posted["status"] == "queued"
    notice = posted["replies"][-1]
    assert notice["author"] == "system" and notice["text"].startswith(NO_ONE)
    assert "Your request is kept" in notice["text"]
    thread = api.thread(chat)
    assert thread["status"] == "queued"
    assert thread["queue"] == {"position": 1, "wait_seconds": None}
    assert [c["id"] for c in api.queue(supervisor)] == [chat.id]


def test_with_someone_at_work_the_estimate_stays(api: Api) -> None:
    api.add_agent("busy", status="available", capacity=1)
    api.escalate(api.open(name="First"))  # takes Busy's only seat
    second = api.open(name="Second")

    posted = api.escalate(second)

    assert posted["replies"][-1]["text"] == (
        "A colleague will be with you shortly. You are number 1 in the queue, about 5 min."
    )


def test_a_requeue_promises_a_colleague_only_when_one_is_at_work(api: Api) -> None:
    api.clock.start()
    solo = api.add_agent("solo", status="available")
    chat = api.open()
    api.escalate(chat)
    assert [c["id"] for c in api.mine(solo)] == [chat.id]

    api.set_status(solo, "break")

    text = api.thread(chat)["messages"][-1]["text"]
    assert text.startswith("Your adviser had to step away. " + NO_ONE)
    assert "Another colleague" not in text
    assert api.thread(chat)["status"] == "queued"


def test_a_message_over_4000_characters_is_cut_and_the_customer_told(api: Api) -> None:
    chat = api.open()
    long_text = "I have a question about my order. " + "x" * 4600

    posted = api.say(chat, long_text)

    assert posted["truncated"] is True
    assert posted["message"]["text"] == long_text[:4000]
    assert posted["replies"][0] == {"author": "system", "text": CUT}
    assert api.say(chat, "thanks")["truncated"] is False
    stored = [m["text"] for m in api.thread(chat)["messages"]]
    assert stored[:2] == [long_text[:4000], CUT]


def test_a_conversation_ended_for_abuse_is_not_rated(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    ended, resolved = api.open(name="Rude"), api.open(name="Kind")
    api.escalate(ended)
    api.escalate(resolved)

    api.act(token, ended, "end", {"reason": "abuse"})
    api.act(token, resolved, "resolve")

    assert api.thread(ended)["ended_for"] == "abuse"
    assert api.thread(resolved)["ended_for"] is None
    refused = api.client.post(f"/api/v1/conversations/{ended.id}/csat", json={"score": 1}, headers=ended.auth)
    assert refused.status_code == 409
    assert "not rated" in refused.json()["detail"]
    rated = api.client.post(f"/api/v1/conversations/{resolved.id}/csat", json={"score": 5}, headers=resolved.auth)
    assert rated.status_code == 200


def test_the_same_in_french(api: Api) -> None:
    api.supervisor()
    chat = api.open(language="fr")

    posted = api.escalate(chat, "fr")

    assert posted["replies"][-1]["text"].startswith(
        "Aucun conseiller n'est disponible pour le moment. Notre équipe répond du lundi au vendredi de 9 h 00 à 18 h 00"
    )
    assert ESCALATE["fr"] in [m["text"] for m in api.thread(chat)["messages"]]
