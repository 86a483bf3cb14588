"""The two lease stores answer alike: a dropped agent leaves the index the sweeps read, a renewal brings them back."""

import secrets
from collections.abc import Iterator

import pytest
import redis

from tandem.api.leases import Leases, LocalLeases, RedisLeases

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=[pytest.param("local"), pytest.param("redis", marks=pytest.mark.redis)])
def leases(request: pytest.FixtureRequest) -> Iterator[Leases]:
    if request.param == "local":
        yield LocalLeases()
        return
    namespace = f"tandem-test-{secrets.token_hex(4)}"
    store = RedisLeases(REDIS_URL, namespace)
    try:
        yield store
    finally:
        store.close()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=namespace + ":*"):
            client.delete(key)
        client.close()


def test_an_agent_whose_leases_all_ended_leaves_the_index(leases: Leases) -> None:
    leases.hold(7, "tab-a", 100.0)
    leases.hold(7, "tab-b", 110.0)
    leases.hold(8, "tab-c", 100.0)
    leases.drop(7, 105.0)  # tab-a ended, tab-b not yet
    assert sorted(leases.agents()) == [7, 8] and leases.last_end(7) == 110.0
    leases.drop(7, 120.0)
    assert leases.agents() == [8] and leases.last_end(7) is None
    leases.renew({"tab-d": 7}, 200.0)  # a new socket on some worker: back in the sweep
    assert sorted(leases.agents()) == [7, 8] and leases.last_end(7) == 200.0
