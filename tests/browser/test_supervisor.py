"""The supervisor dashboard: live tiles, escalations chart, agents and queue tables, in French."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .helpers import ask, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser


def test_the_dashboard_shows_live_figures(server: str, new_page: Callable[[], Page]) -> None:
    # Something to show: alice available, one escalated conversation.
    agent = new_page()
    sign_in(agent, server, "alice")
    set_status(agent, "available")
    shop = new_page()
    shop.goto(f"{server}/?domain=ecommerce&lang=fr")
    ask(shop, "Je veux parler à un humain, mon colis n'est jamais arrivé et je suis furieux")
    expect(shop.locator("#widget-status")).not_to_have_attribute("data-status", "bot")

    page = new_page()
    sign_in(page, server, "sam", path="/supervisor")
    page.click(".lang-switch a[data-lang=fr]")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The token is kept in sessionStorage: switching language does not sign out.
    expect(page.locator("#dashboard")).to_be_visible()
    expect(page.locator("#live")).to_have_attribute("data-live", "true")
    expect(page.locator("#tile-conversations [data-value]")).not_to_have_text("–")
    expect(page.locator("#escalations-chart svg.bars .bar").first).to_be_visible()
    alice = page.locator("#agents-table tr[data-username=alice]")
    expect(alice).to_contain_text("Disponible")
    expect(page.locator("#updated")).to_contain_text("Mis à jour")
    screenshot(page, "4-supervisor", docs="supervisor")

    # An agent's status change reaches the dashboard live.
    set_status(agent, "break")
    expect(alice).to_contain_text("En pause")
