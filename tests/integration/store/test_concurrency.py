"""Several workers on one database, with real commits: nothing assigned twice, nothing lost."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from tandem.domain.conversations import ConversationStatus
from tandem.store import SqlUnitOfWork, make_engine

from .builders import T0, conversation, new_agent
from .test_messages import message

CONVERSATIONS = 500
BATCH = 20  # claims per transaction: locks are held long enough for the workers to collide


def _claim_until_empty(url: str, agent_id: int, start: threading.Barrier) -> list[str]:
    """A worker: list the queue, claim the oldest ones, commit; until the queue is empty."""
    engine = make_engine(url)
    claimed: list[str] = []
    try:
        uow = SqlUnitOfWork(engine)
        start.wait()
        while True:
            with uow() as tx:
                waiting = tx.conversations.queued()
                if not waiting:
                    return claimed
                mine = [c.id for c in waiting[:BATCH] if tx.conversations.claim(c.id, agent_id, T0)]
                tx.commit()
            claimed += mine
    finally:
        engine.dispose()


def test_two_workers_never_assign_a_conversation_twice(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        uow = SqlUnitOfWork(engine)
        with uow() as tx:
            agents = [tx.agents.add(new_agent(name)).id for name in ("ana", "bob")]
            for index in range(CONVERSATIONS):
                queued_at = T0 + timedelta(seconds=index)
                tx.conversations.add(
                    conversation(f"c{index:03}", status=ConversationStatus.QUEUED, queued_at=queued_at)
                )
            tx.commit()

        start = threading.Barrier(len(agents))
        with ThreadPoolExecutor(len(agents)) as pool:
            futures = [pool.submit(_claim_until_empty, fresh_database_url, agent, start) for agent in agents]
            first, second = (future.result(timeout=120) for future in futures)

        everyone = {f"c{index:03}" for index in range(CONVERSATIONS)}
        assert not set(first) & set(second)
        assert len(first) + len(second) == CONVERSATIONS
        assert set(first) | set(second) == everyone
        with uow() as tx:
            assert tx.conversations.assignment_counts() == dict.fromkeys(everyone, 1)
            assert {c.id for c in tx.conversations.with_status(ConversationStatus.ASSIGNED)} == everyone
            assert tx.conversations.queued() == []
            assert sum(tx.conversations.count_assigned().values()) == CONVERSATIONS
    finally:
        engine.dispose()


def test_a_message_sent_twice_at_once_is_stored_once(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        uow = SqlUnitOfWork(engine)
        with uow() as tx:
            tx.conversations.add(conversation("c1"))
            tx.commit()

        def send_again() -> tuple[object, bool]:
            with uow() as tx:
                result = tx.messages.add(message("again", "m-1"))
                tx.commit()
                return result

        with uow() as tx, ThreadPoolExecutor(1) as pool:
            first, created = tx.messages.add(message("first", "m-1"))
            # The retry arrives while the first is not yet committed: it waits on the unique key (PostgreSQL)
            # or on the write lock (SQLite), then must hand back the first message instead of failing.
            retry = pool.submit(send_again)
            time.sleep(0.3)
            tx.commit()
            assert retry.result(timeout=30) == (first, False)
        assert created
        with uow() as tx:
            assert [m.text for m in tx.messages.in_conversation("c1")] == ["first"]
    finally:
        engine.dispose()
