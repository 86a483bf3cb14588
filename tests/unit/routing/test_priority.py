"""Queue urgency: ageing with the wait, the SLA boost, and the order of the queue."""

import math
from datetime import timedelta

import pytest

from tandem.domain.errors import InvalidInput
from tandem.routing import RoutingPolicy, effective_priority, queue_order, sla_breached, waited_seconds

from .builders import NOW, conv

POLICY = RoutingPolicy(aging_seconds=60, sla_breach_boost=10)


def test_defaults_are_one_point_a_minute_and_ten_past_the_sla() -> None:
    assert RoutingPolicy() == POLICY


def test_a_fresh_conversation_has_its_base_priority() -> None:
    assert effective_priority(conv(priority=3), NOW, POLICY) == 3


def test_priority_ages_continuously_with_the_wait() -> None:
    assert effective_priority(conv(priority=3, waited=90), NOW, POLICY) == pytest.approx(4.5)
    assert effective_priority(conv(priority=0, waited=30), NOW, RoutingPolicy(aging_seconds=10)) == 3


def test_ageing_can_be_turned_off() -> None:
    assert effective_priority(conv(priority=2, waited=100), NOW, RoutingPolicy(aging_seconds=math.inf)) == 2


def test_a_queued_at_in_the_future_counts_as_no_wait() -> None:
    c = conv(priority=1, waited=-30)
    assert waited_seconds(c, NOW) == 0
    assert effective_priority(c, NOW, POLICY) == 1


def test_the_sla_is_breached_only_after_its_deadline() -> None:
    assert not sla_breached(conv(sla_seconds=120, waited=119), NOW)
    assert not sla_breached(conv(sla_seconds=120, waited=120), NOW)  # answered at exactly Y s meets it
    assert sla_breached(conv(sla_seconds=120, waited=120.5), NOW)


def test_a_breached_sla_adds_the_boost() -> None:
    within = effective_priority(conv(sla_seconds=120, waited=120), NOW, POLICY)
    breached = effective_priority(conv(sla_seconds=120, waited=121), NOW, POLICY)
    assert within == pytest.approx(2)
    assert breached == pytest.approx(2 + 1 / 60 + 10)


def test_a_breached_conversation_overtakes_a_higher_base_priority_within_its_sla() -> None:
    vip = conv("vip", priority=5, waited=10, sla_seconds=300)
    late = conv("late", priority=0, waited=61, sla_seconds=60)
    assert [c.id for c in queue_order([vip, late], NOW, POLICY)] == ["late", "vip"]


def test_queue_is_most_urgent_first() -> None:
    low, high, aged = conv("low", priority=1), conv("high", priority=4), conv("aged", priority=1, waited=240)
    assert [c.id for c in queue_order([low, high, aged], NOW, POLICY)] == ["aged", "high", "low"]


def test_ties_go_to_the_oldest_then_the_smallest_id() -> None:
    # Same effective priority (2): one by base, one by ageing; the aged one was queued earlier.
    a = conv("a", priority=2)
    b = conv("b", priority=0, waited=120)
    assert [c.id for c in queue_order([a, b], NOW, POLICY)] == ["b", "a"]
    x, y = conv("x", priority=1), conv("y", priority=1)
    assert [c.id for c in queue_order([y, x], NOW, POLICY)] == ["x", "y"]


def test_queue_order_does_not_mutate_its_input_and_accepts_any_iterable() -> None:
    waiting = [conv("a"), conv("b", priority=2)]
    ordered = queue_order(iter(waiting), NOW + timedelta(seconds=1), POLICY)
    assert [c.id for c in ordered] == ["b", "a"]
    assert [c.id for c in waiting] == ["a", "b"]


@pytest.mark.parametrize(
    "kwargs", [{"aging_seconds": 0}, {"aging_seconds": -5}, {"aging_seconds": math.nan}, {"sla_breach_boost": -1}]
)
def test_nonsense_policies_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        RoutingPolicy(**kwargs)
