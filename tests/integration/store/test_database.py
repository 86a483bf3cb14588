from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError, StatementError

from tandem.store import SqlUnitOfWork, default_url, make_engine, normalize_url

from .builders import conversation


def test_default_url_is_a_sqlite_file_in_a_created_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "var" / "data"
    url = default_url(data_dir)
    assert url == f"sqlite:///{data_dir.resolve() / 'tandem.db'}"
    assert data_dir.is_dir()


def test_plain_postgres_urls_mean_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.db").drivername == "sqlite"


def test_sqlite_connections_are_set_up(tmp_path: Path) -> None:
    engine = make_engine(default_url(tmp_path))
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in ("foreign_keys", "journal_mode")
            }
            assert pragma == {"foreign_keys": 1, "journal_mode": "wal"}
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        engine.dispose()


def test_in_memory_sqlite_is_shared_by_threads() -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        engine.dispose()


def test_naive_datetimes_are_refused(uow: SqlUnitOfWork) -> None:
    with uow() as tx, pytest.raises(StatementError, match="naive datetime"):
        tx.conversations.add(conversation("c1", created_at=datetime(2025, 3, 1, 9, 0)))


def test_foreign_keys_are_enforced(connection: Connection) -> None:
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"), connection.begin_nested():
        connection.execute(
            text("INSERT INTO assignments (conversation_id, agent_id, assigned_at) VALUES ('x', 1, '2025-01-01')")
        )
