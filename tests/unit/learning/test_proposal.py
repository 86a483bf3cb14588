"""The lesson proposes the customer's real question and the agent's real answer, or nothing (issue 13)."""

import pytest

from tandem.domain.conversations import Author
from tandem.learning.lessons import propose
from tandem.learning.proposal import has_substance, proposed_answer, proposed_question

from .test_lessons import ESCALATED, NOW, chat

CUSTOMER_NOISE = ["[EMAIL]", "[PHONE] [EMAIL]", "🙂🙂", "???", "ok", "Thanks!", "merci beaucoup", "hello?", "Bonjour"]
AGENT_COURTESY = ["Anything else I can do for you?", "You're welcome!", "Bonne journée !", "Je vous en prie"]


@pytest.mark.parametrize("text", [*CUSTOMER_NOISE, "yes please", "refund?", "••••• •••••", "d'accord, merci"])
def test_customer_lines_without_substance(text: str) -> None:
    assert not has_substance(text)


@pytest.mark.parametrize(
    "text", [*AGENT_COURTESY, "Let me check, one moment please.", "Un instant s'il vous plaît", "Thank you!"]
)
def test_agent_courtesy_without_substance(text: str) -> None:
    assert not has_substance(text, customer=False)


@pytest.mark.parametrize(
    "text",
    [
        "I was charged twice for my order",
        "my email is [EMAIL] and I can't log in",
        "j'ai été débité deux fois",
        "We refunded the second payment: you'll see it in 3 to 5 days.",
        "Thanks, I was charged twice",
    ],
)
def test_lines_with_substance(text: str) -> None:
    assert has_substance(text) and has_substance(text, customer=False)
    assert has_substance("No.", customer=False) and not has_substance("No.")


def test_the_question_skips_a_placeholder_line_and_the_answer_skips_courtesy() -> None:
    conversation, messages = chat(
        (Author.CUSTOMER, "hello", {"decision": "answer", "intent": "greeting"}),
        (Author.CUSTOMER, "I was charged twice for order 100234", {"decision": "clarify"}),
        (Author.CUSTOMER, "[EMAIL]", ESCALATED),
        (Author.AGENT, "Bonjour! Let me check.", {}),
        (Author.AGENT, "Could you tell me the amount?", {}),
        (Author.AGENT, "I've refunded the second payment: you'll see it on your card within 5 days.", {}),
        (Author.CUSTOMER, "thanks 🙏", {}),
        (Author.AGENT, "Anything else I can do for you?", {}),
    )
    assert proposed_question(messages) == "I was charged twice for order 100234"
    answer = "I've refunded the second payment: you'll see it on your card within 5 days."
    assert proposed_answer(messages) == answer
    candidate = propose(conversation, messages, None, 7, NOW)
    assert candidate is not None and (candidate.question, candidate.answer) == (proposed_question(messages), answer)


def test_nothing_is_proposed_when_nothing_has_substance() -> None:
    conversation, messages = chat(
        (Author.CUSTOMER, "[EMAIL]", ESCALATED),
        (Author.AGENT, "Bonjour, comment puis-je vous aider ?", {}),
        (Author.AGENT, "Je vous en prie, bonne journée !", {}),
    )
    assert (proposed_question(messages), proposed_answer(messages)) == ("", "")
    assert propose(conversation, messages, None, 7, NOW) is None


def test_a_masked_question_is_never_proposed() -> None:
    abusive = {**ESCALATED, "abuse": True, "abuse_terms": ["idiots"]}
    _, messages = chat(
        (Author.CUSTOMER, "where is my parcel, you idiots", abusive),
        (Author.AGENT, "It will be delivered tomorrow before noon.", {}),
    )
    assert proposed_question(messages) == ""
