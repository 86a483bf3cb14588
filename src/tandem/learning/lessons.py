"""What a resolved conversation could teach the AI: the question that needed a person, the intent, the answer.

The agent may confirm or correct the proposal when resolving (`Lesson`); without one, the question is the
customer message the AI escalated on, the intent the model's best guess, and the answer what the agent wrote.
Nothing is proposed from an abusive conversation or one where the agent never answered.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from tandem.domain.conversations import Author, Conversation, Message
from tandem.domain.errors import InvalidInput
from tandem.domain.learning import NewCandidate
from tandem.domain.questions import question_of
from tandem.domain.triage import OUT_OF_SCOPE_INTENT, Reason

INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
MAX_QUESTION = 1000
MAX_ANSWER = 4000


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
        raise InvalidInput("an intent name is 2-64 characters: lower-case letters, digits and _, a letter first")
    return name


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
    answered = "\n".join(m.text for m in messages if m.author == Author.AGENT).strip()
    question = (lesson.question or (asked.text if asked else "")).strip()
    answer = (lesson.answer or answered).strip()
    if not question or not answer:
        return None
    if len(question) > MAX_QUESTION or len(answer) > MAX_ANSWER:
        raise InvalidInput(f"a question is at most {MAX_QUESTION} characters and an answer {MAX_ANSWER}")
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


def held_on_probation(asked: Message | None) -> bool:
    """Triage would have answered `asked` but its intent was on probation (`tandem.domain.probation`)."""
    return asked is not None and Reason.UNVERIFIED_INTENT.value in asked.meta.reasons
