"""When Redis is worth trying again after a failure, and what the log says of an outage (tandem.api.redis_outage)."""

import logging

import pytest
import redis

from tandem.api.redis_outage import RETRY_AFTER_SECONDS, Outage, Resting


def test_after_a_failure_redis_is_left_alone_for_a_while_then_tried_again() -> None:
    now = [100.0]
    outage = Outage("alone", "shared", clock=lambda: now[0])
    assert not outage.skip()

    outage.failed(redis.ConnectionError("refused"))

    assert outage.skip()
    now[0] += RETRY_AFTER_SECONDS - 0.1
    assert outage.skip()
    now[0] += 0.2
    assert not outage.skip()


def test_an_outage_is_one_line_when_it_starts_and_one_when_it_ends(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    outage = Outage("each worker counts alone", "shared again", clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="tandem.api.redis_outage"):
        outage.answered()  # all is well: nothing to say
        for _ in range(3):
            outage.failed(redis.TimeoutError("no answer"))
            now[0] += RETRY_AFTER_SECONDS
        outage.answered()
        outage.answered()

    assert [record.getMessage() for record in caplog.records] == [
        "Redis does not answer (TimeoutError): each worker counts alone until it does",
        "Redis answers again: shared again",
    ]


def test_a_guarded_call_that_fails_makes_the_next_ones_fail_at_once_until_the_pause_is_over() -> None:
    now = [0.0]
    outage = Outage("alone", "shared", clock=lambda: now[0])
    tried: list[float] = []

    with pytest.raises(redis.ConnectionError), outage.guard():
        tried.append(now[0])
        raise redis.ConnectionError("refused")
    with pytest.raises(Resting), outage.guard():
        tried.append(now[0])  # not reached: Redis is not tried
    now[0] += RETRY_AFTER_SECONDS
    with outage.guard():
        tried.append(now[0])

    assert tried == [0.0, RETRY_AFTER_SECONDS]
    assert not outage.skip()
