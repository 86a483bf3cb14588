"""Rate limits of the public endpoints: who the client is, the limits from the settings, Redis-shared counts.

Counting itself is `tandem.staff.throttle`; with TANDEM_REDIS_URL the counts live in Redis (SET NX PX + INCR), so
every worker sees the same ones, otherwise in each worker's memory (and, while Redis does not answer, in each
worker's memory too: tandem.api.redis_outage).
"""

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request

from tandem.api import redis_outage
from tandem.domain.access import Principal
from tandem.settings import Settings
from tandem.staff.throttle import Counter, Hit, Limit, LoginThrottle, MemoryCounter, check

CONVERSATION_SECONDS = 10.0  # a burst of messages, then the window's average: about one a second by default
ADDRESS_MESSAGE_SECONDS = 60.0
ADDRESS_CONVERSATION_SECONDS = 3600.0

_T = TypeVar("_T")
# Taking an attempt back must not bring back a window that just closed (DECR would make a key without expiry).
_GIVE_BACK = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0"


class RedisCounter:
    """Windows shared by every worker: a key is made with its expiry, which closes the window, then counted. While
    Redis does not answer, each worker counts on its own (`standby`): the limits still hold, per worker."""

    def __init__(self, url: str, namespace: str) -> None:
        self._redis = redis_outage.client(url)
        self._prefix = f"{namespace}:limits:"
        self._give_back = self._redis.register_script(_GIVE_BACK)
        self.standby = MemoryCounter()
        self._outage = redis_outage.Outage("each worker counts the rate limits alone", "rate limits are shared again")

    def hit(self, key: str, seconds: float) -> Hit:
        return self._shared(lambda: self._hit(key, seconds), lambda: self.standby.hit(key, seconds))

    def give_back(self, key: str) -> None:
        self._shared(lambda: self._give_back(keys=[self._prefix + key]), lambda: self.standby.give_back(key))

    def clear(self, key: str) -> None:
        self._shared(lambda: self._redis.delete(self._prefix + key), lambda: self.standby.clear(key))

    def _hit(self, key: str, seconds: float) -> Hit:
        name = self._prefix + key
        with self._redis.pipeline(transaction=True) as pipe:  # MULTI: no other worker's step in between
            pipe.set(name, 0, px=max(1, int(seconds * 1000)), nx=True)  # SET NX PX rather than EXPIRE NX: Redis < 7
            pipe.incr(name)
            pipe.pttl(name)
            _, count, left_ms = pipe.execute()
        return Hit(int(count), max(0, int(left_ms)) / 1000)

    def _shared(self, shared: Callable[[], _T], alone: Callable[[], _T]) -> _T:
        try:
            with self._outage.guard():
                return shared()
        except redis_outage.FAILURES:
            return alone()


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Customers' requests: new conversations per address, messages per conversation and per address."""

    counter: Counter
    per_conversation: Limit
    per_address: Limit
    new_per_address: Limit

    def opening(self, address: str) -> None:
        check(self.counter, f"open:address:{address}", self.new_per_address, "new conversations from this address")

    def posting(self, caller: Principal, address: str) -> None:
        # The conversation first: a flood refused there does not also use up its neighbours' address allowance.
        who = f"conversation:{caller.conversation_id}" if caller.conversation_id else f"agent:{caller.agent_id}"
        check(self.counter, f"post:{who}", self.per_conversation, "messages in this conversation")
        check(self.counter, f"post:address:{address}", self.per_address, "messages from this address")


def limits(settings: Settings, namespace: str) -> tuple[RateLimits, LoginThrottle]:
    """The request limits and the login throttle the settings ask for, on one counter."""
    counter: Counter = RedisCounter(settings.redis_url, namespace) if settings.redis_url else MemoryCounter()
    rates = RateLimits(
        counter,
        per_conversation=Limit(settings.rate_conversation_messages, CONVERSATION_SECONDS),
        per_address=Limit(settings.rate_address_messages, ADDRESS_MESSAGE_SECONDS),
        new_per_address=Limit(settings.rate_address_conversations, ADDRESS_CONVERSATION_SECONDS),
    )
    window = settings.login_window_seconds
    throttle = LoginThrottle(
        counter, Limit(settings.login_failures_per_account, window), Limit(settings.login_failures_per_address, window)
    )
    return rates, throttle


def client_address(request: Request, proxies: frozenset[str]) -> str:
    """The client as the limits count it: the connection's peer, or, when the peer is a trusted proxy, the
    nearest address in X-Forwarded-For that no trusted proxy wrote (what lies left of it the client may have
    made up). An IPv6 address counts as its /64: one subscriber usually holds a whole /64 to pick from."""
    peer = request.client.host if request.client else ""
    if peer not in proxies:
        return _subscriber(peer)
    forwarded = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
    for address in reversed([a.strip() for a in forwarded if a.strip()]):
        if address not in proxies:
            return _subscriber(address)
    return _subscriber(peer)


def _subscriber(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # not an address (a test client's name, a Unix socket): counted as it is
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # an IPv4 client on a dual-stack socket
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
