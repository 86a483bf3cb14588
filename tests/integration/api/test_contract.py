"""The stable public contract, field by field: what a customer widget and an agent workspace rely on."""

from datetime import datetime

from tandem.domain.conversations import Role

from .conftest import ESCALATE, PASSWORD, SIMPLE, Api, bearer

PACKET_KEYS = {"reasons", "intents", "language", "entities", "summary", "ai_tried", "sentiment_trail", "facts"}


def _aware(stamp: str) -> datetime:
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() is not None, f"{stamp} has no time zone"
    return parsed


def test_opening_a_conversation_returns_its_id_and_a_token_that_reads_it(api: Api) -> None:
    response = api.client.post(
        "/api/v1/conversations",
        json={"domain": "ecommerce", "language": "en", "customer": {"name": "Jane", "email": "jane@example.com"}},
    )

    assert response.status_code == 201
    created = response.json()
    assert set(created) == {"id", "token"}
    assert created["id"] and created["token"]
    thread = api.client.get(f"/api/v1/conversations/{created['id']}/messages", headers=bearer(created["token"]))
    assert thread.status_code == 200
    assert thread.json()["status"] == "bot"
    assert thread.json()["messages"] == []


def test_a_posted_message_comes_back_with_the_ai_replies(api: Api) -> None:
    chat = api.open()

    response = api.client.post(
        f"/api/v1/conversations/{chat.id}/messages",
        json={"text": SIMPLE["en"], "client_message_id": "m-1"},
        headers=chat.auth,
    )

    assert response.status_code == 201
    posted = response.json()
    assert set(posted) == {"message", "replies", "status", "truncated"}
    assert posted["truncated"] is False
    message = posted["message"]
    assert set(message) == {"id", "author", "text", "created_at", "masked"}
    assert isinstance(message["id"], int)
    assert message["author"] == "customer"
    assert message["text"] == SIMPLE["en"]
    _aware(message["created_at"])
    assert posted["status"] == "bot"
    assert [r["author"] for r in posted["replies"]] == ["ai"]
    assert set(posted["replies"][0]) == {"author", "text"}
    assert "2 to 4 working days" in posted["replies"][0]["text"]


def test_the_same_client_message_id_is_stored_once(api: Api) -> None:
    chat = api.open()
    first = api.say(chat, SIMPLE["en"], client_message_id="retry-1")

    again = api.say(chat, SIMPLE["en"], client_message_id="retry-1")

    assert again["message"]["id"] == first["message"]["id"]
    assert again["replies"] == first["replies"]
    assert again["status"] == first["status"]
    thread = api.thread(chat)
    assert [m["author"] for m in thread["messages"]] == ["customer", "ai"]
    assert [m["id"] for m in thread["messages"] if m["author"] == "customer"] == [first["message"]["id"]]


def test_a_retried_escalation_is_queued_once(api: Api) -> None:
    supervisor = api.supervisor()
    chat = api.open()
    first = api.say(chat, ESCALATE["en"], client_message_id="retry-2")

    again = api.say(chat, ESCALATE["en"], client_message_id="retry-2")

    assert again == first
    assert [r["author"] for r in again["replies"]] == ["ai", "system"]
    assert len(api.thread(chat)["messages"]) == 3
    assert [c["id"] for c in api.queue(supervisor)] == [chat.id]
    summary = api.client.get("/api/v1/metrics/summary", headers=bearer(supervisor)).json()
    assert summary["escalations_by_reason"]["asked_for_human"] == 1


