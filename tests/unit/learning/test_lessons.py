"""What a resolved conversation proposes to teach the AI, and how approved lessons extend a pack."""

from datetime import UTC, datetime

import pytest

from tandem.domain.conversations import Author, Conversation, Customer, Message
from tandem.domain.errors import InvalidInput
from tandem.domain.learning import LearnedAnswer
from tandem.domain.meta import load_meta
from tandem.domain.packs import HandlerKind
from tandem.learning.lessons import Lesson, propose
from tandem.models.learned_pack import with_learned
from tandem.packs.catalog import find_pack
from tandem.packs.knowledge import article_for_intent

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def chat(*turns: tuple[Author, str, dict[str, object]], flagged: bool = False) -> tuple[Conversation, list[Message]]:
    conversation = Conversation("c1", "ecommerce", "en", Customer("Ana"), NOW, flagged=flagged)
    messages = [
        Message(i + 1, "c1", author, text, NOW, meta=load_meta(dict(meta)))
        for i, (author, text, meta) in enumerate(turns)
    ]
    return conversation, messages


ESCALATED = {"decision": "escalate", "intent": "out_of_scope", "language": "en"}


def test_the_proposal_is_the_escalated_question_and_the_agents_answer() -> None:
    conversation, messages = chat(
        (Author.CUSTOMER, "hello", {"decision": "answer", "intent": "greeting", "language": "en"}),
        (Author.CUSTOMER, "can you price match a cheaper shop", ESCALATED),
        (Author.AGENT, "We do not match other shops' prices.", {}),
        (Author.AGENT, "But we run offers every week.", {}),
        (Author.CUSTOMER, "ok thanks", {}),
    )
    candidate = propose(conversation, messages, None, 7, NOW)
    assert candidate is not None
    assert candidate.question == "can you price match a cheaper shop"
    assert candidate.answer == "We do not match other shops' prices.\nBut we run offers every week."
    # The model's "out of scope" is no intent to learn: the agent or the supervisor must name one.
    assert candidate.intent is None and candidate.suggested_intent is None
    assert (candidate.language, candidate.proposed_by, candidate.domain) == ("en", 7, "ecommerce")


def test_after_a_rejected_answer_the_lesson_is_the_question_the_ai_got_wrong() -> None:
    conversation, messages = chat(
        (Author.CUSTOMER, "my card got swallowed by the atm", {"decision": "answer", "intent": "order_status"}),
        (Author.AI, "Your order 100234 is on its way.", {}),
        (Author.CUSTOMER, "that's not what I asked", {"decision": "escalate", "reasons": ["rejected_answer"]}),
        (Author.AGENT, "Call your bank to block the card.", {}),
    )
    candidate = propose(conversation, messages, None, 7, NOW)
    assert candidate is not None
    assert candidate.question == "my card got swallowed by the atm"
    assert candidate.suggested_intent == "order_status"  # the wrong guess, shown to the reviewer...
    assert candidate.intent is None  # ...but never learned unless someone names the right intent


def test_a_question_held_back_on_probation_checks_the_ais_guess() -> None:
    held = {"decision": "escalate", "intent": "price_match", "reasons": ["unverified_intent"], "language": "en"}
    conversation, messages = chat((Author.CUSTOMER, "will you match amazon", held), (Author.AGENT, "No.", {}))
    candidate = propose(conversation, messages, None, 7, NOW)
    assert candidate is not None and candidate.checks_intent
    assert (candidate.suggested_intent, candidate.intent) == ("price_match", "price_match")


def test_a_rejected_answer_checks_the_ais_guess() -> None:
    conversation, messages = chat(
        (Author.CUSTOMER, "my card got swallowed by the atm", {"decision": "answer", "intent": "order_status"}),
        (Author.AI, "Your order 100234 is on its way.", {}),
        (Author.CUSTOMER, "that's not what I asked", {"decision": "escalate", "reasons": ["rejected_answer"]}),
        (Author.AGENT, "Call your bank to block the card.", {}),
    )
    candidate = propose(conversation, messages, Lesson(intent="card_swallowed"), 7, NOW)
    assert candidate is not None and candidate.checks_intent and candidate.suggested_intent == "order_status"


