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

import redis.asyncio as aioredis

from tandem.api import redis_outage
from tandem.domain.events import LiveEvent

QUEUE_LIMIT = 256  # per client: memory stays bounded however slow a browser is
RESUBSCRIBE_SECONDS = 1.0  # how soon the listener tries Redis again after losing it


class Hub:
    def __init__(self, redis_url: str | None = None, namespace: str = "tandem") -> None:
        self._prefix = f"{namespace}:events:"
        self._subscribers: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._redis_url = redis_url
        self._redis = redis_outage.client(redis_url) if redis_url else None
        self._outage = redis_outage.Outage("live updates stay within each worker", "live updates cross workers again")
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
        """Thread-safe; called by services from request threads. The event becomes JSON here, once. While Redis
        does not answer, it reaches this worker's sockets only: what it reports is stored already, and the pages
        of the other workers' clients read it when they next poll."""
        data = event.as_json()
        if self._redis is not None:
            try:
                with self._outage.guard():
                    self._redis.publish(self._prefix + channel, json.dumps(data))
                return
            except redis_outage.FAILURES:
                pass
        if self._loop is not None:
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
        """Every worker's events, from Redis, to this worker's sockets; subscribed again whenever Redis comes back."""
        while True:
            client = aioredis.Redis.from_url(url, socket_connect_timeout=redis_outage.TIMEOUT_SECONDS)
            pubsub = client.pubsub()
            try:
                await pubsub.psubscribe(self._prefix + "*")
                ready.set()
                self._outage.answered()
                async for item in pubsub.listen():
                    if item["type"] != "pmessage":
                        continue
                    channel = item["channel"].decode()[len(self._prefix) :]
                    self._deliver(channel, json.loads(item["data"]))
            except redis_outage.FAILURES as error:
                self._outage.failed(error)
            finally:
                with contextlib.suppress(*redis_outage.FAILURES, OSError):
                    await pubsub.aclose()
                    await client.aclose()
            await asyncio.sleep(RESUBSCRIBE_SECONDS)
