"""PostgreSQL connections are checked before use only after sitting idle (store/database.py `_ping_when_idle`):
a dead idle one is replaced before any request sees it; one that died a moment after use fails one request,
and the pool then drops every connection of that server. And connections that concurrent requests needed are kept,
not opened and closed again at every burst."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tandem.store import database
from tandem.store.database import make_engine

from ..conftest import POSTGRES_URL

pytestmark = pytest.mark.postgres


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _kill(pid: int) -> None:
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    finally:
        admin.dispose()


def test_a_connection_that_died_while_idle_is_replaced_before_use(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(POSTGRES_URL)
    try:
        first = _backend_pid(engine)
        _kill(first)
        monkeypatch.setattr(database, "IDLE_PING_SECONDS", 0.0)  # it has now been idle long enough
        assert _backend_pid(engine) != first  # no error: the dead connection was swapped at checkout
    finally:
        engine.dispose()


def test_a_connection_that_died_just_after_use_fails_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "IDLE_PING_SECONDS", 3600.0)
    engine = make_engine(POSTGRES_URL)
    try:
        first = _backend_pid(engine)
        _kill(first)
        with pytest.raises(DBAPIError) as failed:
            _backend_pid(engine)
        assert failed.value.connection_invalidated
        assert _backend_pid(engine) != first  # the pool started afresh
    finally:
        engine.dispose()


def test_connections_a_burst_needed_are_kept_for_the_next_one() -> None:
    """As many connections at once as the web server has request threads (POOL_SIZE), twice: the second burst
    runs on the first one's connections. (With 10 kept and the rest opened on demand, 30 were new each time.)"""
    engine = make_engine(POSTGRES_URL)
    at_once = database.POOL_SIZE

    def burst() -> set[int]:
        together = threading.Barrier(at_once)

        def request(_: int) -> int:
            with engine.connect() as connection:
                together.wait(timeout=60)  # every connection checked out at the same time
                return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())

        with ThreadPoolExecutor(at_once) as pool:
            return set(pool.map(request, range(at_once)))

    try:
        first = burst()
        assert len(first) == at_once
        assert burst() == first
    finally:
        engine.dispose()
