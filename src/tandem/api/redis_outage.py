"""Redis gone for a while (TANDEM_REDIS_URL): what leans on it carries on without it and says so once in the log.

The shared rate-limit counts fall back to each worker's own (tandem.api.ratelimit), live events to this worker's
sockets (tandem.api.hub); a request that needs Redis and cannot do without is a 503 (tandem.api.errors), never a
500. After a failure Redis is not tried again for `RETRY_AFTER_SECONDS`, so an outage costs requests nothing
more than the first failed call, which waits at most twice `TIMEOUT_SECONDS`.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
FAILURES = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
RETRY_AFTER_SECONDS = 5.0
TIMEOUT_SECONDS = 1.0  # to connect, and for an answer (Redis answers in well under a millisecond)
RETRIES = 1  # at once: a pooled connection Redis dropped is replaced; a Redis that is gone costs two tries


def client(url: str) -> redis.Redis:
    """A blocking client that gives up after two tries of `TIMEOUT_SECONDS` at most, instead of redis-py's default
    of waiting forever and trying four times with growing pauses."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), RETRIES),
    )


class Outage:
    """Whether Redis is worth trying now, for one user of it; thread-safe. The log says `while_down` when an outage
    starts, `once_back` when it ends."""

    def __init__(self, while_down: str, once_back: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._while_down, self._once_back, self._clock = while_down, once_back, clock
        self._down_until: float | None = None
        self._lock = threading.Lock()

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Around one use of Redis: raises `Resting` at once while a recent failure says not to try yet; notes a
        failure (and lets it through) or a success."""
        if self.skip():
            raise Resting("Redis failed a moment ago")
        try:
            yield
        except FAILURES as error:
            self.failed(error)
            raise
        self.answered()

    def skip(self) -> bool:
        """True while a recent failure says not to try yet."""
        with self._lock:
            return self._down_until is not None and self._clock() < self._down_until

    def failed(self, error: Exception) -> None:
        with self._lock:
            first = self._down_until is None
            self._down_until = self._clock() + RETRY_AFTER_SECONDS
        if first:
            log.warning("Redis does not answer (%s): %s until it does", type(error).__name__, self._while_down)

    def answered(self) -> None:
        with self._lock:
            was_down, self._down_until = self._down_until is not None, None
        if was_down:
            log.warning("Redis answers again: %s", self._once_back)


class Resting(redis.exceptions.ConnectionError):
    """Not tried: Redis failed less than `RETRY_AFTER_SECONDS` ago."""
