"""Real databases for integration tests: SQLite and PostgreSQL, migrated, isolated from other runs.

Reuse these fixtures:
- `database_url` (session): a migrated database, once per backend (ids `sqlite`, `postgresql`). On
  PostgreSQL it is a schema of its own in database `test`, put on the search path by the URL itself, so
  anything connecting with this URL lands in it. Dropped at the end of the session.
- `engine` (session): an Engine on it.
- `connection` / `uow` (per test): everything the test does runs inside one transaction that is rolled
  back afterwards; `SqlUnitOfWork(connection)` commits only to savepoints inside it.
- `fresh_database_url` (per test): a new database of its own, for tests that need real commits (several
  connections, threads, processes). Never commit through `engine`: later tests would see the rows.

Deselect PostgreSQL with `-m "not postgres"`; point at another server with TANDEM_TEST_POSTGRES_URL.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, make_url, text

from tandem.store import SqlUnitOfWork, default_url, make_engine, upgrade

POSTGRES_URL = os.environ.get("TANDEM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@contextmanager
def migrated_database(backend: str, directory: Path) -> Iterator[str]:
    """A new empty database migrated to head, removed afterwards; yields its URL."""
    if backend == "sqlite":
        url = default_url(directory)
        upgrade(url)
        yield url  # pytest removes old temporary directories itself
        return
    schema = f"tandem_test_{secrets.token_hex(6)}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        # libpq `options` set the search path of every connection made with this URL, whoever makes it.
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        rendered = url.render_as_string(hide_password=False)
        upgrade(rendered)
        yield rendered
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database shared by the session: use it through `connection` or `uow`, never commit."""
    with migrated_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        if transaction.is_active:
            transaction.rollback()


@pytest.fixture
def uow(connection: Connection) -> SqlUnitOfWork:
    """A unit of work whose commits stay inside the test's rolled-back transaction."""
    return SqlUnitOfWork(connection)


@pytest.fixture(params=BACKENDS)
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database for this test alone, where real commits are fine."""
    with migrated_database(request.param, tmp_path / "db") as url:
        yield url
