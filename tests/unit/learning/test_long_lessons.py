"""A long conversation never stops a case from closing: what it proposes is cut to the lesson's limits."""

from datetime import UTC, datetime

import pytest

from tandem.domain.conversations import Author, Conversation, Customer, Message
from tandem.domain.meta import load_meta
from tandem.learning.lessons import MAX_ANSWER, MAX_QUESTION, Lesson, LessonProblem, Unlearnable, propose, shorten

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ESCALATED = {"decision": "escalate", "intent": "out_of_scope", "language": "en"}
SENTENCE = "My parcel was left at the wrong door and the neighbour says it is not there. "


def chat(question: str, *replies: str) -> tuple[Conversation, list[Message]]:
    conversation = Conversation("c1", "ecommerce", "en", Customer("Ana"), NOW)
    turns = [(Author.CUSTOMER, question, ESCALATED), *((Author.AGENT, r, {}) for r in replies)]
    messages = [
        Message(i + 1, "c1", author, text, NOW, meta=load_meta(dict(meta)))
        for i, (author, text, meta) in enumerate(turns)
    ]
    return conversation, messages


def test_a_long_escalated_question_is_cut_at_a_sentence_within_the_limit() -> None:
    question = (SENTENCE * 20).strip()  # about 1,500 characters
    assert len(question) > MAX_QUESTION
    conversation, messages = chat(question, "We will send a new one.")
    candidate = propose(conversation, messages, None, 7, NOW)
    assert candidate is not None
    assert len(candidate.question) <= MAX_QUESTION
    assert candidate.question.endswith("not there. …")
    assert question.startswith(candidate.question.removesuffix(" …"))


def test_long_agent_replies_are_cut_to_the_answer_limit() -> None:
    replies = ["word " * 500, "more " * 500]  # about 5,000 characters in all
    conversation, messages = chat("where is my parcel", *replies)
    candidate = propose(conversation, messages, None, 7, NOW)
    assert candidate is not None and len(candidate.answer) <= MAX_ANSWER and candidate.answer.endswith("…")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("one two three four", 12, "one two…"),  # a word boundary
        ("First one. Second sentence here", 20, "First one. …"),  # a sentence boundary
        ("abcdefghijklmnop", 8, "abcdefg…"),  # no boundary at all: cut in the word
    ],
)
def test_shorten_cuts_at_a_boundary(text: str, limit: int, expected: str) -> None:
    cut = shorten(text, limit)
    assert cut == expected and len(cut) <= limit


@pytest.mark.parametrize(
    ("lesson", "problem"),
    [
        (Lesson(question="x" * (MAX_QUESTION + 1)), LessonProblem.QUESTION_TOO_LONG),
        (Lesson(answer="x" * (MAX_ANSWER + 1)), LessonProblem.ANSWER_TOO_LONG),
        (Lesson(intent="Price Match!"), LessonProblem.INTENT_NAME),
    ],
)
def test_the_agents_own_invalid_lesson_says_what_is_wrong(lesson: Lesson, problem: LessonProblem) -> None:
    conversation, messages = chat("can you price match", "No.")
    with pytest.raises(Unlearnable) as refused:
        propose(conversation, messages, lesson, 7, NOW)
    assert refused.value.problem == problem
