"""Agents' live connections. Each workspace socket holds a lease that its worker renews; an agent whose last
lease ended, and who does not come back within a grace period (a page reload, a flaky network, a worker that
died), is set offline: their conversations return to the queue.

A socket that closes ends its lease at once; a worker killed with its sockets stops renewing, so their leases
end LEASE_SECONDS later. Either way every worker's sweep notices. Agents still at work when this worker
started and who never come back are set offline once the grace period has passed."""

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable

from tandem.api import redis_outage
from tandem.api.leases import Leases, LocalLeases, RedisLeases
from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import NotFound

log = logging.getLogger(__name__)
SWEEP_EVERY_SECONDS = 2.0  # how often a worker renews its leases and looks for agents who are gone
LEASE_SECONDS = 10.0  # a lease outlives a few missed renewals: a busy worker does not lose its agents
SETTLE_MARGIN_SECONDS = 0.05  # the check after a close runs just past the grace period, never just before


class Presence:
    def __init__(
        self,
        grace_seconds: float,
        leases: Leases,
        gone: Callable[[int], object],
        lease_seconds: float = LEASE_SECONDS,
        now: Callable[[], float] = time.time,  # wall time: leases are compared across workers
    ) -> None:
        self._grace, self._leases, self._gone = grace_seconds, leases, gone
        self._lease, self._now = lease_seconds, now
        self._held: dict[str, int] = {}  # this worker's sockets: connection id -> agent id
        self._expected: set[int] = set()
        self._expected_by = 0.0
        self._pending: set[asyncio.Task[None]] = set()

    def connected(self, agent_id: int) -> str:
        """A socket of the agent opened on this worker; returns its connection id."""
        connection = uuid.uuid4().hex
        self._held[connection] = agent_id
        with contextlib.suppress(*redis_outage.FAILURES):  # Redis gone: the first renewal that reaches it records it
            self._leases.hold(agent_id, connection, self._now() + self._lease)
        return connection

    def disconnected(self, agent_id: int, connection: str) -> None:
        """The socket closed: its lease ends now; after the grace period the agent is gone if nothing replaced it."""
        self._held.pop(connection, None)
        with contextlib.suppress(*redis_outage.FAILURES):  # Redis gone: the lease ends on its own, a lease later
            self._leases.hold(agent_id, connection, self._now())
        task = asyncio.create_task(self._settle_later(agent_id))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def online(self, agent_id: int) -> bool:
        last = self._leases.last_end(agent_id)
        return last is not None and last > self._now()

    def expect(self, agent_ids: Iterable[int]) -> None:
        """Agents at work (by the database) when this worker started: offline after the grace period unless
        they connect (a crash took their sockets; their leases, if any, are swept as usual)."""
        self._expected = set(agent_ids)
        self._expected_by = self._now() + self._grace

    def tick(self) -> None:
        """Renews this worker's leases and sets offline whoever is gone. Blocking: run it on a thread."""
        self._leases.renew(dict(self._held), self._now() + self._lease)
        if self._expected and self._now() >= self._expected_by:
            expected, self._expected = self._expected, set()
            for agent_id in expected:
                if self._leases.last_end(agent_id) is None:  # a lease, even an ended one, is the sweep's
                    self._gone(agent_id)
        for agent_id in self._leases.agents():
            self._settle(agent_id)

    async def stop(self) -> None:
        for task in list(self._pending):
            task.cancel()
        # Leaving in good order: this worker's leases end now, so another worker's sweep takes over at once. With
        # Redis gone they end on their own a lease later: the worker stops all the same.
        now = self._now()
        with contextlib.suppress(*redis_outage.FAILURES):
            for connection, agent_id in self._held.items():
                self._leases.hold(agent_id, connection, now)
        self._leases.close()

    def _settle(self, agent_id: int) -> None:
        """Sets the agent offline if their last lease ended more than the grace period ago."""
        ended_by = self._now() - self._grace
        last = self._leases.last_end(agent_id)
        if last is None or last > ended_by:
            return
        self._gone(agent_id)  # before forgetting the lease: if this fails, the next sweep tries again
        self._leases.drop(agent_id, ended_by)

    async def _settle_later(self, agent_id: int) -> None:
        await asyncio.sleep(self._grace + SETTLE_MARGIN_SECONDS)
        try:
            await asyncio.to_thread(self._settle, agent_id)
        except redis_outage.FAILURES:
            pass  # Redis gone (said once in the log): the sweep settles it once Redis answers
        except Exception:  # the sweep retries; a failed check must not be lost silently either
            log.exception("presence check of agent %s failed", agent_id)


def presence_for(
    grace_seconds: float,
    redis_url: str | None,
    namespace: str,
    set_status: Callable[[Principal, AgentStatus], object],
) -> Presence:
    """Leases in Redis when workers share it (a reconnect may land on another worker), else in this process.
    An agent who is gone goes offline the normal way: their conversations go back to the queue."""
    leases: Leases = RedisLeases(redis_url, namespace) if redis_url else LocalLeases()

    def gone(agent_id: int) -> None:
        log.info("agent %s lost their last connection: offline", agent_id)
        with contextlib.suppress(NotFound):  # an account deleted meanwhile has nothing left to hand back
            set_status(Principal(PrincipalKind.AGENT, agent_id=agent_id), AgentStatus.OFFLINE)

    return Presence(grace_seconds, leases, gone)
