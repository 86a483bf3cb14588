"""A company's own pack in the browser: the example energy supplier served from TANDEM_PACK_DIRS with its
help center imported and its connector server, as a company would run it.

The customer finds the company's page (its title, its help topics), gets their balance from the company's own
system in French; a question answered by an imported article goes to an agent skilled in the pack (the demo's
all-rounder Farid), who reads it labelled with the article's title and is offered that article by assist.
This module has its own server (its own database and pack; the shared model cache)."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from company_pack import CLAIRE, connector_server, energy_pack

from .conftest import running_server
from .helpers import ask, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser

KEY = "sk-browser-volt-et-gaz"


@pytest.fixture(scope="module")
def company_server(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[str]:
    packs = tmp_path_factory.mktemp("company-packs")
    energy_pack(packs)
    with connector_server(KEY) as url:
        settings = {
            "TANDEM_PACK_DIRS": str(packs),
            "TANDEM_DOMAINS": "energy",
            "TANDEM_CONNECTORS__ENERGY__URL": url,
            "TANDEM_CONNECTORS__ENERGY__KEY": KEY,
        }
        data = tmp_path_factory.mktemp("company-data")
        with running_server(data, model_dir, name="company-server", settings=settings) as base:
            yield base


def test_the_company_page_and_its_own_system_in_french(company_server: str, new_page: Callable[[], Page]) -> None:
    shop = new_page()
    shop.goto(f"{company_server}/?domain=energy&lang=fr")
    expect(shop.locator("#shop-title")).to_have_text("Fournisseur d'électricité et de gaz (Volt & Gaz)")
    expect(shop).to_have_title("Fournisseur d'électricité et de gaz (Volt & Gaz) — boutique de démo")
    topics = shop.locator(".product")
    expect(topics).to_have_count(6)
    expect(topics.first.locator("h2")).to_have_text("Déménagement")
    for text in topics.locator("p").all_text_contents():
        assert 0 < len(text) <= 141, text  # a first sentence, cut short: a card, not the article
    expect(shop.locator(".product .price")).to_have_count(0)  # help topics, nothing to buy
    expect(shop.locator(".domain-switch a")).to_have_count(1)  # the only pack served
    shop.fill("#widget-name", "Claire Dubois")
    ask(shop, "Bonjour, quel est le solde de mon contrat en 2048 1736 ?")
    expect(shop.locator(".message-ai").last).to_contain_text("adresse e-mail enregistrée")
    ask(shop, CLAIRE[1])
    answer = shop.locator(".message-ai").nth(1)
    expect(answer).to_contain_text("Merci Claire Dubois. Contrat EN20481736 (électricité")
    expect(answer).to_contain_text("votre solde est de 42,18 EUR, à régler")  # a French decimal comma
    expect(answer).to_contain_text("votre prochaine facture sera émise le")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "bot")
    screenshot(shop, "14-company-pack-customer-fr")


def test_an_imported_article_reaches_an_agent_skilled_in_the_pack(
    company_server: str, new_page: Callable[[], Page]
) -> None:
    agent = new_page()
    sign_in(agent, company_server, "farid")
    set_status(agent, "available")
    customer = new_page()
    customer.goto(f"{company_server}/?domain=energy&lang=en")
    customer.fill("#widget-name", "Tom Baker")
    ask(customer, "why do I pay a standing charge even when I use nothing")
    expect(customer.locator("#widget-status")).to_have_attribute("data-status", "assigned")
    agent.locator(".conversation-item", has_text="Tom Baker").click()
    expect(agent.locator(".conversation-item", has_text="Tom Baker")).to_contain_text("Electricity and gas supplier")
    handoff = agent.locator("#handoff")
    expect(handoff).to_contain_text("Intent being checked by people")
    expect(handoff).to_contain_text("The standing charge explained")
    expect(agent.locator("#assist")).to_contain_text("From the article “The standing charge explained”")
    # A pack's long title in the transfer list leaves the Transfer button inside the conversation's card.
    inside = agent.locator("#transfer-form button").evaluate(
        "b => b.getBoundingClientRect().right <= b.closest('.card').getBoundingClientRect().right + 0.5"
    )
    assert inside, "the Transfer button spills out of its card"
    screenshot(agent, "14-company-pack-agent", docs="company-pack-agent")
    agent.fill("#reply-input", "Hello Tom, the standing charge pays for your meter and connection.")
    agent.press("#reply-input", "Enter")
    expect(customer.locator(".message-agent")).to_have_count(1)
