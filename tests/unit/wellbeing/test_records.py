"""An agent's stored wellbeing record read and written through the pure wellbeing types, the weight of a finished
contact, and what the agent and the supervisor are shown."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tandem.domain.conversations import (
    Agent,
    AgentStatus,
    Author,
    Conversation,
    ConversationStatus,
    Customer,
    Message,
    Role,
)
from tandem.domain.meta import load_meta
from tandem.domain.routing import ChatSpan
from tandem.wellbeing import DEFAULT_WELLBEING, WellbeingState, WorkLog
from tandem.wellbeing.records import (
    after_contact,
    changed_status,
    checked_in,
    contact_signals,
    first_work_today,
    log_of,
    routing_snapshot,
    state_of,
    view,
    with_log,
    with_state,
)

NOW = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
POLICY = DEFAULT_WELLBEING


def agent(**fields: object) -> Agent:
    base = Agent(7, "ana", "Ana", Role.AGENT, "x", ("ecommerce",), ("fr",), 3, AgentStatus.AVAILABLE, NOW)
    return replace(base, **fields)  # type: ignore[arg-type]


def said(minutes_ago: float, **meta: object) -> Message:
    return Message(1, "c1", Author.CUSTOMER, "...", NOW - timedelta(minutes=minutes_ago), meta=load_meta(dict(meta)))


def conversation(**fields: object) -> Conversation:
    base = Conversation(
        "c1",
        "ecommerce",
        "fr",
        Customer("Zoé"),
        NOW - timedelta(hours=1),
        status=ConversationStatus.ASSIGNED,
        queued_at=NOW - timedelta(minutes=30),
        agent_id=7,
        assigned_at=NOW - timedelta(minutes=25),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def test_the_record_round_trips_through_the_pure_types() -> None:
    stored = agent(
        load=4.0,
        load_at=NOW,
        hard_contacts_at=(NOW,),
        last_abusive_at=NOW,
        check_in_score=2,
        check_in_at=NOW,
        work_day="2025-03-03",
        worked_seconds_today=60.0,
        worked_seconds_week=120.0,
        worked_since_break_seconds=30.0,
        breaks_taken_today=1,
        hard_contacts_today=2,
    )
    assert with_state(with_log(agent(), log_of(stored)), state_of(stored)) == stored
    assert log_of(stored) == WorkLog(date(2025, 3, 3), 60.0, 120.0, 30.0, 1, 2)
    assert state_of(agent()) == WellbeingState()


def test_a_contact_weighs_what_the_customer_said_since_the_hand_over() -> None:
    messages = [
        said(40, frustration=0.9, abuse=True),  # before the escalation: the AI dealt with it
        said(20, frustration=0.4, abuse=False),
        said(10, frustration=0.7, abuse=True),
        Message(2, "c1", Author.AGENT, "...", NOW, meta=load_meta({"frustration": 1.0})),
    ]
    signals = contact_signals(conversation(escalation_reasons=("sensitive_topic",)), messages, NOW, resolved=True)
    assert (signals.frustration, signals.abusive, signals.sensitive, signals.resolved) == (0.7, True, True, True)
    assert signals.minutes == 25.0
    calm = contact_signals(conversation(), messages[1:2], NOW, resolved=False, abusive=True)  # ended for abuse
    assert (calm.abusive, calm.sensitive, calm.resolved) == (True, False, False)


def test_a_hard_contact_counts_for_today_and_an_abusive_one_starts_the_cool_down() -> None:
    signals = contact_signals(conversation(), [said(5, frustration=0.9, abuse=True)], NOW, resolved=False)
    after = after_contact(agent(), signals, NOW, POLICY)
    assert (after.hard_contacts_today, after.hard_contacts_at, after.last_abusive_at) == (1, (NOW,), NOW)
    assert after.load > 5 and after.load_at == NOW
    shown = view(after, routing_snapshot(after, 0, NOW, POLICY), 4, NOW, POLICY)
    assert (shown.hard_share, shown.recent_hard) == (0.25, 1)
    assert shown.cooling_down_until == NOW + timedelta(minutes=10)


def test_a_status_change_books_the_stretch_before_it() -> None:
    start = NOW - timedelta(hours=2)
    working = agent(status=AgentStatus.AVAILABLE, status_since=start)
    on_break = changed_status(working, replace(working, status=AgentStatus.BREAK, status_since=NOW), NOW, POLICY)
    assert (on_break.worked_seconds_today, on_break.work_day, on_break.status) == (
        7200.0,
        "2025-03-03",
        AgentStatus.BREAK,
    )
    snap = routing_snapshot(on_break, 0, NOW + timedelta(minutes=30), POLICY)
    assert (snap.worked_minutes_today, snap.worked_since_break_minutes) == (120.0, 0.0)  # 30 min on break: rested


def test_alerts_name_what_needs_a_look_and_never_the_score() -> None:
    tired = agent(
        status_since=NOW - timedelta(hours=11),
        load=30.0,
        load_at=NOW,
        check_in_score=1,
        check_in_at=NOW,
    )
    shown = view(tired, routing_snapshot(tired, 0, NOW, POLICY), 0, NOW, POLICY)
    assert shown.alerts == ("low_check_in", "overtime", "break_overdue", "high_load")
    assert (shown.load_level, shown.effective_capacity, shown.overtime_minutes) == ("very_high", 1, 60.0)
    assert shown.break_due is True and shown.break_due_at == NOW - timedelta(hours=5)
    rested = view(agent(status_since=None), routing_snapshot(agent(status_since=None), 0, NOW, POLICY), 0, NOW, POLICY)
    assert rested.alerts == () and rested.hard_share == 0.0


def test_the_day_starts_with_a_question_until_it_is_answered() -> None:
    fresh = agent(status=AgentStatus.OFFLINE, status_since=None)
    assert first_work_today(fresh, NOW)
    assert not first_work_today(checked_in(fresh, 4, NOW), NOW)
    assert not first_work_today(replace(fresh, work_day="2025-03-03", worked_seconds_today=60.0), NOW)
    assert first_work_today(replace(fresh, work_day="2025-03-02", worked_seconds_today=60.0), NOW)


def test_the_snapshot_measures_occupancy_from_the_agents_chat_spans() -> None:
    # At work since 12:00 (3 seats); at 14:30: one chat 13:40-14:10, one open since 14:20, someone else's.
    now = NOW + timedelta(minutes=30)
    worked = agent(status_since=NOW - timedelta(hours=2))
    spans = [
        ChatSpan(7, NOW - timedelta(minutes=20), NOW + timedelta(minutes=10)),
        ChatSpan(7, NOW + timedelta(minutes=20), None),
        ChatSpan(8, NOW, None),
    ]
    snap = routing_snapshot(worked, 1, now, POLICY, spans=spans)
    # Last hour 13:30-14:30: 30 + 10 minutes of chats over 3 seats, of 60 minutes at work.
    assert snap.occupancy_last_hour == pytest.approx((40 / 3) / 60)
    # This clock hour 14:00-14:30: 10 + 10 minutes over 3 seats, 30 minutes at work; the open chat's start.
    assert (snap.hour_busy_seconds, snap.hour_worked_seconds) == pytest.approx((20 * 60 / 3, 30 * 60))
    assert snap.chats_started_at == (NOW + timedelta(minutes=20),)
    assert view(worked, snap, 0, now, POLICY).occupancy_last_hour == round((40 / 3) / 60, 3)
