"""Presence survives crashes: an agent whose sockets died with their worker goes offline once their lease ends
and the grace period passes, their conversations back in the queue; one who is connected stays at work."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tandem.api.leases import RedisLeases
from tandem.api.presence import SWEEP_EVERY_SECONDS, Presence
from tandem.dialogue.assistants import Assistants

from ..conftest import migrated_database
from .conftest import Api, Chat, eventually, next_event, running_api
from .sockets import live_socket

REDIS_URL = "redis://127.0.0.1:6379/0"
GRACE = 0.3
DEAD_LEASE = 0.5  # the lease a killed worker left behind: never renewed, it ends this long after it was taken
SETTLED = DEAD_LEASE + GRACE + 2 * SWEEP_EVERY_SECONDS + 3  # long enough for any worker's sweep to act


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql-redis", marks=[pytest.mark.postgres, pytest.mark.redis]),
    ]
)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """A fresh database, and Redis with PostgreSQL (several workers share presence there)."""
    with migrated_database(request.param, tmp_path / "db") as url:
        yield url, (REDIS_URL if request.param == "postgresql" else None)


@contextmanager
def _api(database: tuple[str, str | None], data: Path, assistants: Assistants) -> Iterator[Api]:
    url, redis_url = database
    with running_api(url, data, assistants, presence_grace_seconds=GRACE, redis_url=redis_url) as api:
        yield api


@pytest.fixture
def api(database: tuple[str, str | None], tmp_path: Path, assistants: Assistants) -> Iterator[Api]:
    with _api(database, tmp_path / "data", assistants) as running:
        yield running


@pytest.fixture
def redis_api(tmp_path: Path, assistants: Assistants) -> Iterator[Api]:
    with (
        migrated_database("postgresql", tmp_path / "db") as url,
        _api((url, REDIS_URL), tmp_path / "data", assistants) as running,
    ):
        yield running


def _status(api: Api, token: str) -> str:
    return str(api.me(token)["status"])


def _agent_id(api: Api, token: str) -> int:
    return int(api.me(token)["id"])


def _dead_worker_lease(api: Api, agent_id: int) -> None:
    """What a worker killed with an agent's socket leaves in Redis: a lease nobody renews."""
    container = api.container
    namespace = container.settings.redis_namespace(container.engine.url.render_as_string(hide_password=True))
    assert container.settings.redis_url is not None
    leases = RedisLeases(container.settings.redis_url, namespace)
    Presence(GRACE, leases, gone=lambda _: None, lease_seconds=DEAD_LEASE).connected(agent_id)
    leases.close()  # the worker is gone: no renewal, no clean-up


def _assigned_to(api: Api, token: str) -> Chat:
    chat = api.open()
    api.escalate(chat)
    assert [item["id"] for item in api.mine(token)] == [chat.id]
    return chat


def test_agents_left_at_work_by_a_dead_worker_go_offline_once_a_new_one_has_waited_the_grace_period(
    database: tuple[str, str | None], tmp_path: Path, assistants: Assistants
) -> None:
    with _api(database, tmp_path / "first", assistants) as first:  # killed: nothing left but its database rows
        token = first.add_agent("alice", status="available")
        chat = _assigned_to(first, token)

    with _api(database, tmp_path / "second", assistants) as api:
        assert _status(api, token) == "available"  # not at once: the grace period is for coming back

        eventually(lambda: _status(api, token) == "offline", timeout=SETTLED)

        assert api.thread(chat)["status"] == "queued"
        assert api.mine(token) == []


@pytest.mark.redis
@pytest.mark.postgres
def test_a_lease_nobody_renews_ends_and_its_agent_goes_offline(redis_api: Api) -> None:
    """Leases outlive a worker only in Redis; without it the worker is the whole server (the test above)."""
    api = redis_api
    token = api.add_agent("alice", status="available")
    chat = _assigned_to(api, token)

    _dead_worker_lease(api, _agent_id(api, token))

    eventually(lambda: _status(api, token) == "offline", timeout=SETTLED)
    assert api.thread(chat)["status"] == "queued"
    assert not api.container.presence.online(_agent_id(api, token))


def test_a_ghost_lease_neither_keeps_a_connected_agent_nor_a_gone_one(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    agent_id = _agent_id(api, token)
    if api.container.settings.redis_url is not None:
        _dead_worker_lease(api, agent_id)
    chat = _assigned_to(api, token)

    with live_socket(api.client, token) as ws:
        time.sleep(DEAD_LEASE + GRACE + 2 * SWEEP_EVERY_SECONDS)  # the ghost's lease ended and was swept
        assert _status(api, token) == "available"
        api.say(chat, "Are you there?")
        next_event(ws, lambda e: e["type"] == "message" and e["message"]["text"] == "Are you there?")

    eventually(lambda: _status(api, token) == "offline", timeout=SETTLED)  # a proper log-off still works
    assert api.thread(chat)["status"] == "queued"
    assert not api.container.presence.online(agent_id)


def test_two_tabs_count_as_one_agent_until_both_close(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    agent_id = _agent_id(api, token)

    with live_socket(api.client, token):
        with live_socket(api.client, token):
            assert api.container.presence.online(agent_id)
        time.sleep(GRACE + SWEEP_EVERY_SECONDS)
        assert api.container.presence.online(agent_id)
        assert _status(api, token) == "available"

    eventually(lambda: _status(api, token) == "offline", timeout=SETTLED)
    assert not api.container.presence.online(agent_id)
    with live_socket(api.client, token):  # back again: counted from zero, not from below it
        assert api.container.presence.online(agent_id)
