"""The database probe behind `/healthz`.

A background task asks the database every few seconds, on a thread of its own and through a connection of its
own, so `/healthz` only reads the last answer: it never waits behind busy request threads or a full pool.
"""

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)
PROBE_EVERY_SECONDS = 2.0
# Older than this, the last good answer proves nothing: the probe itself is stuck (a database that hangs).
STALE_AFTER_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 3


@dataclass(frozen=True, slots=True)
class Probe:
    ok: bool
    at: float  # time.monotonic() when it finished


class Health:
    def __init__(self, engine: Engine, now: Callable[[], float] = time.monotonic) -> None:
        # NullPool: every probe opens a fresh connection, which is what "the database answers" should mean,
        # and never takes one of the request threads' pooled connections.
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_SECONDS} if engine.dialect.name == "postgresql" else {}
        self._engine = create_engine(engine.url, poolclass=NullPool, connect_args=connect_args)
        self._now = now
        self._last = Probe(ok=False, at=now())
        self._outage = False
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
        self._task: asyncio.Task[None] | None = None

    def healthy(self) -> bool:
        """The last probe succeeded, recently enough."""
        last = self._last
        return last.ok and self._now() - last.at <= STALE_AFTER_SECONDS

    def probe(self) -> bool:
        try:
            with self._engine.connect() as connection:
                ok = connection.execute(text("SELECT 1")).scalar() == 1
        except Exception as error:  # any failure to answer is "down"
            if not self._outage:  # once per outage, not every probe
                log.warning("database probe failed: %s", type(error).__name__)
            ok = False
        if ok and self._outage:
            log.info("database answers again")
        self._outage = not ok
        self._last = Probe(ok=ok, at=self._now())
        return ok

    async def start(self) -> None:
        await self._probe_once()
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._engine.dispose()

    async def _probe_once(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, self.probe)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(PROBE_EVERY_SECONDS)
            await self._probe_once()
