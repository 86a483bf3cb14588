"""The assistant with a language model: it may word an article answer, never change what triage decided, and
falls back to the article itself whenever the model fails or strays."""

from datetime import UTC, datetime

import pytest

from tandem.connectors.demo import DemoConnector
from tandem.conversations.escalation import escalate
from tandem.conversations.handoff import summarize
from tandem.dialogue.assistant import Assistant
from tandem.domain.conversations import Author, Conversation, Customer, Message
from tandem.domain.dialogue import AiState
from tandem.domain.meta import MessageMeta, load_meta
from tandem.domain.packs import Pack
from tandem.domain.triage import Decision
from tandem.llm.assist import LlmAssist
from tandem.llm.client import LlmClient
from tandem.models.pack_models import packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.packs.knowledge import article_for_intent
from tandem.triage.service import TriageService

from .conftest import API_KEY, FakeLlm, Script
from .test_llm_assist import CONTRADICTIONS, GROUNDED

QUESTION = "How long does delivery take?"
ESCALATE = "I want to talk to a human, I was charged twice"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def pack() -> Pack:
    (pack,) = packs_for("ecommerce")
    return pack


def assistant(pack: Pack, model: IntentModel, url: str | None, timeout: float = 1.0) -> Assistant:
    llm = None if url is None else LlmAssist(LlmClient(url, "m", API_KEY, timeout=timeout))
    return Assistant(pack, TriageService(model, [pack]), DemoConnector(), llm)


def offline_answer(pack: Pack) -> str:
    article = article_for_intent(pack, "delivery_times_and_costs", "en")
    assert article is not None
    return f"{article.title}\n{article.body}"


def test_the_answer_is_the_grounded_phrasing_with_the_article_for_the_agent(
    fake_llm: FakeLlm, pack: Pack, ecommerce_model: IntentModel
) -> None:
    fake_llm.on("answer", Script(GROUNDED))

    reply = assistant(pack, ecommerce_model, fake_llm.url).respond(AiState(language="en"), QUESTION)

    offline = assistant(pack, ecommerce_model, None).respond(AiState(language="en"), QUESTION)
    assert reply.decision == offline.decision  # the model words the answer, triage decided it
    assert reply.decision.decision == Decision.ANSWER
    assert reply.text.startswith(GROUNDED)
    assert reply.text.endswith('Source: "Delivery times and costs" (our help article)')
    assert reply.meta.article is not None and reply.meta.article.id == "delivery_times_and_costs"
    assert reply.meta.article.body in offline.text
    assert reply.state == offline.state
    assert offline.text == offline_answer(pack) and offline.meta == MessageMeta()


@pytest.mark.parametrize(
    "script",
    [
        *(Script(text) for text in CONTRADICTIONS),
        Script(GROUNDED, delay=30),
        Script(status=500, body=b"{}"),
        Script(body=b"{oops"),
    ],
    ids=[*(f"contradiction-{n}" for n in range(len(CONTRADICTIONS))), "timeout", "500", "malformed"],
)
def test_the_customer_gets_the_article_when_the_model_fails_or_strays(
    fake_llm: FakeLlm, pack: Pack, ecommerce_model: IntentModel, script: Script
) -> None:
    fake_llm.on("answer", script)

    reply = assistant(pack, ecommerce_model, fake_llm.url, timeout=0.5).respond(AiState(language="en"), QUESTION)

    assert reply.decision.decision == Decision.ANSWER
    assert reply.text == offline_answer(pack)
    if script.content and script.status == 200:
        assert script.content not in reply.text
    assert reply.meta == MessageMeta()
    assert len(fake_llm.requests) == 1


def test_the_model_is_not_asked_when_triage_hands_over(
    fake_llm: FakeLlm, pack: Pack, ecommerce_model: IntentModel
) -> None:
    fake_llm.on("answer", Script(GROUNDED))

    reply = assistant(pack, ecommerce_model, fake_llm.url).respond(AiState(language="en"), ESCALATE)

    assert reply.decision.decision == Decision.ESCALATE
    assert fake_llm.requests == []


def _escalated(pack: Pack, model: IntentModel, url: str) -> dict[str, object]:
    reply = assistant(pack, model, url, timeout=0.5).respond(AiState(language="en"), ESCALATE)
    conversation = Conversation("c1", "ecommerce", "en", Customer("Jane Doe"), NOW)
    stored = [
        Message(
            1, "c1", Author.CUSTOMER, ESCALATE, NOW, meta=load_meta({"intent": reply.decision.intent, "entities": []})
        )
    ]
    assert reply.llm is not None
    summary = summarize(reply.llm, stored, "en")  # the service writes it before its transaction opens
    handoff = escalate(conversation, stored, reply, NOW, summary=summary).handoff
    assert handoff is not None
    return handoff.as_json()  # as the agent's workspace reads it


def test_the_handoff_summary_is_the_models_and_the_facts_stay(
    fake_llm: FakeLlm, pack: Pack, ecommerce_model: IntentModel
) -> None:
    fake_llm.on("summary", Script("The customer says they were charged twice and wants a person."))

    packet = _escalated(pack, ecommerce_model, fake_llm.url)

    assert packet["summary"] == "The customer says they were charged twice and wants a person."
    assert ESCALATE in str(packet["offline_summary"])
    assert "asked_for_human" in packet["reasons"]  # type: ignore[operator]
    assert packet["intents"] == ["payment_charged_twice"]


@pytest.mark.parametrize(
    "script", [Script(status=500, body=b"{}"), Script("x", delay=30), Script("Charged 3 times for €99.")]
)
def test_the_handoff_summary_falls_back_to_the_offline_one(
    fake_llm: FakeLlm, pack: Pack, ecommerce_model: IntentModel, script: Script
) -> None:
    fake_llm.on("summary", script)

    packet = _escalated(pack, ecommerce_model, fake_llm.url)

    assert "Jane Doe" in str(packet["summary"]) and ESCALATE in str(packet["summary"])
    assert "offline_summary" not in packet