def test_an_escalation_the_ai_was_unsure_of_checks_nothing() -> None:
    unsure = {"decision": "escalate", "intent": "order_status", "reasons": ["low_confidence"], "language": "en"}
    conversation, messages = chat((Author.CUSTOMER, "wheres my stuff", unsure), (Author.AGENT, "Tomorrow.", {}))
    candidate = propose(conversation, messages, None, 7, NOW)
    assert candidate is not None and candidate.suggested_intent == "order_status"
    assert not candidate.checks_intent
    # Out of scope is no guess to check, even when held back.
    held = {"decision": "escalate", "intent": "out_of_scope", "reasons": ["unverified_intent"], "language": "en"}
    conversation, messages = chat((Author.CUSTOMER, "price match?", held), (Author.AGENT, "No.", {}))
    out_of_scope = propose(conversation, messages, None, 7, NOW)
    assert out_of_scope is not None and not out_of_scope.checks_intent


def test_the_agents_lesson_overrides_the_proposal() -> None:
    conversation, messages = chat(
        (Author.CUSTOMER, "where is my parcel", {"decision": "escalate", "intent": "order_status", "language": "en"}),
        (Author.AGENT, "It arrives tomorrow.", {}),
    )
    taught = propose(
        conversation, messages, Lesson(intent="order_status", answer="Tracking is on your account page."), 7, NOW
    )
    assert taught is not None
    assert (taught.intent, taught.suggested_intent) == ("order_status", "order_status")
    assert taught.answer == "Tracking is on your account page."
    kept = propose(conversation, messages, None, 7, NOW)
    assert kept is not None and kept.intent == "order_status"


def test_nothing_is_proposed_when_skipped_abusive_or_unanswered() -> None:
    conversation, messages = chat((Author.CUSTOMER, "can you price match", ESCALATED), (Author.AGENT, "No.", {}))
    assert propose(conversation, messages, Lesson(skip=True), 7, NOW) is None
    flagged, flagged_messages = chat(
        (Author.CUSTOMER, "you idiot", ESCALATED), (Author.AGENT, "Bye.", {}), flagged=True
    )
    assert propose(flagged, flagged_messages, None, 7, NOW) is None
    silent, silent_messages = chat((Author.CUSTOMER, "can you price match", ESCALATED))
    assert propose(silent, silent_messages, None, 7, NOW) is None


@pytest.mark.parametrize("name", ["Price Match", "x", "1abc", "price-match", "a" * 70])
def test_an_invalid_intent_name_is_refused(name: str) -> None:
    conversation, messages = chat((Author.CUSTOMER, "can you price match", ESCALATED), (Author.AGENT, "No.", {}))
    with pytest.raises(InvalidInput, match="intent name"):
        propose(conversation, messages, Lesson(intent=name), 7, NOW)


def test_a_learned_question_becomes_an_example_of_an_existing_intent() -> None:
    pack = find_pack("ecommerce")
    item = LearnedAnswer(1, "ecommerce", "en", "order_status", "wheres my stuff at", "It is on its way.")
    learned = with_learned(pack, [item])
    assert "wheres my stuff at" in learned.intents["order_status"].examples["en"]
    assert learned.intents["order_status"].handler == pack.intents["order_status"].handler
    assert "wheres my stuff at" not in pack.intents["order_status"].examples["en"]  # the pack is left as it was


def test_a_new_intent_is_answered_with_the_approved_answer_in_its_languages_only() -> None:
    pack = find_pack("ecommerce")
    items = [
        LearnedAnswer(1, "ecommerce", "en", "price_match", "can you price match", "We do not match prices."),
        LearnedAnswer(2, "ecommerce", "en", "price_match", "do you match prices", "We never match prices."),
    ]
    learned = with_learned(pack, items)
    intent = learned.intents["price_match"]
    assert intent.handler.kind == HandlerKind.ARTICLE
    assert intent.examples == {"en": ("can you price match", "do you match prices")}
    article = article_for_intent(learned, "price_match", "en")
    assert article is not None and article.body == "We never match prices."  # the latest approved answer
    assert article.title == "can you price match"
    assert article_for_intent(learned, "price_match", "fr") is None  # nobody answered it in French yet
