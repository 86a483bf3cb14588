"""(2) A complex question goes to a person: waiting, alice's workspace with the handoff packet, her live reply,
resolution and the customer's rating."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .helpers import ask, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser

SIMPLE = "How long does delivery take?"
COMPLEX = "I want to speak to a human, my parcel never arrived and I'm furious"
REPLY = "Hello Claire, I'm Alice. I'm sorry about your parcel: I'm checking with the carrier right now."


def test_a_complex_question_reaches_alice_with_the_handoff_packet(server: str, new_page: Callable[[], Page]) -> None:
    agent = new_page()
    sign_in(agent, server, "alice")
    # On a break first, so the customer is seen waiting; the other demo agents are offline.
    set_status(agent, "break")

    shop = new_page()
    shop.goto(f"{server}/?domain=ecommerce&lang=en")
    shop.fill("#widget-name", "Claire Dubois")
    ask(shop, SIMPLE)
    expect(shop.locator(".message-ai .message-text").last).to_contain_text("working days")
    ask(shop, COMPLEX)

    status = shop.locator("#widget-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(status).to_contain_text("Waiting for a person")
    screenshot(shop, "2-shop-waiting")

    # The waiting customer shows in alice's queue; once she is available, routing gives her the conversation.
    expect(agent.locator("#queue-list .queue-item").first).to_contain_text("E-commerce")
    screenshot(agent, "2-agent-queue")
    set_status(agent, "available")
    conversation = agent.locator(".conversation-item", has_text="Claire Dubois")
    expect(conversation).to_be_visible()
    conversation.click()
    expect(status).to_have_attribute("data-status", "assigned")

    handoff = agent.locator("#handoff-body")
    expect(handoff).to_contain_text("Why a person")
    expect(handoff.locator(".chip.reason", has_text="Asked for a person")).to_be_visible()
    expect(agent.locator("#agent-messages")).to_contain_text(COMPLEX)

    agent.fill("#reply-input", REPLY)
    agent.press("#reply-input", "Enter")
    expect(shop.locator(".message-agent .message-text").last).to_have_text(REPLY)
    screenshot(shop, "2-shop-agent-reply", docs="shop")
    screenshot(agent, "2-agent-replied", docs="agent")

    agent.click("#resolve")
    # Resolved, and by default what the case teaches goes to a supervisor's review (test_learning.py).
    expect(agent.locator("#action-notice")).to_contain_text("Conversation resolved.")
    expect(status).to_have_attribute("data-status", "resolved")
    csat = shop.locator("#widget-csat")
    expect(csat).to_be_visible()
    screenshot(shop, "2-shop-resolved")

    csat.locator("button[data-score='5']").click()
    expect(shop.locator("#widget-notice")).to_contain_text("5 out of 5")
    expect(csat).to_be_hidden()
    screenshot(shop, "2-shop-rated")


SIMPLE_FR = "Combien de temps prend la livraison ?"
# Calm and not sensitive: no hard contact on farid's record, whom the two-tabs journey routes to later.
ASK_PERSON_FR = "Je voudrais parler à un conseiller, s'il vous plaît"


def test_a_french_customers_packet_reads_in_french_on_a_french_page(server: str, new_page: Callable[[], Page]) -> None:
    # farid (French and English) takes her; alice, whom the test above leaves available, is on a break meanwhile.
    alice = new_page()
    sign_in(alice, server, "alice")
    set_status(alice, "break")
    agent = new_page()
    sign_in(agent, server, "farid")
    agent.goto(f"{server}/agent?lang=fr")
    expect(agent.locator("[data-ready=true]")).to_have_count(1)
    set_status(agent, "available")

    shop = new_page()
    shop.goto(f"{server}/?domain=ecommerce&lang=fr")
    shop.fill("#widget-name", "Inès Garnier")
    ask(shop, SIMPLE_FR)
    expect(shop.locator(".message-ai .message-text").last).to_contain_text("jours ouvrés")
    ask(shop, ASK_PERSON_FR)
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "assigned")

    agent.locator(".conversation-item", has_text="Inès Garnier").click()
    handoff = agent.locator("#handoff-body")
    expect(handoff).to_contain_text("Pourquoi une personne")
    expect(handoff.locator(".chip.reason", has_text="A demandé une personne")).to_be_visible()
    expect(handoff.locator(".chip.intent").first).to_have_text("Délais et frais de livraison")
    summary = handoff.locator(".summary")
    expect(summary).to_contain_text("Inès Garnier a demandé : délais et frais de livraison")
    expect(summary).to_contain_text("Transmis parce que : a demandé une personne")
    expect(handoff).not_to_contain_text("delivery times")
    expect(handoff).not_to_contain_text("asked for human")
    screenshot(agent, "2-agent-packet-fr")

    agent.click("#resolve")
    expect(agent.locator("#action-notice")).to_contain_text("Conversation résolue.")
    set_status(agent, "offline")
    set_status(alice, "available")  # as the test above left her
