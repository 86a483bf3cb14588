"""Live updates: services publish to channels, WebSocket clients listen.

With one worker, events go straight from the publishing thread to this process's sockets. With
`TANDEM_REDIS_URL`, every event goes through Redis pub/sub so that a customer on one worker hears an agent
typing on another.
"""

import asyncio
import contextlib
import json
from collections import defaultdict
from typing import Any

import redis
import redis.asyncio as aioredis

from tandem.domain.events import LiveEvent

QUEUE_LIMIT = 256  # per client: memory stays bounded however slow a browser is


class Hub:
    def __init__(self, redis_url: str | None = None, namespace: str = "tandem") -> None:
        self._prefix = f"{namespace}:events:"
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._redis_url = redis_url
        self._redis = redis.Redis.from_url(redis_url) if redis_url else None
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self._redis_url:
            ready = asyncio.Event()
            self._listener = asyncio.create_task(self._listen(self._redis_url, ready))
            await asyncio.wait_for(ready.wait(), timeout=10)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._redis is not None:
            self._redis.close()

    def publish(self, channel: str, event: LiveEvent) -> None:
        """Thread-safe; called by services from request threads. The event becomes JSON here, once."""
        data = event.as_json()
        if self._redis is not None:
            self._redis.publish(self._prefix + channel, json.dumps(data))
        elif self._loop is not None:
            self._loop.call_soon_threadsafe(self._deliver, channel, data)

    def subscribe(self, channels: list[str]) -> asyncio.Queue[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_LIMIT)
        for channel in channels:
            self._subscribers[channel].add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        for channel in list(self._subscribers):
            self._subscribers[channel].discard(queue)
            if not self._subscribers[channel]:
                del self._subscribers[channel]

    def _deliver(self, channel: str, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers.get(channel, ())):
            if queue.full():  # a slow client loses its oldest update; its page re-reads state when it polls
                queue.get_nowait()
            queue.put_nowait(event)

    async def _listen(self, url: str, ready: asyncio.Event) -> None:
        client = aioredis.Redis.from_url(url)
        pubsub = client.pubsub()
        try:
            await pubsub.psubscribe(self._prefix + "*")
            ready.set()
            async for item in pubsub.listen():
                if item["type"] != "pmessage":
                    continue
                channel = item["channel"].decode()[len(self._prefix) :]
                self._deliver(channel, json.loads(item["data"]))
        finally:
            await pubsub.aclose()
            await client.aclose()
