"""Agents' live connections. An agent whose last workspace socket closed, and who does not come back within
a grace period (a page reload, a flaky network), is set offline: their conversations return to the queue."""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import redis


class Presence:
    def __init__(self, grace_seconds: float, redis_url: str | None = None, namespace: str = "tandem") -> None:
        self._key = f"{namespace}:presence:agent:"
        self._grace = grace_seconds
        self._local: Counter[int] = Counter()
        # With several workers the count lives in Redis: a reconnect may land on another worker.
        self._redis = redis.Redis.from_url(redis_url) if redis_url else None
        self._pending: set[asyncio.Task[None]] = set()

    def connected(self, agent_id: int) -> None:
        if self._redis is not None:
            self._redis.incr(self._key + str(agent_id))
        else:
            self._local[agent_id] += 1

    def disconnected(self, agent_id: int, gone: Callable[[int], Awaitable[None]]) -> None:
        """Count the socket out; after the grace period, call `gone` if the agent has no socket left."""
        if self._redis is not None:
            self._redis.decr(self._key + str(agent_id))
        else:
            self._local[agent_id] -= 1
        task = asyncio.create_task(self._check_later(agent_id, gone))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def online(self, agent_id: int) -> bool:
        if self._redis is not None:
            return int(self._redis.get(self._key + str(agent_id)) or 0) > 0
        return self._local[agent_id] > 0

    async def stop(self) -> None:
        for task in list(self._pending):
            task.cancel()
        if self._redis is not None:
            self._redis.close()

    async def _check_later(self, agent_id: int, gone: Callable[[int], Awaitable[None]]) -> None:
        await asyncio.sleep(self._grace)
        if not self.online(agent_id):
            await gone(agent_id)
