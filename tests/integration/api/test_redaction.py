"""Payment data never reaches storage: cards and IBANs are replaced at the boundary, order numbers stay."""

import json

from .conftest import Api

CARD = "4111 1111 1111 1111"
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def test_cards_and_ibans_are_stored_redacted_and_order_numbers_kept(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open()

    posted = api.say(chat, f"My card {CARD} was charged twice for order 100234, refund to IBAN {IBAN}")

    expected = "My card [CARD] was charged twice for order 100234, refund to IBAN [IBAN]"
    assert posted["message"]["text"] == expected
    thread = api.thread(chat)
    assert thread["messages"][0]["text"] == expected
    # Whoever reads the conversation afterwards (the agent, with the packet) sees no digits of either.
    assert posted["status"] == "assigned"
    (item,) = api.mine(token)
    seen = json.dumps([thread, item], ensure_ascii=False)
    for secret in ("4111", "1111 1111", "FR76", "0112 3456"):
        assert secret not in seen
    assert "100234" in item["handoff"]["summary"]
    assert {"kind": "order_id", "value": "100234", "text": "100234"} in item["handoff"]["entities"]


def test_an_agent_message_is_redacted_too(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open()
    api.escalate(chat)

    sent = api.reply(token, chat, "Is the card ending 1111 this one: 4111111111111111? Order 100345.")

    assert sent["message"]["text"] == "Is the card ending 1111 this one: [CARD]? Order 100345."
    assert api.thread(chat)["messages"][-1]["text"] == sent["message"]["text"]


def test_a_number_that_fails_the_luhn_check_is_kept(api: Api) -> None:
    chat = api.open()

    posted = api.say(chat, "My parcel reference is 4111 1111 1111 1112")

    assert posted["message"]["text"] == "My parcel reference is 4111 1111 1111 1112"
