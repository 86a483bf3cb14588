from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tandem.conversations.queueing import queue_info, waiting
from tandem.domain.conversations import Agent, AgentStatus, Conversation, ConversationStatus, Customer, Role
from tandem.routing import escalation_priority

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def queued(
    ident: str, minutes_ago: float, priority: int = 0, domain: str = "ecommerce", lang: str = "fr"
) -> Conversation:
    return Conversation(
        id=ident,
        domain=domain,
        language=lang,
        customer=Customer("C"),
        created_at=NOW - timedelta(hours=1),
        status=ConversationStatus.QUEUED,
        priority=priority,
        queued_at=NOW - timedelta(minutes=minutes_ago),
    )


def agent(ident: int, status: AgentStatus = AgentStatus.AVAILABLE, capacity: int = 2) -> Agent:
    return Agent(ident, f"a{ident}", f"A{ident}", Role.AGENT, "x", ("ecommerce",), ("fr",), capacity, status)


def test_sensitive_and_frustrated_customers_and_vips_come_first() -> None:
    assert escalation_priority(["sensitive_topic"], vip=False) > escalation_priority(["out_of_scope"], vip=False)
    assert escalation_priority(["frustration", "asked_for_human"], vip=False) == 3
    assert escalation_priority([], vip=True) == 2


def test_hard_contacts_are_flagged_for_the_router() -> None:
    calm = queued("a", 1)
    assert not waiting(calm, 120).hard
    assert waiting(replace(calm, escalation_reasons=("abuse",)), 120).hard
    assert waiting(calm, 90).sla_seconds == 90


def test_position_counts_only_the_same_team_in_priority_order() -> None:
    mine = queued("mine", minutes_ago=1)
    ahead = queued("ahead", minutes_ago=0.5, priority=5)  # more urgent, though newer
    behind = queued("behind", minutes_ago=0.2)
    other_team = queued("other", minutes_ago=10, domain="telecom")
    queue = [mine, ahead, behind, other_team]
    info = queue_info(mine, queue, [agent(1, capacity=1)], {1: 1}, NOW, 120, handle_seconds=300)
    assert info.position == 2
    # Two ahead of the free seats (none free), one seat turning over every 300 s.
    assert info.wait_seconds == 600


def test_a_free_seat_means_no_wait() -> None:
    mine = queued("mine", minutes_ago=1)
    info = queue_info(mine, [mine], [agent(1)], {}, NOW, 120)
    assert (info.position, info.wait_seconds) == (1, 0)


def test_no_estimate_when_nobody_of_the_team_is_at_work() -> None:
    mine = queued("mine", minutes_ago=1)
    info = queue_info(mine, [mine], [agent(1, AgentStatus.BREAK), agent(2, AgentStatus.OFFLINE)], {}, NOW, 120)
    assert info.wait_seconds is None
    assert info.as_json() == {"position": 1, "wait_seconds": None}