def test_the_thread_lists_every_message_in_order(api: Api) -> None:
    chat = api.open()
    answered = api.say(chat, SIMPLE["en"])
    escalated = api.say(chat, ESCALATE["en"])

    thread = api.thread(chat)

    assert set(thread) >= {"status", "messages"}
    assert thread["status"] == "queued" == escalated["status"]
    assert [m["author"] for m in thread["messages"]] == ["customer", "ai", "customer", "ai", "system"]
    ids = [m["id"] for m in thread["messages"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert thread["messages"][0] == answered["message"]
    assert thread["messages"][2]["text"] == ESCALATE["en"]
    assert [m["text"] for m in thread["messages"][3:]] == [r["text"] for r in escalated["replies"]]
    assert thread["queue"]["position"] == 1
    assert thread["queue"]["wait_seconds"] is None  # nobody at work: no made-up figure
    for message in thread["messages"]:
        assert set(message) == {"id", "author", "text", "created_at", "masked"}
        _aware(message["created_at"])


def test_login_gives_a_token_and_the_role(api: Api) -> None:
    api.container.staff.add("alice", "alice-password", Role.AGENT, skills=("ecommerce",))
    api.supervisor()

    agent = api.client.post("/api/v1/auth/login", json={"username": "alice", "password": "alice-password"})
    supervisor = api.client.post("/api/v1/auth/login", json={"username": "sam", "password": PASSWORD})
    wrong = api.client.post("/api/v1/auth/login", json={"username": "alice", "password": "not-her-password"})
    nobody = api.client.post("/api/v1/auth/login", json={"username": "zoe", "password": "not-her-password"})

    assert agent.status_code == 200
    assert agent.json()["role"] == "agent"
    assert agent.json()["access_token"]
    assert supervisor.json()["role"] == "supervisor"
    me = api.client.get("/api/v1/agents/me", headers=bearer(agent.json()["access_token"]))
    assert me.json()["username"] == "alice"
    # The same answer for a wrong password and an unknown name.
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()


def test_an_agent_sets_its_status(api: Api) -> None:
    token = api.add_agent("alice")

    states = [api.set_status(token, status)["status"] for status in ("available", "break", "offline", "available")]

    assert states == ["available", "break", "offline", "available"]
    me = api.client.get("/api/v1/agents/me", headers=bearer(token)).json()
    assert me["status"] == "available"
    assert me["skills"] == ["ecommerce"]
    assert me["active"] == 0


def test_an_assigned_conversation_carries_the_handoff_packet(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open(email="jane.doe@example.com")
    api.say(chat, SIMPLE["en"])

    posted = api.escalate(chat)

    assert posted["status"] == "assigned"  # a free agent with the skill took it at once
    (item,) = api.mine(token)
    assert item["id"] == chat.id
    assert item["status"] == "assigned"
    assert item["domain"] == "ecommerce"
    assert item["language"] == "en"
    assert item["customer"] == {"name": "Jane Doe", "email": "jane.doe@example.com"}
    assert item["queued_at"] and item["assigned_at"]
    assert _aware(item["assigned_at"]) >= _aware(item["queued_at"])
    packet = item["handoff"]
    assert set(packet) >= PACKET_KEYS
    assert "asked_for_human" in packet["reasons"]
    assert packet["intents"] == ["delivery_times_and_costs", "payment_charged_twice"]
    assert packet["language"] == "en"
    assert packet["entities"] == []
    assert "Jane Doe" in packet["summary"]
    assert ESCALATE["en"] in packet["summary"]
    # What the AI tried: its knowledge-base answer, not its own hand-over line.
    assert len(packet["ai_tried"]) == 1
    assert packet["ai_tried"][0].startswith("Delivery times and costs")
    assert len(packet["sentiment_trail"]) == 2
    assert packet["facts"] == []
    texts = [m["text"] for m in item["messages"]]
    assert texts[0] == SIMPLE["en"]
    assert ESCALATE["en"] in texts
    assert texts[-1] == "Alice has joined the conversation."


def test_resolve_then_rate(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open()
    api.escalate(chat)

    resolved = api.act(token, chat, "resolve")
    rated = api.client.post(f"/api/v1/conversations/{chat.id}/csat", json={"score": 4}, headers=chat.auth)

    assert resolved == {"status": "resolved", "lesson": "none", "lesson_problem": None}  # no agent answer to learn
    assert rated.status_code == 200
    assert rated.json() == {"csat": 4}
    thread = api.thread(chat)
    assert thread["status"] == "resolved"
    assert thread["messages"][-1]["author"] == "system"
    assert "Rate it from 1 to 5" in thread["messages"][-1]["text"]
    assert api.mine(token) == []


def test_metrics_summary_counts_what_happened(api: Api) -> None:
    api.clock.start()
    supervisor = api.supervisor()
    agent = api.add_agent("alice", status="break")
    contained, escalated = api.open(), api.open()
    api.say(contained, SIMPLE["en"])
    api.escalate(escalated)

    waiting = api.client.get("/api/v1/metrics/summary", headers=bearer(supervisor))

    assert waiting.status_code == 200
    summary = waiting.json()
    assert set(summary) >= {
        "containment_rate",
        "escalations_by_reason",
        "queue_length",
        "wait_seconds",
        "agents_by_status",
        "csat",
    }
    # The AI's conversation is still going: only the hand-over is counted yet.
    assert summary["containment_rate"] == 0.0
    assert summary["containment"] == {"contained": 0, "finished": 1, "in_progress": 1}
    assert summary["escalations_by_reason"]["asked_for_human"] == 1
    assert summary["queue_length"] == 1
    assert summary["wait_seconds"]["max"] >= summary["wait_seconds"]["avg"] >= 0
    assert summary["agents_by_status"] == {"available": 0, "break": 1, "offline": 0}  # the supervisor is not counted
    assert summary["csat"] == {"average": None, "count": 0}

    api.set_status(agent, "available")  # takes the waiting conversation
    api.act(agent, escalated, "resolve")
    api.client.post(f"/api/v1/conversations/{escalated.id}/csat", json={"score": 5}, headers=escalated.auth)
    api.clock.advance(minutes=30)  # the AI's customer left without asking for more: contained
    after = api.client.get("/api/v1/metrics/summary", headers=bearer(supervisor)).json()

    assert after["queue_length"] == 0
    assert after["agents_by_status"] == {"available": 1, "break": 0, "offline": 0}
    assert after["csat"] == {"average": 5.0, "count": 1}
    assert after["containment_rate"] == 0.5


def test_health(api: Api) -> None:
    response = api.client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_openapi_lists_every_endpoint(api: Api) -> None:
    response = api.client.get("/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    conversation = "/api/v1/conversations/{conversation_id}"
    expected = {
        "/api/v1/conversations": {"post"},
        f"{conversation}/messages": {"get", "post"},
        f"{conversation}/csat": {"post"},
        f"{conversation}/resolve": {"post"},
        f"{conversation}/handback": {"post"},
        f"{conversation}/transfer": {"post"},
        f"{conversation}/end": {"post"},
        f"{conversation}/messages/{{message_id}}/reveal": {"post"},
        "/api/v1/auth/login": {"post"},
        "/api/v1/agents/me": {"get"},
        "/api/v1/agents/me/status": {"post"},
        "/api/v1/agents/me/checkin": {"post"},
        "/api/v1/agents/me/conversations": {"get"},
        "/api/v1/agents": {"get"},
        "/api/v1/queue": {"get"},
        "/api/v1/metrics/summary": {"get"},
        "/api/v1/metrics/series": {"get"},
        "/api/v1/metrics/series.csv": {"get"},
        f"{conversation}/answered": {"post"},
        "/api/v1/supervisor/waiting": {"get"},
        "/api/v1/supervisor/waiting/{conversation_id}/take": {"post"},
        "/healthz": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, f"{path} missing from the OpenAPI document"
        assert methods <= set(paths[path]), path
    posted = paths[f"{conversation}/messages"]["post"]
    assert "201" in posted["responses"]
