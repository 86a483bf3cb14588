"""The demo a newcomer walks through agrees with itself: orders hold what the shop page sells, at its prices,
and the served connector's dates are around the day it runs, not a fixed day in the past."""

import re
from datetime import date, timedelta

import pytest

from tandem.connectors import DemoConnector
from tandem.dialogue.assistants import served_connector
from tandem.web import strings

ITEM = re.compile(r"^(\d+) × (.+)$")


def shop_prices() -> dict[str, float]:
    """The ecommerce shop page's products (English catalogue) and their prices."""
    products = strings("en")["shop"]["ecommerce"]["products"]
    prices = {}
    for product in products:
        amounts = re.findall(r"\d+(?:\.\d+)?", product["price"])
        prices[product["name"]] = float(amounts[0])
    return prices


@pytest.fixture(scope="module")
def demo() -> DemoConnector:
    return DemoConnector()


def test_every_ordered_item_is_sold_on_the_shop_page_at_its_price(demo: DemoConnector) -> None:
    prices = shop_prices()
    for order in demo.data.orders.values():
        total = 0.0
        for part in order["items"].split(", "):
            match = ITEM.match(part)
            assert match, order["items"]
            count, name = int(match.group(1)), match.group(2)
            assert name in prices, f"order {order['order_id']} holds {name!r}, which the shop does not sell"
            total += count * prices[name]
        assert float(order["total"]) == pytest.approx(total), order["order_id"]


def test_the_served_connector_lives_today() -> None:
    today = date.today()
    served = served_connector()
    eta = date.fromisoformat(served.call("get_order", {"order_id": "100234"})["eta"])
    assert today < eta <= today + timedelta(days=7)  # "on its way": expected in the coming days
    delivered = date.fromisoformat(served.call("get_order", {"order_id": "100345"})["eta"])
    assert delivered < today
