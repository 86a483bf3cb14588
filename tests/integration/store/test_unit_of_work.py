import pytest

from tandem.domain.errors import NotFound
from tandem.domain.ports import UnitOfWork
from tandem.store import SqlUnitOfWork

from .builders import conversation


def test_leaving_without_commit_rolls_back(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
    with uow() as tx, pytest.raises(NotFound):
        tx.conversations.get("c1")


def test_an_error_in_the_block_rolls_back(uow: SqlUnitOfWork) -> None:
    with pytest.raises(RuntimeError), uow() as tx:
        tx.conversations.add(conversation("c1"))
        raise RuntimeError("boom")
    with uow() as tx:
        assert tx.conversations.created_since(None) == []


def test_commit_is_seen_by_the_next_transaction(uow: SqlUnitOfWork) -> None:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        tx.commit()
        tx.conversations.add(conversation("c2"))  # after commit: a new transaction, not committed
    with uow() as tx:
        assert [c.id for c in tx.conversations.created_since(None)] == ["c1"]


def test_it_satisfies_the_port(uow: SqlUnitOfWork) -> None:
    port: UnitOfWork = uow  # checked by mypy on the services side; here it must at least run
    with port() as tx:
        assert tx.conversations.queued() == []
