"""The model's three uses against a real (fake) OpenAI-compatible server: what is sent, what is kept, and the
offline fallback on every kind of failure."""

import logging
import time

import pytest

from tandem.domain.conversations import Author, Message
from tandem.domain.meta import MessageMeta, SourceArticle
from tandem.llm.assist import LlmAssist
from tandem.llm.client import LlmClient
from tandem.models.pack_models import packs_for
from tandem.packs.knowledge import ArticleText, article_for_intent
from tandem.settings import Settings

from .conftest import API_KEY, FakeLlm, Script

GROUNDED = (
    "Standard home delivery takes 2 to 4 working days and costs €4.90, free from €50; "
    "express delivery arrives the next working day for €9.90."
)
CONTRADICTIONS = [
    "Standard home delivery takes 6 to 8 working days and costs €4.90.",  # 2 to 4 -> 6 to 8
    "Standard home delivery takes 2 to 4 working days and is not free, even from €50.",  # free -> not free
    "Standard home delivery takes 2 to 4 working days and is paid from €50.",  # free -> paid
    "Orders placed after 2 pm on a working day leave our warehouse the same day.",  # before -> after
    "We do not deliver to the United Kingdom or Switzerland.",  # we deliver -> we do not
]
CARD = "4111 1111 1111 1111"  # Luhn-valid
EMAIL = "jane.doe@example.com"
PHONE = "+33 6 12 34 56 78"
QUESTION = f"How long does delivery take? Card {CARD}, mail {EMAIL}, phone {PHONE}"
PII_TRACES = (CARD, CARD.replace(" ", ""), "1111 1111", EMAIL, "jane.doe", PHONE, "612345678", "6 12 34 56 78")


@pytest.fixture(scope="module")
def article() -> ArticleText:
    (pack,) = packs_for("ecommerce")
    found = article_for_intent(pack, "delivery_times_and_costs", "en")
    assert found is not None
    return found


def assist_for(url: str, timeout: float = 1.0, key: str | None = API_KEY) -> LlmAssist:
    return LlmAssist(LlmClient(url, "tandem-test-model", key, timeout=timeout))


def message(ident: int, author: Author, text: str) -> Message:
    from datetime import UTC, datetime

    return Message(ident, "c1", author, text, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))


def test_a_grounded_answer_is_sent_with_its_article_quoted(fake_llm: FakeLlm, article: ArticleText) -> None:
    fake_llm.on("answer", Script(GROUNDED))

    phrased = assist_for(fake_llm.url).phrase_answer("How long does delivery take?", article, "en")

    assert phrased is not None
    assert phrased.text == f'{GROUNDED}\n\nSource: "{article.title}" (our help article)'
    # The agent can check the answer against the article it came from.
    assert phrased.meta == MessageMeta(phrased_by="llm", article=SourceArticle(article.id, article.title, article.body))
    (request,) = fake_llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == f"Bearer {API_KEY}"
    body = request["body"]
    assert body["model"] == "tandem-test-model"
    assert body["temperature"] == 0
    assert body["max_tokens"] > 0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert article.body in body["messages"][1]["content"]
    assert "How long does delivery take?" in body["messages"][1]["content"]


@pytest.mark.parametrize("contradiction", CONTRADICTIONS)
def test_a_reply_contradicting_the_article_is_never_used(
    fake_llm: FakeLlm, article: ArticleText, contradiction: str, caplog: pytest.LogCaptureFixture
) -> None:
    fake_llm.on("answer", Script(contradiction))
    caplog.set_level(logging.DEBUG)

    assert assist_for(fake_llm.url).phrase_answer("How long does delivery take?", article, "en") is None
    assert "not grounded" in caplog.text
    assert contradiction not in caplog.text


def test_no_answer_from_the_model_means_the_article_itself(fake_llm: FakeLlm, article: ArticleText) -> None:
    fake_llm.on("answer", Script("NO_ANSWER"))
    assert assist_for(fake_llm.url).phrase_answer("Do you sell bicycles?", article, "en") is None


def test_a_slow_model_is_given_up_on_after_the_timeout(fake_llm: FakeLlm, article: ArticleText) -> None:
    fake_llm.on("answer", Script(GROUNDED, delay=30))
    started = time.monotonic()

    assert assist_for(fake_llm.url, timeout=0.5).phrase_answer("How long does delivery take?", article, "en") is None

    assert time.monotonic() - started < 10  # gave up long before the server answered
    assert len(fake_llm.requests) == 1


@pytest.mark.parametrize(
    "script",
    [
        Script(status=500, body=b'{"error": "model crashed"}'),
        Script(status=401, body=b'{"error": "bad key"}'),
        Script(status=503, body=b"<html>overloaded</html>"),
        Script(body=b"{not json"),
        Script(body=b'{"choices": []}'),
        Script(body=b'{"choices": [{"message": {"content": null}}]}'),
        Script(body=b'{"choices": [{"message": {"content": "   "}}]}'),
        Script(body=b"[1, 2, 3]"),
    ],
    ids=["500", "401", "503-html", "malformed", "no-choice", "null-content", "blank", "not-an-object"],
)
def test_an_error_from_the_model_means_the_offline_answer(
    fake_llm: FakeLlm, article: ArticleText, script: Script, caplog: pytest.LogCaptureFixture
) -> None:
    fake_llm.on("answer", script)
    caplog.set_level(logging.DEBUG)

    assert assist_for(fake_llm.url).phrase_answer(QUESTION, article, "en") is None

    warnings = [r for r in caplog.records if r.name == "tandem.llm.client"]
    assert len(warnings) == 1  # one line, naming the host and the failure
    assert fake_llm.url.removesuffix("/v1") in warnings[0].getMessage()
    assert API_KEY not in caplog.text
    assert "delivery take" not in caplog.text  # never the prompt
    assert "model crashed" not in caplog.text  # nor what the server said


