"""Customers' request rates: one flooding conversation or address is refused early, the others carry on."""

import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tandem.api import ratelimit
from tandem.api.ratelimit import RedisCounter
from tandem.dialogue.assistants import Assistants

from .conftest import SIMPLE, Api, Chat, running_api

REDIS_URL = "redis://127.0.0.1:6379/0"
OPEN = {"domain": "ecommerce", "language": "en", "customer": {"name": "Jane Doe"}}


@pytest.fixture(autouse=True)
def slow_machine_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversation's window of a minute instead of 10 s: on a busy machine ten AI replies may take longer
    than 10 s, and the window would close before the test reaches the limit."""
    monkeypatch.setattr(ratelimit, "CONVERSATION_SECONDS", 60.0)


@pytest.fixture
def proxied(fresh_database_url: str, tmp_path: Path, assistants: Assistants) -> Iterator[Api]:
    """An app behind a trusted proxy (the test client), so each request may name its client address."""
    with running_api(fresh_database_url, tmp_path / "data", assistants, trusted_proxies="testclient") as running:
        yield running


def post(api: Api, chat: Chat, text: str = SIMPLE["en"], address: str = "10.0.0.1") -> httpx.Response:
    headers = {**chat.auth, "X-Forwarded-For": address}
    return api.client.post(f"/api/v1/conversations/{chat.id}/messages", json={"text": text}, headers=headers)


def open_from(api: Api, address: str) -> httpx.Response:
    return api.client.post("/api/v1/conversations", json=OPEN, headers={"X-Forwarded-For": address})


def assert_throttled(response: httpx.Response, most_seconds: int) -> None:
    assert response.status_code == 429, response.text
    assert 1 <= int(response.headers["Retry-After"]) <= most_seconds
    assert response.json()["detail"].startswith("too many")


def test_a_flooding_conversation_is_refused_while_another_still_gets_answers(proxied: Api) -> None:
    flood, other = proxied.open(), proxied.open()
    answers = [post(proxied, flood, f"message {n}", "10.0.0.1").status_code for n in range(25)]
    assert answers[:10] == [201] * 10
    assert set(answers[10:]) == {429}
    assert_throttled(post(proxied, flood), most_seconds=60)
    assert post(proxied, other, address="10.0.0.2").status_code == 201
    customer_messages = [m for m in proxied.thread(flood)["messages"] if m["author"] == "customer"]
    assert len(customer_messages) == 10  # the refused ones never reached the AI nor the database


def test_a_malformed_message_is_not_counted_and_a_throttled_one_is_refused_before_the_database(proxied: Api) -> None:
    """The limit is checked first thing in the route, after the body's shape (a 422 costs no thread of work and
    is not counted) and before anything is stored or triaged."""
    chat = proxied.open()
    headers = {**chat.auth, "X-Forwarded-For": "10.0.0.1"}
    for _ in range(12):
        malformed = proxied.client.post(f"/api/v1/conversations/{chat.id}/messages", json={"nope": 1}, headers=headers)
        assert malformed.status_code == 422
    for n in range(10):
        assert post(proxied, chat, f"message {n}").status_code == 201
    assert_throttled(post(proxied, chat, "one more"), most_seconds=60)
    assert [m["text"] for m in proxied.thread(chat)["messages"] if m["author"] == "customer"][-1] == "message 9"


def test_one_address_is_limited_across_its_conversations(
    fresh_database_url: str, tmp_path: Path, assistants: Assistants
) -> None:
    settings = {"trusted_proxies": "testclient", "rate_address_messages": 6}
    with running_api(fresh_database_url, tmp_path / "data", assistants, **settings) as api:
        chats = [api.open() for _ in range(3)]
        assert [post(api, chats[n % 3], f"m{n}", "10.3.3.3").status_code for n in range(6)] == [201] * 6
        assert_throttled(post(api, chats[0], "one more", "10.3.3.3"), most_seconds=60)
        assert post(api, chats[0], "from elsewhere", "10.4.4.4").status_code == 201


def test_new_conversations_are_limited_per_address(proxied: Api) -> None:
    assert [open_from(proxied, "10.5.5.5").status_code for _ in range(30)] == [201] * 30
    assert_throttled(open_from(proxied, "10.5.5.5"), most_seconds=3600)
    assert open_from(proxied, "10.5.5.6").status_code == 201


def test_an_invalid_token_is_refused_before_anything_is_counted(proxied: Api) -> None:
    chat = proxied.open()
    forged = Chat(chat.id, "not-a-token")
    assert {post(proxied, forged).status_code for _ in range(15)} == {401}
    assert post(proxied, chat).status_code == 201


@pytest.mark.redis
def test_the_limits_are_shared_across_workers_with_redis(
    fresh_database_url: str, tmp_path: Path, assistants: Assistants
) -> None:
    settings = {"trusted_proxies": "testclient", "redis_url": REDIS_URL}
    with (
        running_api(fresh_database_url, tmp_path / "a", assistants, **settings) as a,
        running_api(fresh_database_url, tmp_path / "b", assistants, **settings) as b,
    ):
        chat = a.open()
        answers = [post(worker, chat, f"message {n}").status_code for n in range(6) for worker in (a, b)]
        assert answers == [201] * 10 + [429] * 2
        assert post(b, a.open(), address="10.0.0.2").status_code == 201


@pytest.mark.redis
def test_redis_windows_close_and_a_late_give_back_leaves_no_key() -> None:
    counter = RedisCounter(REDIS_URL, f"tandem-test-{secrets.token_hex(4)}")
    assert [counter.hit("k", 0.3).count for _ in range(3)] == [1, 2, 3]
    assert 0 < counter.hit("k", 0.3).retry_after <= 0.3
    counter.give_back("k")
    assert counter.hit("k", 0.3).count == 4
    time.sleep(0.4)
    counter.give_back("k")  # the window closed: nothing to take back, and no key without expiry made
    hit = counter.hit("k", 0.3)
    assert (hit.count, 0 < hit.retry_after <= 0.3) == (1, True)
    counter.clear("k")
    assert counter.hit("k", 0.3).count == 1
