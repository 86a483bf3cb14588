"""The live occupancy cap counts the time at work in the clock hour exactly, a break in it included.

Before, the router took the time since the hour began (at most today's work) as time at work: an agent back
from a break at twenty to the hour, whose twenty minutes of work that hour were all spent on a chat, read as
half-occupied and got a new chat; the hour then ended at 95 %, above the 85 % cap.
"""

from .conftest import Api


def test_an_agent_back_from_a_break_in_a_full_hour_gets_no_new_chat(api: Api) -> None:
    api.clock.start()  # 08:00
    supervisor = api.supervisor()
    token = api.add_agent("alice", status="available", capacity=1)
    api.clock.advance(hours=1)  # 09:00, an hour of work done
    first = api.open()
    api.escalate(first)
    assert [c["id"] for c in api.mine(token)] == [first.id]
    api.clock.advance(minutes=20)  # 09:20: twenty minutes of this hour, all on the chat
    api.act(token, first, "resolve", {"learn": False})
    api.set_status(token, "break")
    api.clock.advance(minutes=20)  # 09:40: back from a break that counts
    assert api.set_status(token, "available")["breaks_taken_today"] == 1
    api.clock.advance(minutes=2)

    second = api.open()
    api.escalate(second)  # 09:42: at work 22 minutes this hour, 20 of them busy (91 %)

    (waiting,) = api.queue(supervisor)
    assert waiting["id"] == second.id
    assert waiting["waiting_for"][0] == "occupancy_cap"
    assert api.mine(token) == []


def test_the_same_agent_without_the_break_takes_the_chat(api: Api) -> None:
    """The control: worked all hour (20 minutes busy of 42 at work), the cap lets the chat through."""
    api.clock.start()
    supervisor = api.supervisor()
    token = api.add_agent("alice", status="available", capacity=1)
    api.clock.advance(hours=1)
    first = api.open()
    api.escalate(first)
    api.clock.advance(minutes=20)
    api.act(token, first, "resolve", {"learn": False})
    api.clock.advance(minutes=22)

    second = api.open()
    api.escalate(second)

    assert [c["id"] for c in api.mine(token)] == [second.id]
    assert api.queue(supervisor) == []
