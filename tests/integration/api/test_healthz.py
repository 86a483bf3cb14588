"""`/healthz` answers at once whatever the load, from the last database probe: 503 when the database is gone."""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from tandem.api.app import create_app
from tandem.api.container import Container
from tandem.api.health import STALE_AFTER_SECONDS, Health
from tandem.dialogue.assistants import Assistants
from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.conversations import Role
from tandem.settings import Settings
from tandem.staff.service import AgentView
from tandem.store import default_url, make_engine, upgrade

from .conftest import bearer, eventually, running_api
from .served import served

REQUEST_THREADS = 40  # anyio's default thread limiter: every sync endpoint and dependency runs on one of these
SLOW_REQUESTS = 50  # ten more wait for a thread
HEALTHZ_TIMEOUT = 10  # seconds: well below the 30 s the slow requests hold their threads, well above any lag


@pytest.fixture
def engine_on(fresh_database_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_database_url)
    yield engine
    engine.dispose()


def test_healthz_answers_at_once_while_every_request_thread_is_busy(
    engine_on: Engine, tmp_path: Path, assistants: Assistants, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(Settings(demo=True, data_dir=tmp_path, domains="ecommerce"), assistants, engine_on)
    with served(app) as base:
        container: Container = app.state.container
        alice = container.staff.add("alice", "pw-alice-1234", Role.AGENT)
        token = container.tokens.for_staff(alice.id, PrincipalKind.AGENT, datetime.now(UTC))
        entered, release = threading.Semaphore(0), threading.Event()
        original = container.staff.me

        def slow(principal: Principal) -> AgentView:
            entered.release()
            release.wait(30)
            return original(principal)

        monkeypatch.setattr(container.staff, "me", slow)
        with ThreadPoolExecutor(SLOW_REQUESTS) as pool:
            try:
                pending = [
                    pool.submit(httpx.get, f"{base}/api/v1/agents/me", headers=bearer(token), timeout=60)
                    for _ in range(SLOW_REQUESTS)
                ]
                for _ in range(REQUEST_THREADS):
                    assert entered.acquire(timeout=30), "the slow requests never took every thread"
                # Every request thread is held until `release`: an answer that needed one could only come after it.
                answer = httpx.get(f"{base}/healthz", timeout=HEALTHZ_TIMEOUT)
                still_held = not any(f.done() for f in pending)
            finally:
                release.set()
            assert all(f.result().status_code == 200 for f in pending)

    assert still_held, "a slow request finished before /healthz answered: the threads were not all held"
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_healthz_is_503_once_the_database_is_gone(tmp_path: Path, assistants: Assistants) -> None:
    url = default_url(tmp_path / "db")
    upgrade(url)
    with running_api(url, tmp_path / "data", assistants) as api:
        assert api.client.get("/healthz").json() == {"status": "ok"}
        database = tmp_path / "db" / "tandem.db"
        database.rename(tmp_path / "db" / "moved.db")
        database.mkdir()  # the file is a directory now: SQLite cannot open it

        eventually(lambda: api.client.get("/healthz").status_code == 503, timeout=10)

        assert api.client.get("/healthz").json() == {"status": "unavailable"}


def test_a_database_that_refuses_connections_is_unhealthy() -> None:
    health = Health(make_engine("postgresql+psycopg://postgres@127.0.0.1:1/test"))

    assert health.probe() is False
    assert health.healthy() is False


def test_a_good_answer_that_is_too_old_no_longer_counts(tmp_path: Path) -> None:
    now = [100.0]
    health = Health(make_engine(default_url(tmp_path)), now=lambda: now[0])
    assert health.probe() is True
    now[0] += STALE_AFTER_SECONDS - 1
    assert health.healthy() is True

    now[0] += 2  # the probe got stuck: nothing new for longer than STALE_AFTER_SECONDS

    assert health.healthy() is False
