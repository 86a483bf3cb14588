"""Without the WebSocket, the widget still follows the conversation: it polls while the socket is down."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from .helpers import ask, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser


def test_the_widget_falls_back_to_polling_when_the_socket_is_down(server: str, new_page: Callable[[], Page]) -> None:
    agent = new_page()
    sign_in(agent, server, "alice")
    set_status(agent, "available")

    shop = new_page()
    refused: list[str] = []

    def refuse(socket: WebSocketRoute) -> None:
        refused.append(socket.url)
        socket.close()

    shop.route_web_socket(re.compile(r".*/api/v1/ws.*"), refuse)
    shop.goto(f"{server}/?domain=ecommerce&lang=en")
    shop.fill("#widget-name", "Paul Polling")
    ask(shop, "I want to speak to a human, my order was charged twice")
    expect(shop.locator("#widget-status")).to_have_attribute("data-status", "assigned")
    assert refused, "the widget never tried its WebSocket"

    conversation = agent.locator(".conversation-item", has_text="Paul Polling")
    conversation.click()
    agent.fill("#reply-input", "Hi Paul, I can see both payments.")
    agent.press("#reply-input", "Enter")
    expect(shop.locator(".message-agent .message-text").last).to_have_text("Hi Paul, I can see both payments.")

    agent.click("#resolve")
    expect(shop.locator("#widget-csat")).to_be_visible()
    shop.locator("#widget-csat button[data-score='4']").click()
    expect(shop.locator("#widget-notice")).to_contain_text("4 out of 5")
    screenshot(shop, "5-shop-polling")
