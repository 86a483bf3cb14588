"""Where the presence leases live: in this process (one worker), or in Redis (several workers, any of which may
die without a word). A lease is one live socket of an agent, with the time it ends unless its worker renews it."""

import threading
from collections.abc import Mapping
from typing import Protocol

from tandem.api import redis_outage

# Keys of agents nobody holds a lease for any more vanish after a day; a worker sweeps long before that.
KEY_TTL_SECONDS = 86_400


class Leases(Protocol):
    def hold(self, agent_id: int, connection: str, until: float) -> None:
        """Starts, renews or (with `until` = now) ends one connection's lease."""

    def renew(self, held: Mapping[str, int], until: float) -> None:
        """Pushes back the end of every lease in `held` (connection id -> agent id)."""

    def last_end(self, agent_id: int) -> float | None:
        """When the agent's last lease ends (or ended); None when they hold none."""

    def drop(self, agent_id: int, ended_by: float) -> None:
        """Forgets the agent's leases that ended by `ended_by`."""

    def agents(self) -> list[int]:
        """The agents who hold, or held, a lease not yet dropped."""

    def close(self) -> None: ...


class LocalLeases:
    def __init__(self) -> None:
        self._ends: dict[int, dict[str, float]] = {}
        self._lock = threading.Lock()  # sockets come and go on the event loop; the sweep runs on a thread

    def hold(self, agent_id: int, connection: str, until: float) -> None:
        with self._lock:
            self._ends.setdefault(agent_id, {})[connection] = until

    def renew(self, held: Mapping[str, int], until: float) -> None:
        for connection, agent_id in held.items():
            self.hold(agent_id, connection, until)

    def last_end(self, agent_id: int) -> float | None:
        with self._lock:
            return max(self._ends.get(agent_id, {}).values(), default=None)

    def drop(self, agent_id: int, ended_by: float) -> None:
        with self._lock:
            kept = {c: end for c, end in self._ends.get(agent_id, {}).items() if end > ended_by}
            if kept:
                self._ends[agent_id] = kept
            else:
                self._ends.pop(agent_id, None)

    def agents(self) -> list[int]:
        with self._lock:
            return list(self._ends)

    def close(self) -> None:
        pass


class RedisLeases:
    """One sorted set per agent (connection id scored by the lease's end) and a set of the agents that have one.
    A worker killed with its sockets leaves its leases behind; they end on their own, and any worker's sweep
    sees it. While Redis does not answer every call fails at once (tandem.api.redis_outage): the sweep sets nobody
    offline, and the connections opened meanwhile are recorded by the first renewal that reaches it."""

    def __init__(self, url: str, namespace: str) -> None:
        self._redis = redis_outage.client(url)
        self._prefix = f"{namespace}:presence:leases:"
        self._index = f"{namespace}:presence:agents"
        self._outage = redis_outage.Outage("agents' connections are not recorded", "agents' connections are recorded")

    def hold(self, agent_id: int, connection: str, until: float) -> None:
        self.renew({connection: agent_id}, until)

    def renew(self, held: Mapping[str, int], until: float) -> None:
        if not held:
            return
        with self._outage.guard():
            pipe = self._redis.pipeline()
            for connection, agent_id in held.items():
                pipe.zadd(self._prefix + str(agent_id), {connection: until})
                pipe.expire(self._prefix + str(agent_id), KEY_TTL_SECONDS)
                pipe.sadd(self._index, str(agent_id))
            pipe.expire(self._index, KEY_TTL_SECONDS)
            pipe.execute()

    def last_end(self, agent_id: int) -> float | None:
        with self._outage.guard():
            last = self._redis.zrange(self._prefix + str(agent_id), -1, -1, withscores=True)
        return float(last[0][1]) if last else None

    def drop(self, agent_id: int, ended_by: float) -> None:
        key = self._prefix + str(agent_id)
        with self._outage.guard():
            self._redis.zremrangebyscore(key, "-inf", ended_by)
            # As the local leases do: an agent with no lease left leaves the index, so sweeps stop reading them. A
            # lease taken meanwhile by another worker puts them back at its next renewal.
            if self._redis.zcard(key) == 0:
                self._redis.srem(self._index, str(agent_id))

    def agents(self) -> list[int]:
        with self._outage.guard():
            return [int(member) for member in self._redis.smembers(self._index)]

    def close(self) -> None:
        self._redis.close()
