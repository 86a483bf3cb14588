"""The assignment log read as stretches of agents having conversations, for their occupancy."""

from dataclasses import replace
from datetime import timedelta

from tandem.domain.conversations import ConversationStatus
from tandem.domain.routing import ChatSpan
from tandem.store import SqlUnitOfWork
from tandem.wellbeing import seat_seconds

from .builders import T0, conversation, new_agent

QUEUED = ConversationStatus.QUEUED


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_spans_from_claims_transfers_and_resolutions(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        ana, bob = tx.agents.add(new_agent("ana")), tx.agents.add(new_agent("bob"))
        for name in ("resolved", "open", "moved", "handed_back", "old"):
            tx.conversations.add(conversation(name, status=QUEUED))
        # Resolved: Ana 09:05-09:25.
        assert tx.conversations.claim("resolved", ana.id, T0 + minutes(5))
        done = tx.conversations.get("resolved")
        tx.conversations.update(replace(done, status=ConversationStatus.RESOLVED, resolved_at=T0 + minutes(25)))
        # Still open with Ana since 09:40.
        assert tx.conversations.claim("open", ana.id, T0 + minutes(40))
        # Bob 09:10, requeued, Ana from 09:30 to now: Bob's stretch ends when Ana's begins.
        assert tx.conversations.claim("moved", bob.id, T0 + minutes(10))
        tx.conversations.update(replace(tx.conversations.get("moved"), status=QUEUED, agent_id=None))
        assert tx.conversations.claim("moved", ana.id, T0 + minutes(30))
        # Handed back to the AI: no recorded end, left out.
        assert tx.conversations.claim("handed_back", bob.id, T0 + minutes(15))
        back = tx.conversations.get("handed_back")
        tx.conversations.update(replace(back, status=ConversationStatus.BOT, agent_id=None, assigned_at=None))
        # Resolved before the window.
        assert tx.conversations.claim("old", bob.id, T0 - minutes(90))
        old = tx.conversations.get("old")
        tx.conversations.update(replace(old, status=ConversationStatus.RESOLVED, resolved_at=T0 - minutes(70)))
        tx.commit()
    now = T0 + minutes(50)
    with uow(read_only=True) as tx:
        spans = tx.conversations.chat_spans(T0 - minutes(10), now)
    assert sorted(spans, key=lambda s: (s.agent_id, s.start)) == [
        ChatSpan(ana.id, T0 + minutes(5), T0 + minutes(25)),
        ChatSpan(ana.id, T0 + minutes(30), None),
        ChatSpan(ana.id, T0 + minutes(40), None),
        ChatSpan(bob.id, T0 + minutes(10), T0 + minutes(30)),
    ]
    # Ana's seat time 09:00-09:50 with 3 seats: 20 + 20 + 10 minutes over 3 = 16 min 40 s.
    own = [(s.start, s.end) for s in spans if s.agent_id == ana.id]
    assert seat_seconds(own, 3, T0, now) == 50 * 60 / 3
