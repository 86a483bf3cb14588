"""(5) The learning loop in the browser: agent assist, an agent teaching the AI when resolving, a supervisor
approving the lesson, the retrained model served, and the AI then answering the question a person had to.

This module has its own server (own database, the shared model cache): the model it teaches stays here."""

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import running_server
from .helpers import ask, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser

WARM_UP = "How long does delivery take?"
# Out of scope for the e-commerce pack: the AI hands it over.
QUESTION = "can you price match a cheaper shop"
# Worded differently: the new model takes it for price_match but it is no near-repeat of the approved question,
# and price_match is on probation: a person answers it (tests/integration/api/test_learning_loop.py, same wording).
REWORDED = "could you price match a cheaper shop"
ANSWER = "We do not match other shops' prices, but we run offers every week."
INTENT = "price_match"
# Retraining trains twice (the held-out gate, then the served model): ~35 s idle, 15 min seen on a loaded one.
RETRAIN_SECONDS = float(os.environ.get("TANDEM_BROWSER_RETRAIN_SECONDS", "1200"))


@pytest.fixture(scope="module")
def learning_server(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("learning-data"), model_dir, name="learning-server") as base:
        yield base


def _customer(new_page: Callable[[], Page], base: str, name: str) -> Page:
    shop = new_page()
    shop.goto(f"{base}/?domain=ecommerce&lang=en")
    shop.fill("#widget-name", name)
    return shop


def _wait_for_new_model(page: Page, learned: str) -> None:
    """Until the e-commerce model serving is a version holding `learned` items; fails at once if it was refused."""
    domain = page.locator("#models .model-domain[data-domain=ecommerce]")
    serving = domain.locator("tbody tr[aria-current=true] td:last-child")
    refused = domain.locator("tbody tr[data-status=rejected], tbody tr[data-status=failed]")
    deadline = time.monotonic() + RETRAIN_SECONDS
    while True:
        if serving.count() and serving.first.text_content() == learned:
            return
        if refused.count():
            pytest.fail(f"the retrained model was not promoted: {refused.first.text_content()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no model with {learned} learned item(s) served after {RETRAIN_SECONDS} s")
        page.wait_for_timeout(2000)


