"""Counting attempts in fixed time windows: the login throttle and the request rate limits, without I/O.

A window opens at a key's first attempt and closes `seconds` later, as Redis INCR + EXPIRE do, so the in-memory
counter here and the Redis one in `tandem.api.ratelimit` answer alike.
"""

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from tandem.domain.errors import TooManyRequests

MAX_KEYS = 100_000  # one worker's memory stays bounded however many names and addresses are tried


@dataclass(frozen=True, slots=True)
class Hit:
    count: int  # attempts in the current window, this one included
    retry_after: float  # seconds until the window closes


@dataclass(frozen=True, slots=True)
class Limit:
    count: int  # most attempts in a window; 0 turns the limit off
    seconds: float


class Counter(Protocol):
    def hit(self, key: str, seconds: float) -> Hit:
        """Counts one attempt; opens a window of `seconds` if none is open."""

    def give_back(self, key: str) -> None:
        """Takes one attempt back (it turned out to be a success), within the open window."""

    def clear(self, key: str) -> None:
        """Forgets the key's window."""


class MemoryCounter:
    """Windows of one worker, safe to share between its request threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS) -> None:
        self._clock, self._max_keys = clock, max_keys
        self._windows: dict[str, tuple[int, float]] = {}  # key -> (count, when the window closes)
        self._lock = threading.Lock()

    def hit(self, key: str, seconds: float) -> Hit:
        now = self._clock()
        with self._lock:
            count, closes = self._windows.get(key, (0, now))
            if closes <= now:
                if len(self._windows) >= self._max_keys:
                    self._prune(now)
                count, closes = 0, now + seconds
            self._windows[key] = (count + 1, closes)
        return Hit(count + 1, closes - now)

    def give_back(self, key: str) -> None:
        with self._lock:
            count, closes = self._windows.get(key, (0, 0.0))
            if count > 0 and closes > self._clock():
                self._windows[key] = (count - 1, closes)

    def clear(self, key: str) -> None:
        with self._lock:
            self._windows.pop(key, None)

    def _prune(self, now: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if v[1] > now}
        if len(self._windows) >= self._max_keys:  # all still open: the tenth closest to closing goes first
            keep = sorted(self._windows.items(), key=lambda item: item[1][1])[self._max_keys // 10 :]
            self._windows = dict(keep)


def check(counter: Counter, key: str, limit: Limit, what: str) -> None:
    """Counts an attempt against `limit`; raises TooManyRequests once the window holds more than it allows."""
    if limit.count <= 0:
        return
    hit = counter.hit(key, limit.seconds)
    if hit.count > limit.count:
        wait = max(1, math.ceil(hit.retry_after))
        raise TooManyRequests(f"too many {what}; try again in {wait} s", wait)


class LoginThrottle:
    """Failed logins per account and per client address. A login counts as a failure from the start, so that
    concurrent guesses cannot all slip past the check; a success takes its address attempt back and clears the
    account's count."""

    def __init__(self, counter: Counter, per_account: Limit, per_address: Limit) -> None:
        self._counter, self._per_account, self._per_address = counter, per_account, per_address

    def attempt(self, username: str, address: str) -> None:
        """Raises TooManyRequests when either has failed too often lately; the same for unknown names."""
        check(self._counter, self._address(address), self._per_address, "failed logins from this address")
        check(self._counter, self._account(username), self._per_account, "failed logins for this account")

    def succeeded(self, username: str, address: str) -> None:
        if self._per_address.count > 0:
            self._counter.give_back(self._address(address))
        self._counter.clear(self._account(username))

    def not_tried(self, username: str, address: str) -> None:
        """The attempt never got to the password (the server was too busy): it counts as no failure."""
        if self._per_address.count > 0:
            self._counter.give_back(self._address(address))
        if self._per_account.count > 0:
            self._counter.give_back(self._account(username))

    @staticmethod
    def _account(username: str) -> str:
        return "login:account:" + username.strip().casefold()

    @staticmethod
    def _address(address: str) -> str:
        return "login:address:" + address
