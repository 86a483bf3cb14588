"""Every tab of one agent hears their own status change at once, with how many of their chats went back."""

from .conftest import Api, next_event
from .sockets import live_socket


def test_going_on_break_reaches_every_tab_of_the_agent(api: Api) -> None:
    token = api.add_agent("alice", status="available")
    chat = api.open()
    api.escalate(chat)
    assert [c["id"] for c in api.mine(token)] == [chat.id]

    with live_socket(api.client, token) as first, live_socket(api.client, token) as second:
        api.set_status(token, "break")
        heard = [next_event(ws, lambda e: e["type"] == "my_status") for ws in (first, second)]

    assert heard == [{"type": "my_status", "status": "break", "requeued": 1}] * 2
    assert api.mine(token) == []
