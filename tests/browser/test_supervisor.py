"""The supervisor dashboard: live tiles, escalations chart, agents and queue tables, in French."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .helpers import ask, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser

ESCALATE_FR = "Je veux parler à un humain, mon colis n'est jamais arrivé et je suis furieux"
ESCALATE_EN = "I want to speak to a person about a fraudulent payment on my account"


def _customer(new_page: Callable[[], Page], server: str, name: str, lang: str, text: str) -> Page:
    shop = new_page()
    shop.goto(f"{server}/?domain=ecommerce&lang={lang}")
    shop.fill("#widget-name", name)
    ask(shop, text)
    expect(shop.locator("#widget-status")).not_to_have_attribute("data-status", "bot")
    return shop


def _resolve(agent: Page, name: str) -> None:
    agent.locator(".conversation-item", has_text=name).click()
    expect(agent.locator("#thread-title")).to_have_text(name)
    agent.click("#resolve")
    expect(agent.locator(".conversation-item", has_text=name)).to_have_count(0)


def test_the_dashboard_shows_live_figures(server: str, new_page: Callable[[], Page]) -> None:
    # Something to show. Bruno (e-commerce, French only) takes a French customer; alice, the only other
    # e-commerce agent signed in, is on a break, so an English customer waits in the queue.
    alice = new_page()
    sign_in(alice, server, "alice")
    set_status(alice, "break")
    bruno = new_page()
    sign_in(bruno, server, "bruno")
    set_status(bruno, "available")
    _customer(new_page, server, "Hélène Roux", "fr", ESCALATE_FR)
    expect(bruno.locator(".conversation-item", has_text="Hélène Roux")).to_be_visible()
    waiting = _customer(new_page, server, "Oscar Wait", "en", ESCALATE_EN)
    expect(waiting.locator("#widget-status")).to_have_attribute("data-status", "queued")

    page = new_page()
    sign_in(page, server, "sam", path="/supervisor")
    page.click(".lang-switch a[data-lang=fr]")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The token is kept in sessionStorage: switching language does not sign out.
    expect(page.locator("#dashboard")).to_be_visible()
    expect(page.locator("#live")).to_have_attribute("data-live", "true")
    expect(page.locator("#tile-queue_length [data-value]")).to_have_text("1")
    expect(page.locator("#queue-table tbody tr")).to_have_count(1)
    expect(page.locator("#escalations-chart svg.bars .bar").first).to_be_visible()
    alice_row = page.locator("#agents-table tr[data-username=alice]")
    expect(alice_row).to_contain_text("En pause")
    expect(page.locator("#agents-table tr[data-username=bruno]")).to_contain_text("1 / 3")
    page.wait_for_timeout(1500)  # let the waiting time tick for the picture
    screenshot(page, "4-supervisor", docs="supervisor")

    # Alice's return reaches the dashboard live: she is available and takes the waiting customer.
    set_status(alice, "available")
    expect(alice_row).to_contain_text("Disponible")
    expect(page.locator("#tile-queue_length [data-value]")).to_have_text("0")
    expect(waiting.locator("#widget-status")).to_have_attribute("data-status", "assigned")

    _resolve(alice, "Oscar Wait")
    _resolve(bruno, "Hélène Roux")
    set_status(bruno, "offline")  # later tests count on alice being the only e-commerce agent online
