import pytest

from tandem.domain.errors import TooManyRequests
from tandem.staff.throttle import Limit, LoginThrottle, MemoryCounter, check


class Ticks:
    """A monotonic clock the test moves on by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_window_counts_from_its_first_hit_and_closes_after_its_seconds() -> None:
    ticks = Ticks()
    counter = MemoryCounter(ticks)
    assert [counter.hit("k", 60).count for _ in range(3)] == [1, 2, 3]
    ticks.now += 45
    hit = counter.hit("k", 60)
    assert (hit.count, hit.retry_after) == (4, 15)
    ticks.now += 15
    assert counter.hit("k", 60).count == 1  # a new window
    assert counter.hit("other", 60).count == 1


def test_check_refuses_past_the_limit_with_the_seconds_left() -> None:
    ticks = Ticks()
    counter = MemoryCounter(ticks)
    limit = Limit(count=2, seconds=10)
    check(counter, "k", limit, "messages")
    ticks.now += 2.5
    check(counter, "k", limit, "messages")
    with pytest.raises(TooManyRequests, match="too many messages; try again in 8 s") as refused:
        check(counter, "k", limit, "messages")
    assert refused.value.retry_after == 8  # 7.5 s left, rounded up: never "retry now"
    ticks.now += 7.5
    check(counter, "k", limit, "messages")


def test_a_zero_limit_is_off() -> None:
    counter = MemoryCounter(Ticks())
    for _ in range(100):
        check(counter, "k", Limit(count=0, seconds=10), "messages")
    assert counter.hit("k", 10).count == 1  # nothing was counted


def test_login_throttle_locks_an_account_from_any_address_until_its_window_closes() -> None:
    ticks = Ticks()
    throttle = LoginThrottle(MemoryCounter(ticks), Limit(5, 900), Limit(20, 900))
    for n in range(5):
        throttle.attempt("alice", f"10.0.0.{n}")
    with pytest.raises(TooManyRequests) as refused:
        throttle.attempt(" Alice ", "10.0.0.99")  # the same account however it is typed
    assert refused.value.retry_after == 900
    throttle.attempt("bob", "10.0.0.99")  # other accounts are not locked
    ticks.now += 900
    throttle.attempt("alice", "10.0.0.1")


def test_a_success_resets_the_account_and_gives_the_address_attempt_back() -> None:
    throttle = LoginThrottle(MemoryCounter(Ticks()), Limit(5, 900), Limit(3, 900))
    for _ in range(4):
        throttle.attempt("alice", "10.0.0.1")
        throttle.succeeded("alice", "10.0.0.1")
    throttle.attempt("alice", "10.0.0.1")  # 4 successes then a failure: 1 failure, not 5
    throttle.attempt("alice", "10.0.0.1")
    throttle.attempt("bob", "10.0.0.1")
    with pytest.raises(TooManyRequests, match="from this address"):
        throttle.attempt("carol", "10.0.0.1")  # 3 failures from the address: a 4th attempt is refused


def test_an_attempt_the_server_was_too_busy_to_check_is_no_failure() -> None:
    throttle = LoginThrottle(MemoryCounter(Ticks()), Limit(2, 900), Limit(2, 900))
    for _ in range(5):
        throttle.attempt("alice", "10.0.0.1")
        throttle.not_tried("alice", "10.0.0.1")
    throttle.attempt("alice", "10.0.0.1")
    throttle.attempt("alice", "10.0.0.1")
    with pytest.raises(TooManyRequests):
        throttle.attempt("alice", "10.0.0.1")


def test_unknown_names_are_throttled_like_known_ones() -> None:
    throttle = LoginThrottle(MemoryCounter(Ticks()), Limit(1, 900), Limit(20, 900))
    throttle.attempt("nobody-at-all", "10.0.0.1")
    with pytest.raises(TooManyRequests, match="for this account"):
        throttle.attempt("nobody-at-all", "10.0.0.2")


def test_memory_stays_bounded_by_dropping_closed_windows_first() -> None:
    ticks = Ticks()
    counter = MemoryCounter(ticks, max_keys=10)
    for n in range(10):
        counter.hit(f"old-{n}", 5)
    ticks.now += 10
    counter.hit("fresh", 5)
    counter.hit("fresh", 5)
    for n in range(20):
        counter.hit(f"open-{n}", 60)
    assert counter.hit("open-19", 60).count == 2  # the newest windows are kept
