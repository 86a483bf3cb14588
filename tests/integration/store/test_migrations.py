from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from tandem.domain.learning import CandidateStatus
from tandem.store import SqlUnitOfWork, default_url, make_engine, upgrade
from tandem.store.migrate import alembic_config
from tandem.store.tables import Base

from .builders import T0, conversation


def test_migrated_schema_matches_the_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent_and_reaches_head(database_url: str, engine: Engine) -> None:
    upgrade(database_url)  # the session database is migrated already
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head == "0008"


def test_upgrade_needs_no_alembic_ini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nothing here: the migrations must come from the package
    url = default_url(tmp_path / "data")
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == "0008"
    finally:
        engine.dispose()


def test_0004_gives_earlier_candidates_no_intent_check_and_can_be_undone(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0003")
            with SqlUnitOfWork(connection)() as tx:
                tx.conversations.add(conversation("c1"))  # the same table at 0003
                tx.commit()
            connection.execute(
                text(
                    "INSERT INTO learning_candidates (conversation_id, domain, language, question, answer, status, "
                    "created_at) VALUES ('c1', 'ecommerce', 'en', 'can you price match', 'No.', 'pending', :at)"
                ),
                {"at": T0},
            )
        upgrade(fresh_database_url)
        with SqlUnitOfWork(engine)(read_only=True) as tx:
            (earlier,) = tx.candidates.with_status(CandidateStatus.PENDING)
        assert earlier.question == "can you price match" and earlier.checks_intent is False
    finally:
        engine.dispose()
