from dataclasses import replace
from datetime import timedelta

import pytest

from tandem.domain.conversations import AgentStatus, Role
from tandem.domain.errors import Conflict, NotFound
from tandem.store import SqlUnitOfWork

from .builders import T0, new_agent


def test_new_agent_round_trips_offline(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        added = tx.agents.add(new_agent("zoe", skills=("telecom", "ecommerce"), languages=("en",), capacity=5))
        tx.commit()
    with uow() as tx:
        loaded = tx.agents.get(added.id)
    assert loaded == added
    assert (loaded.username, loaded.display_name, loaded.role, loaded.password_hash) == ("zoe", "Zoe", Role.AGENT, "x")
    assert (loaded.skills, loaded.languages, loaded.capacity) == (("telecom", "ecommerce"), ("en",), 5)
    assert (loaded.status, loaded.status_since) == (AgentStatus.OFFLINE, None)


def test_update_writes_every_field(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        agent = tx.agents.add(new_agent("ana"))
        changed = replace(
            agent,
            username="ana2",
            display_name="Ana B.",
            role=Role.SUPERVISOR,
            password_hash="y",
            skills=("logistics",),
            languages=("fr",),
            capacity=1,
            status=AgentStatus.BREAK,
            status_since=T0 + timedelta(minutes=5),
            load=7.25,
            load_at=T0,
            hard_contacts_at=(T0 - timedelta(minutes=30), T0),
            last_abusive_at=T0,
            check_in_score=2,
            check_in_at=T0 + timedelta(minutes=1),
            work_day="2025-03-01",
            worked_seconds_today=3600.0,
            worked_seconds_week=7200.5,
            worked_since_break_seconds=1800.0,
            breaks_taken_today=1,
            hard_contacts_today=2,
            wellbeing_notice="break_due",
        )
        tx.agents.update(changed)
        tx.commit()
    with uow() as tx:
        loaded = tx.agents.get(agent.id)
    assert loaded == changed
    assert loaded.status_since is not None and loaded.status_since.tzinfo is not None
    assert all(at.tzinfo is not None for at in loaded.hard_contacts_at)


def test_only_the_latest_hard_contacts_are_kept(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        agent = tx.agents.add(new_agent("ana"))
        many = tuple(T0 + timedelta(seconds=n) for n in range(80))
        tx.agents.update(replace(agent, hard_contacts_at=many))
        assert tx.agents.get(agent.id).hard_contacts_at == many[-50:]


def test_duplicate_username_is_a_conflict_and_the_transaction_goes_on(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        ana = tx.agents.add(new_agent("ana"))
        bob = tx.agents.add(new_agent("bob"))
        with pytest.raises(Conflict):
            tx.agents.add(new_agent("ana", display_name="Other"))
        with pytest.raises(Conflict):
            tx.agents.update(replace(bob, username="ana"))
        tx.agents.add(new_agent("cid"))
        tx.commit()
    with uow() as tx:
        assert [a.username for a in tx.agents.all()] == ["ana", "bob", "cid"]
        assert tx.agents.get(ana.id).display_name == "Ana"


def test_lookups(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        ana = tx.agents.add(new_agent("ana"))
        boss = tx.agents.add(new_agent("boss", role=Role.SUPERVISOR))
        assert tx.agents.by_username("boss") == boss
        assert tx.agents.by_username("nobody") is None
        assert tx.agents.all() == [ana, boss]
        assert tx.agents.all(Role.AGENT) == [ana]
        assert tx.agents.all(Role.SUPERVISOR) == [boss]


def test_missing_agent_is_not_found(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        ana = tx.agents.add(new_agent("ana"))
        with pytest.raises(NotFound):
            tx.agents.get(ana.id + 1000)
        with pytest.raises(NotFound):
            tx.agents.update(replace(ana, id=ana.id + 1000))
