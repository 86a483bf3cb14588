"""End to end through the API app, with the language model configured in the settings (`TANDEM_LLM_*`)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tandem.models.pack_models import packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.packs.knowledge import article_for_intent

from ..api.conftest import ESCALATE, SIMPLE, Api, bearer, cheap_password_hashing, running_api
from .conftest import API_KEY, FakeLlm, Script
from .test_llm_assist import CONTRADICTIONS, GROUNDED

__all__ = ["cheap_password_hashing"]  # the API tests' autouse fixture, for the agent's account here

SUMMARY = "The customer was charged twice and asks for a person."


@pytest.fixture
def api_with_llm(
    request: pytest.FixtureRequest,
    fresh_database_url: str,
    tmp_path: Path,
    model_dir: Path,
    ecommerce_model: IntentModel,
) -> Iterator[Api]:
    """The app loading its assistants itself (from the cached model) with the model at `request.param`'s URL."""
    url = request.getfixturevalue(request.param)
    url = url.url if isinstance(url, FakeLlm) else url
    settings = {
        "TANDEM_MODEL_DIR": model_dir,
        "llm_url": url,
        "llm_model": "tandem-test-model",
        "llm_api_key": API_KEY,
        "llm_timeout_seconds": 1.0,
    }
    with running_api(fresh_database_url, tmp_path / "data", None, **settings) as api:  # type: ignore[arg-type]
        yield api


def offline_answer() -> str:
    (pack,) = packs_for("ecommerce")
    article = article_for_intent(pack, "delivery_times_and_costs", "en")
    assert article is not None
    return f"{article.title}\n{article.body}"


@pytest.mark.parametrize("api_with_llm", ["fake_llm"], indirect=True)
def test_the_ai_answers_in_the_models_grounded_words(api_with_llm: Api, fake_llm: FakeLlm) -> None:
    fake_llm.on("answer", Script(GROUNDED))
    chat = api_with_llm.open("en")

    posted = api_with_llm.say(chat, SIMPLE["en"])

    assert posted["status"] == "bot"
    (ai,) = posted["replies"]
    assert ai["author"] == "ai"
    assert ai["text"] == f'{GROUNDED}\n\nSource: "Delivery times and costs" (our help article)'
    assert fake_llm.requests[-1]["auth"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("api_with_llm", ["fake_llm"], indirect=True)
def test_a_contradicting_model_is_never_shown(api_with_llm: Api, fake_llm: FakeLlm) -> None:
    fake_llm.on("answer", Script(CONTRADICTIONS[1]))
    chat = api_with_llm.open("en")

    posted = api_with_llm.say(chat, SIMPLE["en"])

    assert posted["replies"][0]["text"] == offline_answer()
    assert CONTRADICTIONS[1] not in str(api_with_llm.thread(chat))


@pytest.mark.parametrize("api_with_llm", ["down_url"], indirect=True)
def test_with_the_model_down_the_ai_sends_the_article(api_with_llm: Api) -> None:
    chat = api_with_llm.open("en")

    posted = api_with_llm.say(chat, SIMPLE["en"])

    assert posted["status"] == "bot"
    assert posted["replies"][0]["text"] == offline_answer()


@pytest.mark.parametrize("api_with_llm", ["fake_llm"], indirect=True)
def test_the_agent_reads_the_models_handoff_summary(api_with_llm: Api, fake_llm: FakeLlm) -> None:
    fake_llm.on("summary", Script(SUMMARY))
    agent = api_with_llm.add_agent("alice", status="available")
    chat = api_with_llm.open("en")
    customer_email = "jane.doe@example.com"

    posted = api_with_llm.say(chat, f"{ESCALATE['en']}, write to {customer_email}")

    assert posted["status"] == "assigned"
    (item,) = api_with_llm.mine(agent)
    packet = item["handoff"]
    assert packet["summary"] == SUMMARY
    assert ESCALATE["en"] in packet["offline_summary"]
    assert "payment_charged_twice" in packet["intents"]
    assert customer_email not in fake_llm.sent_text()  # stored for the agent, never sent to the model


# Agent assist: the model-written draft, grounded in the best article and shown with it.
DRAFT_QUESTION = "How long does delivery take? I want to talk to a human please"


def draft(api: Api) -> tuple[dict[str, object] | None, str]:
    agent = api.add_agent("alice", status="available")
    chat = api.open("en")
    assert api.say(chat, DRAFT_QUESTION)["status"] in ("queued", "assigned")
    api.container.assigner.run()
    response = api.client.get(f"/api/v1/conversations/{chat.id}/assist/draft", headers=bearer(agent))
    assert response.status_code == 200, response.text
    return response.json(), agent


@pytest.mark.parametrize("api_with_llm", ["fake_llm"], indirect=True)
def test_the_draft_comes_with_the_article_it_was_written_from(api_with_llm: Api, fake_llm: FakeLlm) -> None:
    fake_llm.on("suggestion", Script(GROUNDED))
    written, _ = draft(api_with_llm)
    assert written is not None
    assert written["text"] == GROUNDED
    assert "delivery" in str(written["article_title"]).lower() and "4.90" in str(written["article_body"])


@pytest.mark.parametrize("api_with_llm", ["fake_llm"], indirect=True)
def test_a_draft_contradicting_the_article_is_not_offered(api_with_llm: Api, fake_llm: FakeLlm) -> None:
    fake_llm.on("suggestion", Script(CONTRADICTIONS[0]))
    written, _ = draft(api_with_llm)
    assert written is None


@pytest.mark.parametrize("api_with_llm", ["down_url"], indirect=True)
def test_with_the_model_down_there_is_no_draft_and_assist_still_answers(api_with_llm: Api) -> None:
    written, agent = draft(api_with_llm)
    assert written is None
    (item,) = api_with_llm.mine(agent)
    assist = api_with_llm.client.get(f"/api/v1/conversations/{item['id']}/assist", headers=bearer(agent))
    assert assist.status_code == 200 and assist.json()["articles"]
