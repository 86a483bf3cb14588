"""What a resolved conversation could teach the AI: the question that needed a person, the intent, the answer.

The agent may confirm or correct the proposal when resolving (`Lesson`); without one, the question is the
customer message the AI escalated on (or the last before it with substance), the intent the model's best guess,
and the answer what the agent wrote, less pleasantries (`tandem.learning.proposal`).
Nothing is proposed from an abusive conversation or one where the agent never answered. What is taken from the
conversation is cut to the limits (customers write long messages); what the agent wrote is checked, and refused
with the reason (`Unlearnable`) when it does not fit: the case closes all the same (`tandem.conversations.desk`).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from tandem.domain.conversations import Conversation, Message
from tandem.domain.errors import InvalidInput
from tandem.domain.learning import NewCandidate
from tandem.domain.questions import question_of
from tandem.domain.triage import OUT_OF_SCOPE_INTENT, Reason
from tandem.learning.proposal import proposed_answer, proposed_question

INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
MAX_QUESTION = 1000
MAX_ANSWER = 4000
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_SPACE = re.compile(r"\s")


class LessonProblem(StrEnum):
    """Why the agent's own lesson cannot be saved (the workspace says it in the agent's language)."""

    QUESTION_TOO_LONG = "question_too_long"
    ANSWER_TOO_LONG = "answer_too_long"
    INTENT_NAME = "intent_name"


class Unlearnable(InvalidInput):
    def __init__(self, problem: LessonProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Lesson:
    """The agent's word on what to learn; empty fields keep the proposal's own."""

    intent: str | None = None
    question: str | None = None
    answer: str | None = None
    skip: bool = False  # nothing worth learning here


def check_intent_name(name: str) -> str:
    name = name.strip()
    if not INTENT_NAME.match(name):
        raise Unlearnable(
            LessonProblem.INTENT_NAME,
            "an intent name is 2-64 characters: lower-case letters, digits and _, a letter first",
        )
    return name


def shorten(text: str, limit: int) -> str:
    """`text` within `limit` characters: cut after the last whole sentence, else the last whole word, with "…".
    A boundary in the first half is not worth it: then the cut falls on a word, or inside one."""
    text = text.strip()
    if len(text) <= limit:
        return text
    room = text[: limit - 2]  # space for " …"
    ends = [m.end() for m in _SENTENCE_END.finditer(room)]
    if ends and ends[-1] >= limit // 2:
        return room[: ends[-1]].rstrip() + " …"
    spaces = [m.start() for m in _SPACE.finditer(text[:limit])]
    if spaces and spaces[-1] >= limit // 2:
        return text[: spaces[-1]].rstrip() + "…"
    return text[: limit - 1] + "…"


def proposal(messages: Sequence[Message]) -> tuple[str, str]:
    """(question, answer) a resolve proposes from `messages` when the agent leaves them empty (the workspace
    shows them in its form), cut to the limits; "" where the conversation has none worth teaching."""
    return shorten(proposed_question(messages), MAX_QUESTION), shorten(proposed_answer(messages), MAX_ANSWER)


def propose(
    conversation: Conversation,
    messages: list[Message],
    lesson: Lesson | None,
    agent_id: int | None,
    now: datetime,
) -> NewCandidate | None:
    """The candidate `conversation` yields, or None when there is nothing (or nothing allowed) to learn."""
    lesson = lesson or Lesson()
    if lesson.skip or conversation.flagged:
        return None
    asked = question_of(messages)
    question = _own(lesson.question, MAX_QUESTION, LessonProblem.QUESTION_TOO_LONG)
    answer = _own(lesson.answer, MAX_ANSWER, LessonProblem.ANSWER_TOO_LONG)
    # What the agent left empty: the real question and answer, not a last "[EMAIL]" or "Anything else?".
    proposed_q, proposed_a = proposal(messages)
    question, answer = question or proposed_q, answer or proposed_a
    if not question or not answer:
        return None
    suggested = asked.meta.intent if asked else None
    if suggested == OUT_OF_SCOPE_INTENT:
        suggested = None
    # An answer the customer rejected was the model's guess: someone must name the right intent.
    answered_wrongly = asked is not None and asked.meta.decision == "answer"
    guess = None if answered_wrongly else suggested
    intent = check_intent_name(lesson.intent) if lesson.intent else guess
    language = (asked.meta.language if asked else None) or conversation.language or "en"
    return NewCandidate(
        conversation_id=conversation.id,
        domain=conversation.domain,
        language=language,
        question=question,
        intent=intent,
        suggested_intent=suggested,
        answer=answer,
        created_at=now,
        proposed_by=agent_id,
        checks_intent=suggested is not None and (answered_wrongly or held_on_probation(asked)),
    )


def _own(text: str | None, limit: int, problem: LessonProblem) -> str:
    """What the agent wrote, as written: cutting it would teach something they did not confirm."""
    text = (text or "").strip()
    if len(text) > limit:
        raise Unlearnable(problem, f"a lesson's {problem.value.split('_')[0]} is at most {limit} characters")
    return text


def held_on_probation(asked: Message | None) -> bool:
    """Triage would have answered `asked` but its intent was on probation (`tandem.domain.probation`)."""
    return asked is not None and Reason.UNVERIFIED_INTENT.value in asked.meta.reasons
