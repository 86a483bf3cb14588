"""Every outcome figure's definition (docs/metrics.md) on small hand-built histories, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import Connection

from .metrics_history import History, ago


@pytest.fixture
def history(connection: Connection) -> History:
    return History(connection)


def test_a_confirmed_answer_is_resolved_at_once_and_a_recent_one_is_pending(history: History) -> None:
    confirmed, recent = history.chat(ago(hours=2)), history.chat(ago(hours=2))
    for cid in (confirmed, recent):
        history.asked(cid, ago(hours=2))
    history.record(lambda tx: tx.facts.confirmed(confirmed, True, ago(hours=1)))

    resolution = history.outcomes()["ai_resolution"]

    assert (resolution["confirmed"], resolution["assumed"], resolution["pending"]) == (1, 0, 1)
    assert resolution["rate"] == 1.0  # the pending one is left out of the rate, never counted resolved


def test_seven_quiet_days_make_an_assumed_resolution_and_say_how_many_had_no_email(history: History) -> None:
    old_with, old_without, six_days = (
        history.chat(ago(days=8), "ana@example.com"),
        history.chat(ago(days=8)),
        history.chat(ago(days=6)),
    )
    history.asked(old_with, ago(days=8))
    history.asked(old_without, ago(days=8))
    history.asked(six_days, ago(days=6))

    resolution = history.outcomes()["ai_resolution"]

    assert (resolution["assumed"], resolution["pending"], resolution["assumed_without_email"]) == (2, 1, 1)


def test_abandoned_in_a_clarifying_question_or_a_flow_is_not_resolved(history: History) -> None:
    clarifying, flow = history.chat(ago(minutes=40)), history.chat(ago(minutes=40))
    history.asked(clarifying, ago(minutes=40), intent=None, answered=False, open_question=True)
    # A flow's first step: the intent is known, the answer waits for the order number.
    history.asked(flow, ago(minutes=40), intent="order_status", answered=False, open_question=True)
    just_asked = history.chat(ago(minutes=10))
    history.asked(just_asked, ago(minutes=10), intent=None, answered=False, open_question=True)

    resolution = history.outcomes()["ai_resolution"]

    assert (resolution["not_resolved"], resolution["pending"], resolution["resolved"]) == (2, 1, 0)
    assert resolution["rate"] == 0.0


def test_an_answer_left_open_by_a_later_clarifying_question_is_not_resolved(history: History) -> None:
    cid = history.chat(ago(days=9))
    history.asked(cid, ago(days=9))  # answered...
    history.asked(cid, ago(days=9) + timedelta(minutes=5), intent=None, answered=False, open_question=True)

    assert history.outcomes()["ai_resolution"]["not_resolved"] == 1


def test_coming_back_on_the_same_issue_within_seven_days_undoes_the_resolution(history: History) -> None:
    first, other_issue = history.chat(ago(days=12), "ana@example.com"), history.chat(ago(days=12), "ana@example.com")
    history.asked(first, ago(days=12), intent="delivery_time")
    history.asked(other_issue, ago(days=12), intent="returns")
    back = history.chat(ago(days=9), "ANA@example.com ")  # the same address, written differently
    history.asked(back, ago(days=9), intent="delivery_time")

    resolution = history.outcomes()["ai_resolution"]

    assert (resolution["not_resolved"], resolution["assumed"]) == (1, 2)  # `first` came back; the others held


def test_coming_back_after_eight_days_is_a_new_issue(history: History) -> None:
    first = history.chat(ago(days=20), "bo@example.com")
    history.asked(first, ago(days=20), intent="delivery_time")
    later = history.chat(ago(days=12), "bo@example.com")
    history.asked(later, ago(days=12), intent="delivery_time")

    assert history.outcomes(since="2025-02-01")["ai_resolution"]["assumed"] == 2


def test_reopened_within_seven_days_counts_and_after_eight_does_not(history: History) -> None:
    soon, late, never = (history.chat(ago(days=15)) for _ in range(3))
    for cid in (soon, late, never):
        history.asked(cid, ago(days=15))
        history.record(lambda tx, c=cid: tx.facts.closed(c, ago(days=15)))
    history.record(lambda tx: tx.facts.reopened(soon, ago(days=10)))
    history.record(lambda tx: tx.facts.reopened(late, ago(days=7)))

    outcomes = history.outcomes()

    assert outcomes["reopen_rate"] == round(1 / 3, 4)
    assert outcomes["ai_resolution"]["not_resolved"] == 1  # the reopened one was not resolved by the AI


def test_a_transferred_conversation_counts_once_for_the_team_that_has_it(history: History) -> None:
    cid = history.chat(ago(hours=3), team="ecommerce")
    history.asked(cid, ago(hours=3), answered=False)
    history.record(lambda tx: tx.facts.handed(cid, ago(hours=3), ["asked_for_human"]))
    history.record(lambda tx: tx.facts.answered(cid, ago(hours=3) + timedelta(minutes=1)))
    history.record(lambda tx: tx.facts.transferred(cid, "logistics"))
    history.record(lambda tx: tx.facts.handed(cid, ago(hours=2), ["asked_for_human", "low_confidence"]))

    everyone, logistics, ecommerce = (
        history.outcomes(),
        history.outcomes(team="logistics"),
        history.outcomes(team="ecommerce"),
    )

    assert (everyone["conversations"], everyone["handoff_rate"]) == (1, 1.0)
    assert everyone["escalations_by_reason"] == {"asked_for_human": 1, "low_confidence": 1}
    assert (logistics["conversations"], ecommerce["conversations"]) == (1, 0)
    assert everyone["service_level"]["answered"] == 1  # one wait, the first stint's


def test_the_queue_abandoned_answered_in_time_and_late(history: History) -> None:
    quick, slow, gone, closed, waiting = (history.chat(ago(hours=5)) for _ in range(5))
    for cid in (quick, slow, gone, closed):
        history.asked(cid, ago(hours=5), answered=False)
        history.record(lambda tx, c=cid: tx.facts.handed(c, ago(hours=5), ["frustration"]))
    history.asked(waiting, ago(minutes=20), answered=False)
    history.record(lambda tx: tx.facts.handed(waiting, ago(minutes=20), ["frustration"]))
    history.record(lambda tx: tx.facts.answered(quick, ago(hours=5) + timedelta(seconds=60)))
    history.record(lambda tx: tx.facts.answered(slow, ago(hours=5) + timedelta(seconds=300)))
    history.record(lambda tx: tx.facts.closed(closed, ago(hours=4)))  # closed from the queue by a supervisor

    outcomes = history.outcomes()

    assert outcomes["abandoned_in_queue"] == {"count": 1, "rate": round(1 / 4, 4)}  # of answered+abandoned+closed
    assert outcomes["service_level"] == {
        "target_seconds": 120,
        "answered": 2,
        "within_target": 1,
        "rate": round(1 / 3, 4),
    }
    assert outcomes["asa_seconds"] == 180.0


def test_csat_is_split_between_the_ai_and_people(history: History) -> None:
    ai, person, unrated = (history.chat(ago(hours=6)) for _ in range(3))
    history.asked(ai, ago(hours=6))
    history.record(lambda tx: tx.facts.handed(person, ago(hours=6), ["asked_for_human"]))
    history.record(lambda tx: tx.facts.answered(person, ago(hours=5)))
    history.record(lambda tx: tx.facts.rated(ai, 4))
    history.record(lambda tx: tx.facts.rated(person, 2))

    csat = history.outcomes()["csat"]

    assert csat == {"ai": {"average": 4.0, "count": 1}, "people": {"average": 2.0, "count": 1}}
    assert unrated


def test_ended_for_abuse_counts_by_staff_and_unanswered(history: History) -> None:
    by_staff, unanswered = history.chat(ago(hours=1)), history.chat(ago(hours=1))
    for cid in (by_staff, unanswered):
        history.record(lambda tx, c=cid: tx.facts.handed(c, ago(hours=1), ["abuse"]))
    history.record(lambda tx: tx.facts.answered(by_staff, ago(minutes=50)))
    for cid in (by_staff, unanswered):
        history.record(lambda tx, c=cid: tx.facts.closed(c, ago(minutes=40), abuse=True))

    summary = history.summary()

    assert summary["ended_for_abuse"] == {"total": 2, "by_staff": 1, "unanswered": 1}
    assert summary["outcomes"]["wellbeing"]["ended_for_abuse"] == 2
    assert summary["outcomes"]["abandoned_in_queue"]["count"] == 0  # ended by staff: not the customer leaving
