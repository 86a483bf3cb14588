"""The history generator without a database: deterministic for a seed, and the rows it makes mean what the live
service's rows mean (docs/metrics.md)."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tandem.demo.bulk import Batch
from tandem.demo.history import MARGIN, History, Team
from tandem.demo.questions import question_bank
from tandem.demo.request import HistoryRequest
from tandem.demo.team import HISTORY_HOURS, Member
from tandem.domain.triage import Reason

NOW = datetime(2026, 12, 7, 0, 30, tzinfo=UTC)
DOMAINS = ("ecommerce", "logistics", "telecom")
EVERYONE = frozenset(DOMAINS)
TEAM = Team(
    [
        Member(1, "alice", frozenset({"ecommerce"}), frozenset({"fr", "en"}), 3),
        Member(2, "bruno", frozenset({"ecommerce", "logistics"}), frozenset({"fr"}), 3),
        Member(3, "chloe", frozenset({"telecom"}), frozenset({"fr", "en"}), 3),
        Member(4, "farid", EVERYONE, frozenset({"fr", "en"}), 4),
        Member(5, "team-01", EVERYONE, frozenset({"fr", "en"}), 3),
        Member(6, "team-02", EVERYONE, frozenset({"fr", "en"}), 3),
        Member(7, "sam", EVERYONE, frozenset({"fr", "en"}), 3, supervisor=True),
    ],
    HISTORY_HOURS,
)


def generate(conversations: int = 3000, days: int = 30, seed: int = 7, now: datetime = NOW) -> tuple[Batch, Any]:
    history = History(HistoryRequest(conversations, days, seed), now, TEAM, question_bank(DOMAINS))
    total = Batch()
    for batch in history.days():
        total.conversations += batch.conversations
        total.messages += batch.messages
        total.assignments += batch.assignments
        total.facts += batch.facts
        total.escalations += batch.escalations
    return total, history.agent_hours()


@pytest.fixture(scope="module")
def made() -> tuple[Batch, Any]:
    return generate()


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(made: tuple[Batch, Any]) -> None:
    again = generate()
    assert again == made
    other, _ = generate(seed=8)
    assert [c["created_at"] for c in other.conversations] != [c["created_at"] for c in made[0].conversations]


def test_ids_differ_with_the_time_of_the_run_so_a_second_history_adds_to_the_first() -> None:
    first, _ = generate(conversations=50, days=2)
    second, _ = generate(conversations=50, days=2, now=NOW + timedelta(seconds=1))
    assert not {c["id"] for c in first.conversations} & {c["id"] for c in second.conversations}


def test_every_conversation_has_its_facts_once_inside_the_window(made: tuple[Batch, Any]) -> None:
    batch, _ = made
    ids = [c["id"] for c in batch.conversations]
    assert len(ids) == 3000 == len(set(ids))
    assert sorted(f["conversation_id"] for f in batch.facts) == sorted(ids)
    start, end = NOW - MARGIN - timedelta(days=30), NOW - MARGIN
    assert all(start <= c["created_at"] < end for c in batch.conversations)
    # Over by now: nothing left for the live service to route.
    assert {c["status"] for c in batch.conversations} <= {"bot", "resolved"}
    latest = max(m["created_at"] for rows in batch.messages for m in rows)
    assert latest < NOW


def test_questions_come_from_the_packs_in_both_languages(made: tuple[Batch, Any]) -> None:
    batch, _ = made
    examples = {
        text
        for questions in question_bank(DOMAINS)
        for topic in questions.topics
        for texts in topic.examples.values()
        for text in texts
    }
    firsts = [rows[0] for rows in batch.messages]
    assert all(m["author"] == "customer" for m in firsts)
    assert sum(m["text"] in examples for m in firsts) > 0.8 * len(firsts)
    assert Counter(c["language"] for c in batch.conversations).keys() == {"fr", "en"}
    assert Counter(c["domain"] for c in batch.conversations).keys() == set(DOMAINS)


def test_replies_point_at_an_earlier_message_of_their_conversation(made: tuple[Batch, Any]) -> None:
    batch, _ = made
    for rows in batch.messages[:500]:
        ids = [m["id"] for m in rows]
        assert ids == list(range(len(rows)))  # numbered per conversation; the writer adds the first free id
        times = [m["created_at"] for m in rows]
        assert times == sorted(times)
        for m in rows:
            if "reply_to" in m["meta"]:
                assert m["meta"]["reply_to"] < m["id"]


def test_escalations_use_the_triage_reasons_and_people_take_them_in_shift(made: tuple[Batch, Any]) -> None:
    batch, _ = made
    reasons = Counter(e["reason"] for e in batch.escalations)
    assert set(reasons) <= {r.value for r in Reason}
    assert reasons[Reason.HUMAN_ONLY_INTENT.value] > 0 and len(reasons) >= 8
    handed = [f for f in batch.facts if f["queued_s"] is not None]
    answered = [f for f in handed if f["answer_s"] is not None]
    assert 0.15 < len(handed) / len(batch.facts) < 0.4
    assert 0.6 < len(answered) / len(handed) < 0.98
    assert all(f["answer_s"] >= f["queued_s"] for f in answered)
    members = {m.agent_id: m for m in TEAM.members}
    by_id = {c["id"]: c for c in batch.conversations}
    for a in batch.assignments:
        member = members[a["agent_id"]]
        conversation = by_id[a["conversation_id"]]
        assert conversation["domain"] in member.skills and conversation["language"] in member.languages


def test_every_outcome_has_data(made: tuple[Batch, Any]) -> None:
    batch, hours = made
    facts = batch.facts
    assert sum(f["confirmed_s"] is not None and f["answered"] for f in facts) > 0
    assert sum(f["answered"] is False for f in facts) > 0
    assert sum(f["ai_open"] for f in facts) > 0  # left in the middle of a question back or a flow
    assert sum(f["came_back_s"] is not None for f in facts) > 0
    assert sum(f["reopened_s"] is not None for f in facts) > 0
    assert sum(f["abuse_ended"] for f in facts) > 0
    assert sum(f["csat"] is not None and f["csat_people"] for f in facts) > 0
    abandoned = [f for f in facts if f["queued_s"] and not f["answer_s"] and not f["resolved_s"]]
    assert abandoned
    assert sum(h["breaks_taken"] for h in hours) > 0 and sum(h["breaks_due"] for h in hours) >= 0
    assert sum(h["cool_downs"] for h in hours) > 0 and sum(h["hard_contacts"] for h in hours) > 0
    counted = [h for h in hours if h["worked_seconds"] >= 1800]  # as the figures count agent-hours
    assert counted and all(h["seat_seconds"] <= 0.85 * h["worked_seconds"] + 1e-6 for h in counted)  # the cap
    assert sum(h["contacts"] for h in hours) == len(batch.assignments)
