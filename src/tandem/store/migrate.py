"""Schema migrations, run from code: `upgrade(url)` brings any database to the latest schema."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

from tandem.store.database import make_engine

# Inside the installed package, so no alembic.ini or working directory is needed.
MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")

# Any constant shared by all Tandem workers: PostgreSQL advisory lock taken while migrating.
_MIGRATION_LOCK = 0x7A4D_0001


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic Config for Tandem's migrations; `env.py` uses `connection`, else opens `url`."""
    config = Config()
    # Config values go through configparser interpolation: a literal % must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    if url is not None:
        config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` to `revision`. Idempotent; safe when several workers start at once."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Workers starting together would otherwise race to create the same tables. The lock is
                # released with the transaction, by which time the schema is at head for the next one.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            command.upgrade(alembic_config(connection), revision)
    finally:
        engine.dispose()