def test_an_agents_answer_becomes_the_ais(learning_server: str, new_page: Callable[[], Page]) -> None:
    base = learning_server
    agent = new_page()
    sign_in(agent, base, "alice")
    set_status(agent, "available")
    supervisor = new_page()
    sign_in(supervisor, base, "sam", path="/supervisor")
    expect(supervisor.locator("#review-empty")).to_be_visible()
    models = supervisor.locator("#models .model-domain[data-domain=ecommerce]")
    expect(models.locator("tbody tr[data-status=active]")).to_have_count(1)
    expect(supervisor.locator("#models .model-domain")).to_have_count(1)  # the only domain served

    # Resolving with "propose to the AI" unticked teaches nothing.
    quiet = _customer(new_page, base, "Paul Quiet")
    ask(quiet, "I want to speak to a person please")
    expect(quiet.locator("#widget-status")).to_have_attribute("data-status", "assigned")
    agent.locator(".conversation-item", has_text="Paul Quiet").click()
    agent.fill("#reply-input", "Hello Paul, how can I help?")
    agent.press("#reply-input", "Enter")
    expect(quiet.locator(".message-agent")).to_have_count(1)
    agent.uncheck("#teach-learn")
    agent.click("#resolve")
    expect(agent.locator("#action-notice")).to_have_text("Conversation resolved.")
    expect(agent.locator(".conversation-item", has_text="Paul Quiet")).to_have_count(0)

    # A customer asks something the AI answers, then something it cannot: alice gets the conversation.
    shop = _customer(new_page, base, "Nina Price")
    ask(shop, WARM_UP)
    expect(shop.locator(".message-ai .message-text").last).to_contain_text("working days")
    ask(shop, QUESTION)
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "assigned")
    agent.locator(".conversation-item", has_text="Nina Price").click()
    expect(agent.locator("#teach-learn")).to_be_checked()  # ticked again for each conversation
    expect(agent.locator("#handoff-body .chip.reason").first).to_be_visible()  # why the AI handed over

    # Assist: articles for what the customer asked, and a reply that goes into the reply box, unsent.
    assist = agent.locator("#assist")
    expect(assist.locator("#assist-articles .assist-article").first).to_be_visible()
    article = assist.locator("#assist-articles .assist-article").first
    article.locator("summary").click()
    expect(article.locator(".assist-article-body")).to_be_visible()
    suggestion = assist.locator("#assist-replies .assist-reply").first
    expect(suggestion).to_be_visible()
    suggested = suggestion.locator(".assist-reply-text").text_content() or ""
    assert suggested
    suggestion.locator(".assist-insert").click()
    expect(agent.locator("#reply-input")).to_have_value(suggested)
    expect(agent.locator("#agent-messages .message-agent")).to_have_count(0)
    expect(agent.locator("#action-notice")).to_contain_text("reply box")
    screenshot(agent, "5-agent-assist")

    # Her own answer instead; the Teach form is prefilled with the question and her reply.
    agent.fill("#reply-input", ANSWER)
    agent.press("#reply-input", "Enter")
    expect(shop.locator(".message-agent .message-text").last).to_have_text(ANSWER)
    expect(shop.locator(".message-agent")).to_have_count(1)  # the suggestion was never sent
    agent.click("#teach summary")
    expect(agent.locator("#teach-question")).to_have_value(QUESTION)
    expect(agent.locator("#teach-answer")).to_have_value(ANSWER)
    expect(agent.locator("#teach-learn")).to_be_checked()
    expect(agent.locator("#teach-intent option[value=delivery_times_and_costs]")).to_have_count(1)  # the pack's intents
    agent.select_option("#teach-intent", "__new__")
    agent.fill("#teach-intent-new", INTENT)
    screenshot(agent, "5-agent-teach")
    agent.click("#resolve")
    expect(agent.locator("#action-notice")).to_have_text("Conversation resolved. The lesson goes to a supervisor.")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "resolved")

    # The supervisor's review queue shows it live (and only it: Paul's case proposed nothing); she approves it.
    item = supervisor.locator("#review-list .review-item")
    expect(item).to_have_count(1)
    expect(supervisor.locator("#review-count")).to_have_text("1")
    expect(item.locator("textarea[id$=-question]")).to_have_value(QUESTION)
    expect(item.locator("textarea[id$=-answer]")).to_have_value(ANSWER)
    expect(item.locator("input[id$=-intent-new]")).to_have_value(INTENT)
    item.scroll_into_view_if_needed()
    screenshot(supervisor, "5-supervisor-review")
    item.locator(".review-approve").click()
    expect(supervisor.locator("#review-notice")).to_contain_text("Approved")
    expect(item).to_have_count(0)
    expect(supervisor.locator("#review-empty")).to_be_visible()

    # The model retrains in the background and is served once it scores no worse.
    _wait_for_new_model(supervisor, "1")
    expect(models.locator("tbody tr[data-status=active]")).to_have_count(1)
    expect(models.locator("tbody tr[data-status=retired]")).to_have_count(1)
    expect(models.locator(".model-training")).to_be_hidden()
    expect(models.locator(".model-rollback")).to_be_enabled()
    models.scroll_into_view_if_needed()
    screenshot(supervisor, "5-supervisor-models")

    # A new customer asks the same: the AI answers, with what alice taught it.
    later = _customer(new_page, base, "Omar Later")
    ask(later, QUESTION)
    expect(later.locator(".message-ai .message-text").last).to_contain_text(ANSWER)
    expect(later.locator("#widget-status")).to_have_attribute("data-status", "bot")
    screenshot(later, "5-shop-learned")

    # Worded differently, it goes to alice while people check price_match, and her panel says so.
    checking = _customer(new_page, base, "Rita Reworded")
    ask(checking, REWORDED)
    expect(checking.locator("#widget-status")).to_have_attribute("data-status", "assigned")
    agent.locator(".conversation-item", has_text="Rita Reworded").click()
    expect(agent.locator("#handoff-body .chip.reason", has_text="Intent being checked by people")).to_be_visible()
    agent.fill("#reply-input", ANSWER)
    agent.press("#reply-input", "Enter")
    expect(checking.locator(".message-agent .message-text").last).to_have_text(ANSWER)
    agent.click("#resolve")  # its lesson goes to the review queue: a check of price_match
    expect(agent.locator("#action-notice")).to_have_text("Conversation resolved. The lesson goes to a supervisor.")
    expect(supervisor.locator("#review-list .review-item[data-checks=price_match]")).to_have_count(1)
