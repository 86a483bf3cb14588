"""(3) Customer text is never markup: script and event-handler payloads stay inert text in the widget and in the
agent workspace (messages, customer name, handoff packet), masked insults and their reveal included."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .helpers import ask, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser

PAYLOAD = (
    'I want to speak to a human! <img src=x onerror="window.__xss=1"> '
    '<script>window.__xss=2</script> <svg onload="window.__xss=3"></svg>'
)
NAME = '<img src=y onerror="window.__xss=4">Mallory'
INSULT = 'you useless <img src=x onerror="window.__xss=5"> idiots'


def _assert_inert(page: Page, *containers: str) -> None:
    assert page.evaluate("window.__xss") == 0
    for container in containers:
        expect(page.locator(f"{container} img, {container} script, {container} svg:not(.sparkline)")).to_have_count(0)


def test_markup_in_customer_text_stays_text(server: str, new_page: Callable[[], Page]) -> None:
    agent = new_page()
    sign_in(agent, server, "alice")
    set_status(agent, "available")
    agent.evaluate("window.__xss = 0")

    shop = new_page()
    shop.goto(f"{server}/?domain=ecommerce&lang=en")
    shop.evaluate("window.__xss = 0")
    shop.fill("#widget-name", NAME)
    ask(shop, PAYLOAD)
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "assigned")

    expect(shop.locator(".message-customer .message-text").first).to_have_text(PAYLOAD)
    _assert_inert(shop, "#widget-messages")
    screenshot(shop, "3-shop-payload")

    conversation = agent.locator(".conversation-item", has_text="Mallory")
    expect(conversation).to_be_visible()
    expect(conversation.locator(".conversation-name")).to_have_text(NAME)
    conversation.click()
    expect(agent.locator("#thread-title")).to_have_text(NAME)
    expect(agent.locator("#agent-messages .message-customer .message-text").first).to_have_text(PAYLOAD)
    expect(agent.locator("#handoff-body")).to_contain_text("Mallory")
    # The page's own scripts keep running: the agent can still answer.
    agent.fill("#reply-input", "<b>bold?</b> no: text")
    agent.press("#reply-input", "Enter")
    expect(shop.locator(".message-agent .message-text").last).to_have_text("<b>bold?</b> no: text")
    _assert_inert(agent, "#agent-messages", "#handoff-body", "#conversation-list", "#thread-title", "#assist", "#teach")
    expect(agent.locator("#teach-question")).to_have_value(PAYLOAD)  # the lesson's question, as text
    _assert_inert(shop, "#widget-messages")
    screenshot(agent, "3-agent-payload")

    agent.click("#resolve")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "resolved")
    _assert_inert(shop, "#widget-messages")


def test_insults_reach_the_agent_masked_and_one_click_ends_the_conversation(
    server: str, new_page: Callable[[], Page]
) -> None:
    agent = new_page()
    sign_in(agent, server, "alice")
    set_status(agent, "available")
    agent.evaluate("window.__xss = 0")

    shop = new_page()
    shop.goto(f"{server}/?domain=ecommerce&lang=en")
    shop.fill("#widget-name", "Rex Rude")
    ask(shop, "I want to talk to a human about my order")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "assigned")
    ask(shop, INSULT)  # the customer sees their own words

    agent.locator(".conversation-item", has_text="Rex Rude").click()
    masked = agent.locator("#agent-messages .message-customer[data-masked=true]")
    expect(masked.locator(".message-text")).to_have_text('you useless <img src=x onerror="window.__xss=5"> •••••')
    screenshot(agent, "6-agent-masked")
    masked.locator("button.reveal").click()
    revealed = agent.locator("#agent-messages .message-customer[data-masked=revealed] .message-text")
    expect(revealed).to_have_text(INSULT)
    _assert_inert(agent, "#agent-messages")

    agent.click("#end-abuse")
    expect(agent.locator("#action-notice")).to_contain_text("Conversation ended and flagged")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "resolved")
    expect(shop.locator(".message-system .message-text").last).to_contain_text("closed because of the tone")
    # Ended for abuse: the widget says it is closed and asks for no rating.
    expect(shop.locator("#widget-status")).to_have_text("This conversation is closed")
    expect(shop.locator("#widget-csat")).to_be_hidden()
    expect(agent.locator("#me-cooldown")).to_be_visible()
    screenshot(agent, "6-agent-ended")
