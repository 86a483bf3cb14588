"""A customer who stays insulting after the AI's warning: they are told the truth, the supervisor watching the
dashboard is alerted without reloading, takes the conversation over in one click and answers from the workspace;
the dashboard counts what ended for abuse and who is cooling down (issue 13, points 2 and 8)."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .helpers import ask, screenshot, sign_in

pytestmark = pytest.mark.browser

WARNING = "I'm here to help, but I can't continue if the conversation stays insulting."
STOPS = "As the messages are still insulting, I can't carry on with this conversation myself."
PROMISES = ("joining you now", "right away", "will be with you shortly")


def test_a_supervisor_takes_over_a_hostile_conversation_from_the_alert(
    server: str, new_page: Callable[[], Page]
) -> None:
    # Sam watches the dashboard; no one else in the browser tests signs in as a supervisor for chats.
    dashboard = new_page()
    sign_in(dashboard, server, "sam", path="/supervisor")
    expect(dashboard.locator("#live")).to_have_attribute("data-live", "true")

    shop = new_page()
    shop.goto(f"{server}/?domain=ecommerce&lang=en")
    shop.fill("#widget-name", "Rita Rude")
    ask(shop, "you idiots")
    expect(shop.locator(".message-ai .message-text").last).to_contain_text(WARNING)
    ask(shop, "you are all idiots")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "queued")

    # The customer is told the AI stops here, and nobody is promised "now".
    expect(shop.locator(".message-ai .message-text").last).to_contain_text(STOPS)
    told = " ".join(shop.locator(".message-text").all_inner_texts()).lower()
    assert not any(promise in told for promise in PROMISES), told
    screenshot(shop, "abuse-customer-told")

    # The alert reaches the open dashboard live, and says since when, which team and which language.
    alert = dashboard.locator("#hostile-list .hostile-item")
    expect(dashboard.locator("#hostile")).to_be_visible()
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("Hostile conversation waiting for a supervisor: since")
    expect(alert).to_contain_text("E-commerce, English")
    expect(alert).to_contain_text("Closed in")
    screenshot(dashboard, "abuse-alert")

    alert.get_by_role("button", name="Take over").click()

    # One click: the conversation is Sam's, open in the workspace, and the customer sees who joined.
    # The workspace opens on this conversation, whatever else Sam holds.
    expect(dashboard).to_have_url(re.compile(rf"^{re.escape(server)}/agent\?lang=en&conversation=[\w-]+$"))
    expect(dashboard.locator("[data-ready=true]")).to_have_count(1)
    expect(dashboard.locator("#thread-title")).to_have_text("Rita Rude")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "assigned")
    expect(shop.locator(".message-system .message-text").last).to_have_text("Sam has joined the conversation.")
    screenshot(dashboard, "abuse-taken-over")

    # Sam ends it for abuse: nothing is left waiting or held on the shared server.
    dashboard.once("dialog", lambda dialog: dialog.accept())
    dashboard.click("#end-abuse")
    expect(dashboard.locator(".conversation-item", has_text="Rita Rude")).to_have_count(0)
    expect(shop.locator("#widget-status")).not_to_have_attribute("data-status", "assigned")

    # The dashboard counts it, shows Sam cooling down, and no longer alerts.
    dashboard.goto(f"{server}/supervisor?lang=en")
    expect(dashboard.locator("#dashboard")).to_have_attribute("data-ready", "true")
    expect(dashboard.locator("#hostile")).to_be_hidden()
    expect(dashboard.locator("#tile-abuse [data-sub]")).to_contain_text("by staff")
    expect(dashboard.locator("#tile-cooling [data-sub]")).to_contain_text("Sam until")
    expect(dashboard.locator("#tile-agents .tile-label")).to_have_text("Agents available / busy / break / offline")
    screenshot(dashboard, "abuse-tiles")
