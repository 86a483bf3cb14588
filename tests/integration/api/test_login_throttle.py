"""The login endpoint under attack: throttled per account and per address, the same work for unknown names,
a bounded number of password checks at once."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from tandem.dialogue.assistants import Assistants
from tandem.staff import security

from .conftest import PASSWORD, Api, running_api

REDIS_URL = "redis://127.0.0.1:6379/0"


class CountingHasher(PasswordHasher):
    """The cheap test hasher, counting its password checks and how many ran at once; `pause` slows each one."""

    def __init__(self, pause: float = 0.0) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.pause, self.checks, self.running, self.most_at_once = pause, 0, 0, 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.checks += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(self.pause)
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(security, "_hasher", counting)
    return counting


@pytest.fixture
def proxied(fresh_database_url: str, tmp_path: Path, assistants: Assistants) -> Iterator[Api]:
    """An app behind a trusted proxy (the test client), so each request may name its client address."""
    with running_api(fresh_database_url, tmp_path / "data", assistants, trusted_proxies="testclient") as running:
        yield running


def login(api: Api, username: str, password: str, address: str = "10.0.0.1") -> httpx.Response:
    body = {"username": username, "password": password}
    return api.client.post("/api/v1/auth/login", json=body, headers={"X-Forwarded-For": address})


def assert_throttled(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 429, response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 900
    body: dict[str, Any] = response.json()
    assert "too many" in body["detail"]
    return body


def test_the_sixth_wrong_password_for_an_account_is_refused_even_from_another_address(proxied: Api) -> None:
    proxied.add_agent("alice")
    for n in range(5):
        assert login(proxied, "alice", "wrong-password", f"10.0.0.{n}").status_code == 401
    assert_throttled(login(proxied, "alice", "wrong-password", "10.9.9.9"))
    assert_throttled(login(proxied, "alice", PASSWORD, "10.9.9.9"))  # locked: the right password waits too
    assert login(proxied, "alice", PASSWORD, "10.0.0.1").headers["Retry-After"] == "900"
    proxied.add_agent("bob")
    assert login(proxied, "bob", PASSWORD, "10.0.0.1").status_code == 200  # other accounts are unaffected


def test_a_successful_login_resets_the_accounts_count(proxied: Api) -> None:
    proxied.add_agent("alice")
    for _ in range(4):
        assert login(proxied, "alice", "wrong-password").status_code == 401
    assert login(proxied, "alice", PASSWORD).status_code == 200
    for _ in range(5):
        assert login(proxied, "alice", "wrong-password").status_code == 401


def test_one_address_trying_many_names_is_refused_after_twenty_failures(proxied: Api) -> None:
    for n in range(20):
        assert login(proxied, f"guess-{n}", "wrong-password", "10.6.6.6").status_code == 401
    assert_throttled(login(proxied, "guess-20", "wrong-password", "10.6.6.6"))
    assert login(proxied, "guess-20", "wrong-password", "10.7.7.7").status_code == 401


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(api: Api) -> None:
    for n in range(20):  # a different claimed address each time, all from the same real one
        assert login(api, f"guess-{n}", "wrong-password", f"10.1.1.{n}").status_code == 401
    assert_throttled(login(api, "guess-20", "wrong-password", "10.1.1.99"))


def test_only_the_address_the_trusted_proxy_saw_counts(proxied: Api) -> None:
    for n in range(20):  # the client makes up the left part of X-Forwarded-For; the proxy appends what it saw
        assert login(proxied, f"guess-{n}", "wrong-password", f"6.6.6.{n}, 10.2.2.2").status_code == 401
    assert_throttled(login(proxied, "guess-20", "wrong-password", "6.6.6.99, 10.2.2.2"))
    assert login(proxied, "guess-20", "wrong-password", "10.2.2.3").status_code == 401


def test_an_ipv6_client_counts_as_its_64_block(proxied: Api) -> None:
    for n in range(20):
        assert login(proxied, f"guess-{n}", "wrong-password", f"2001:db8::{n + 1:x}").status_code == 401
    assert_throttled(login(proxied, "guess-20", "wrong-password", "2001:db8::ffff:1"))
    assert login(proxied, "guess-20", "wrong-password", "2001:db8:0:1::1").status_code == 401


def test_an_unknown_name_costs_the_same_password_check_as_a_wrong_password(api: Api, hasher: CountingHasher) -> None:
    api.add_agent("alice")
    before = hasher.checks
    assert login(api, "alice", "wrong-password").status_code == 401
    wrong_password = hasher.checks - before
    assert login(api, "nobody", "wrong-password").status_code == 401
    unknown_name = hasher.checks - before - wrong_password
    assert wrong_password == unknown_name == 1


def test_password_checks_run_two_at_a_time(
    fresh_database_url: str, tmp_path: Path, assistants: Assistants, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = CountingHasher(pause=0.2)
    monkeypatch.setattr(security, "_hasher", slow)
    settings = {"trusted_proxies": "testclient", "login_hash_wait_seconds": 30.0}  # none waits too long here
    with running_api(fresh_database_url, tmp_path / "data", assistants, **settings) as api:
        for n in range(8):  # one account each: more concurrent logins to one account than it may fail are refused
            api.add_agent(f"agent-{n}")
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda n: login(api, f"agent-{n}", PASSWORD, f"10.0.0.{n}"), range(8)))
    assert [r.status_code for r in answers] == [200] * 8
    assert slow.most_at_once == 2


def test_a_login_waiting_too_long_for_a_password_check_is_told_to_retry(
    fresh_database_url: str, tmp_path: Path, assistants: Assistants, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = CountingHasher(pause=3.0)  # long enough for all three to be waiting at once, even on a busy machine
    monkeypatch.setattr(security, "_hasher", slow)
    settings = {"trusted_proxies": "testclient", "login_concurrent_hashes": 1, "login_hash_wait_seconds": 0.2}
    with running_api(fresh_database_url, tmp_path / "data", assistants, **settings) as api:
        api.add_agent("alice")
        with ThreadPoolExecutor(3) as pool:
            answers = list(pool.map(lambda n: login(api, "alice", PASSWORD, f"10.0.0.{n}"), range(3)))
    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 429, 429]
    assert all(r.headers["Retry-After"] == "1" for r in answers if r.status_code == 429)
    assert slow.most_at_once == 1


@pytest.mark.redis
def test_failures_are_counted_across_workers_with_redis(
    fresh_database_url: str, tmp_path: Path, assistants: Assistants
) -> None:
    settings = {"trusted_proxies": "testclient", "redis_url": REDIS_URL}
    with (
        running_api(fresh_database_url, tmp_path / "a", assistants, **settings) as a,
        running_api(fresh_database_url, tmp_path / "b", assistants, **settings) as b,
    ):
        a.add_agent("alice")
        for worker in (a, b, a, b, a):
            assert login(worker, "alice", "wrong-password").status_code == 401
        assert_throttled(login(b, "alice", PASSWORD))
