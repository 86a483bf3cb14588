"""A story as the rows the live service would have written: the conversation, its messages, its assignment, and
its outcome facts (`conversation_facts`, `escalation_facts`, docs/metrics.md)."""

import hashlib
from datetime import datetime
from typing import Any

from tandem.demo.ai import Ending, Line
from tandem.demo.story import Story

QUIET_S = 30 * 60  # docs/metrics.md: a customer quiet this long has left


def epoch(at: datetime | None) -> int | None:
    return None if at is None else int(at.timestamp())


def customer_key(email: str | None) -> str | None:
    return None if email is None else hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _lines(story: Story) -> list[tuple[int, Line]]:
    """Every line of the story with its index (what `reply_to` refers to), in time order."""
    lines = [*story.path.lines, *story.extra]
    return sorted(enumerate(lines), key=lambda pair: (pair[1].after, pair[0]))


def messages(story: Story, first_id: int) -> list[dict[str, Any]]:
    """The story's messages with ids from `first_id` on, in time order."""
    ordered = _lines(story)
    ids = {index: first_id + n for n, (index, _) in enumerate(ordered)}
    rows = []
    for index, line in ordered:
        meta = dict(line.meta)
        if line.reply_to is not None:
            meta["reply_to"] = ids.get(line.reply_to if line.reply_to >= 0 else index - 1)
        rows.append(
            {
                "id": ids[index], "conversation_id": story.id, "author": line.author, "text": line.text,
                "created_at": story.at(line.after), "client_message_id": None, "agent_id": line.agent_id, "meta": meta,
            }
        )  # fmt: skip
    return rows


def _handoff(story: Story) -> dict[str, Any] | None:
    if story.queued_at is None:
        return None
    question = next((line.text for line in reversed(story.path.lines) if line.author == "customer"), None)
    return {
        "reasons": list(story.reasons), "intents": [story.topic.intent], "language": story.language,
        "entities": [], "question": question, "summary": question or "",
        "ai_tried": [line.text[:160] for line in story.path.lines if line.author == "ai"],
        "sentiment_trail": [line.meta.get("sentiment", 0.0) for line in story.path.lines if line.author == "customer"],
        "facts": [], "priority": story.priority,
    }  # fmt: skip


def conversation(story: Story) -> dict[str, Any]:
    path = story.path
    resolved_at = story.resolved_at
    status = story.status
    if story.abandoned:  # see `history`: closed, so that months of abandoned chats do not fill today's queue
        status, resolved_at = "resolved", story.at(story.last_after() + QUIET_S)
    return {
        "id": story.id, "domain": story.domain, "language": story.language, "customer_name": story.customer.name,
        "customer_email": story.customer.email, "customer_vip": False, "created_at": story.created_at,
        "status": status,
        "ai_state": {
            "language": story.language, "history": [list(turn) for turn in path.turns], "flow": None, "options": [],
            "escalated": story.queued_at is not None, "known": [], "facts": [], "abuse_warned": path.abuse,
        },
        "escalation_reasons": list(story.reasons), "priority": story.priority, "queued_at": story.queued_at,
        "handoff": _handoff(story), "agent_id": story.agent_id, "assigned_at": story.assigned_at,
        "resolved_at": resolved_at, "csat": story.csat, "flagged": story.abuse_ended,
        "flag_reason": "abuse" if story.abuse_ended else None, "supervisor_only": story.supervisor_only,
        "waiting_reasons": [],
    }  # fmt: skip


def first_answer(story: Story) -> tuple[str, datetime] | None:
    """The intent the AI first answered (a flow's first step too) and when: the facts' `intent`, as the live
    service records it (`conversations.posting.record_reply`)."""
    for line in story.path.lines:
        if line.author == "customer" and line.meta.get("decision") == "answer" and line.meta.get("intent"):
            return str(line.meta["intent"]), story.at(line.after)
    return None


def facts(story: Story) -> dict[str, Any]:
    customer = [line.after for line in (*story.path.lines, *story.extra) if line.author == "customer"]
    answer = first_answer(story)
    intent = answer[0] if answer else None
    answered_after = story.path.answered_after
    return {
        "conversation_id": story.id, "created_s": epoch(story.created_at), "team": story.domain,
        "customer_key": customer_key(story.customer.email),
        "intent": intent,
        "last_customer_s": epoch(story.at(max(customer))) if customer else None,
        "ai_answered_s": None if answered_after is None else epoch(story.at(answered_after)),
        "ai_open": story.path.ending == Ending.LEFT, "answered": story.answered,
        "confirmed_s": epoch(story.confirmed_at), "handed_s": epoch(story.queued_at),
        "queued_s": epoch(story.queued_at), "answer_s": epoch(story.contact[1]) if story.contact else None,
        "resolved_s": epoch(story.closed_at), "reopened_s": epoch(story.reopened_at),
        "came_back_s": epoch(story.came_back_at), "closed_unanswered": story.closed_unanswered,
        "abuse_ended": story.abuse_ended, "csat": story.csat, "csat_people": story.csat_people,
    }  # fmt: skip


def escalations(story: Story) -> list[dict[str, Any]]:
    created = epoch(story.created_at)
    return [{"conversation_id": story.id, "reason": reason, "created_s": created} for reason in story.reasons]


def assignment(story: Story) -> dict[str, Any] | None:
    if story.contact is None:
        return None
    agent_id, start, _ = story.contact
    return {"conversation_id": story.id, "agent_id": agent_id, "assigned_at": start}
