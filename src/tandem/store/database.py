"""Engines and sessions: the embedded SQLite file by default, PostgreSQL in production."""

import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, make_url
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

# Execution option marking a read-only transaction: on SQLite it starts without taking the write lock.
READ_ONLY = "tandem_read_only"
_HOLDS_WRITERS = "tandem_holds_writers_lock"
# A pooled PostgreSQL connection unused this long is checked before use (`_ping_when_idle`).
IDLE_PING_SECONDS = 5.0
_CHECKED_IN = "tandem_checked_in"
# How long a SQLite writer waits for another one before giving up: SQLite has one writer at a time.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def default_url(data_dir: Path) -> str:
    """`sqlite:///<data_dir>/tandem.db`, creating `data_dir` if needed."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir.resolve() / 'tandem.db'}"


def normalize_url(url: str | URL) -> URL:
    """Plain `postgresql://` and `postgres://` URLs mean psycopg 3, the only PostgreSQL driver installed."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


# PostgreSQL connections kept open: as many as the web server has request threads (anyio's default 40), so that
# neither does a request wait for a connection another merely holds, nor is one opened and closed per request.
POOL_SIZE = 40
POOL_OVERFLOW = 10  # for the background passes (routing, presence, rollups) on threads of their own


def make_engine(url: str | URL, *, echo: bool = False, pool_size: int = POOL_SIZE) -> Engine:
    """An Engine for `url`, set up for Tandem's transactions (see `_configure_sqlite`). On PostgreSQL the pool
    keeps `pool_size` connections once a load needed them: at 10 kept and 30 more opened on demand, a worker
    under 50 customers opened a connection every fourth request (docs/benchmarks.md)."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(parsed, echo=echo, pool_size=pool_size, max_overflow=POOL_OVERFLOW)
        _ping_when_idle(engine)
        return engine
    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if parsed.database in (None, "", ":memory:"):
        # One shared connection, or every thread would see its own empty in-memory database.
        options["poolclass"] = StaticPool
    engine = create_engine(parsed, echo=echo, **options)
    _configure_sqlite(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it sat unused for IDLE_PING_SECONDS: one that served a
    request a moment ago is alive, and pinging on every checkout (`pool_pre_ping`) cost 0.2 ms of CPU, two
    checkouts per customer message. A dead one (the server restarted, a proxy dropped it) is replaced before
    use; a connection that dies within that time fails its request, and the pool then drops all the others."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop(_CHECKED_IN, None)
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return  # new, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError("a pooled connection was dead; using another") from error


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 module's own transaction handling skips BEGIN before SELECT and SAVEPOINT, which
        # breaks savepoints and repeatable reads; SQLAlchemy emits BEGIN itself instead (`_on_begin`).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, far fewer fsyncs
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    # Writers of this process queue here, first come first served, instead of polling SQLite's busy
    # handler (which serves no queue: under load, unlucky writers starved until the busy timeout).
    writers = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")  # readers never wait for a writer (WAL)
            return
        # IMMEDIATE takes the write lock up front. A deferred transaction that read first and writes later
        # fails at once with SQLITE_BUSY when another writer committed in between (busy_timeout cannot help),
        # so with several threads writing, serialising whole transactions is what keeps them from failing.
        # Bounded like SQLite's own wait: a writer stuck behind another fails instead of hanging forever.
        if not writers.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("the database stayed locked by another writer")
        connection.info[_HOLDS_WRITERS] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection)
            raise

    def _release(connection: Connection) -> None:
        if connection.info.pop(_HOLDS_WRITERS, False):
            writers.release()

    @event.listens_for(engine, "commit")
    def _on_commit(connection: Connection) -> None:
        _release(connection)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection: Connection) -> None:
        _release(connection)


def make_sessionmaker(bind: Engine | Connection) -> sessionmaker[Session]:
    """Sessions over an Engine, or joined into a Connection's open transaction (tests roll it back)."""
    if isinstance(bind, Connection):
        return sessionmaker(bind=bind, expire_on_commit=False, join_transaction_mode="create_savepoint")
    return sessionmaker(bind=bind, expire_on_commit=False)