def test_an_unreachable_model_means_the_offline_answer(down_url: str, article: ArticleText) -> None:
    assert assist_for(down_url).phrase_answer("How long does delivery take?", article, "en") is None


def test_personal_data_never_reaches_the_model(fake_llm: FakeLlm, article: ArticleText) -> None:
    fake_llm.on("answer", Script(GROUNDED))
    fake_llm.on("summary", Script("The customer asks about delivery times."))
    fake_llm.on("suggestion", Script(GROUNDED))
    assist = assist_for(fake_llm.url)
    transcript = [message(1, Author.CUSTOMER, QUESTION), message(2, Author.AI, "Let me check.")]

    assert assist.phrase_answer(QUESTION, article, "en") is not None
    assert assist.summarize(transcript, "en") is not None
    assert assist.suggest_reply(transcript, article, "en") is not None

    assert len(fake_llm.requests) == 3
    sent = fake_llm.sent_text()
    for trace in PII_TRACES:
        assert trace not in sent
    assert "[CARD]" in sent and "[EMAIL]" in sent and "[PHONE]" in sent


def test_the_key_is_a_bearer_header_and_never_shown(
    fake_llm: FakeLlm, down_url: str, article: ArticleText, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_llm.on("answer", Script(status=500, body=b"{}"))
    settings = Settings(llm_url=fake_llm.url, llm_model="m", llm_api_key=API_KEY, llm_timeout_seconds=0.5)
    assist = LlmAssist.from_settings(settings)
    assert assist is not None

    assist.phrase_answer("How long does delivery take?", article, "en")
    assist_for(down_url).phrase_answer("How long does delivery take?", article, "en")

    assert fake_llm.requests[0]["auth"] == f"Bearer {API_KEY}"
    for shown in (caplog.text, repr(settings), str(settings), repr(assist), repr(assist.client)):
        assert API_KEY not in shown
    assert API_KEY not in settings.model_dump_json()


def test_no_key_no_authorization_header(fake_llm: FakeLlm, article: ArticleText) -> None:
    fake_llm.on("answer", Script(GROUNDED))
    assert assist_for(fake_llm.url, key=None).phrase_answer("How long does delivery take?", article, "en")
    assert fake_llm.requests[0]["auth"] is None


def test_no_url_no_model() -> None:
    assert LlmAssist.from_settings(Settings()) is None


def test_the_summary_is_two_sentences_from_the_conversation(fake_llm: FakeLlm) -> None:
    transcript = [
        message(1, Author.CUSTOMER, "Where is order 100234? It should have arrived on Monday."),
        message(2, Author.AI, "Your order 100234 is on its way."),
        message(3, Author.SYSTEM, "A colleague will be with you shortly."),
        message(4, Author.CUSTOMER, "I want to talk to a human"),
    ]
    fake_llm.on(
        "summary",
        Script("Jane's order 100234 has not arrived. The AI said it is on its way. She asked for a person."),
    )

    summary = assist_for(fake_llm.url).summarize(transcript, "en")

    assert summary == "Jane's order 100234 has not arrived. The AI said it is on its way."
    sent = fake_llm.requests[0]["body"]["messages"][1]["content"]
    assert "Customer: Where is order 100234?" in sent
    assert "Assistant: Your order 100234 is on its way." in sent
    assert "colleague" not in sent  # system notices are not the conversation


@pytest.mark.parametrize(
    "script",
    [Script("Order 100235 has not arrived."), Script(status=500, body=b"{}"), Script(GROUNDED, delay=30)],
    ids=["invented-number", "error", "timeout"],
)
def test_a_summary_the_conversation_does_not_support_is_dropped(fake_llm: FakeLlm, script: Script) -> None:
    fake_llm.on("summary", script)
    transcript = [message(1, Author.CUSTOMER, "Where is order 100234?")]
    assert assist_for(fake_llm.url, timeout=0.5).summarize(transcript, "en") is None


def test_a_suggested_reply_is_grounded_in_the_article(fake_llm: FakeLlm, article: ArticleText) -> None:
    transcript = [message(1, Author.CUSTOMER, "How long does delivery take to my place?")]
    fake_llm.on("suggestion", Script(GROUNDED))
    assist = assist_for(fake_llm.url)

    assert assist.suggest_reply(transcript, article, "en") == GROUNDED
    sent = fake_llm.requests[0]["body"]["messages"][1]["content"]
    assert article.body in sent and "Customer: How long does delivery take to my place?" in sent

    fake_llm.on("suggestion", Script(CONTRADICTIONS[0]))
    assert assist.suggest_reply(transcript, article, "en") is None
    fake_llm.on("suggestion", Script(status=500, body=b"{}"))
    assert assist.suggest_reply(transcript, article, "en") is None
