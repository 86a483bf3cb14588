"""Several workers on one database, with real commits: nothing assigned twice, nothing lost, no chat left with
an agent who went offline while a routing pass was assigning them."""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import text

from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.conversations import AgentStatus, ConversationStatus
from tandem.domain.events import NullSink
from tandem.staff.security import Tokens
from tandem.staff.service import StaffService
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


def _blocked_or_done(url: str, done: Callable[[], bool]) -> None:
    """Waits until `done`, or (PostgreSQL) until a transaction waits for an advisory lock, or (SQLite, whose
    writers queue on the file lock and leave no trace) a moment has passed."""
    if not url.startswith("postgresql"):
        time.sleep(0.5)
        return
    engine = make_engine(url)
    waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    try:
        deadline = time.monotonic() + 30
        while not done() and time.monotonic() < deadline:
            with engine.connect() as watch:
                if watch.execute(waiting).scalar_one():
                    return
            time.sleep(0.02)
    finally:
        engine.dispose()


def test_an_agent_going_offline_during_a_routing_pass_is_left_with_no_chat(fresh_database_url: str) -> None:
    """The pass read the agent as available, they go offline, then the pass claims a chat for them: once both
    have committed, the chat is back in the queue, not held by someone who is gone."""
    engine = make_engine(fresh_database_url)
    try:
        uow = SqlUnitOfWork(engine)
        with uow() as tx:
            agent_id = tx.agents.add(new_agent("ana")).id
            tx.conversations.add(conversation("c1", status=ConversationStatus.QUEUED))
            tx.commit()
        staff = StaffService(uow, NullSink(), Tokens("test-signing-key-of-enough-length"), lambda: T0)
        ana = Principal(PrincipalKind.AGENT, agent_id=agent_id)
        staff.set_status(ana, AgentStatus.AVAILABLE)

        with uow() as routing_pass, ThreadPoolExecutor(1) as pool:
            routing_pass.conversations.hold_routing()
            assert [a.status for a in routing_pass.agents.all()] == [AgentStatus.AVAILABLE]  # what the pass sees
            going = pool.submit(staff.set_status, ana, AgentStatus.OFFLINE)
            _blocked_or_done(fresh_database_url, going.done)
            assert routing_pass.conversations.claim("c1", agent_id, T0)
            routing_pass.commit()
            assert going.result(timeout=60).agent.status == AgentStatus.OFFLINE

        with uow() as tx:
            assert tx.conversations.assigned_to(agent_id) == []
            assert [c.id for c in tx.conversations.queued()] == ["c1"]
    finally:
        engine.dispose()
