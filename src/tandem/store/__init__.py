"""Storage: SQLAlchemy tables and the repositories implementing `tandem.domain.ports`, with migrations.

engine = make_engine(settings.database_url or default_url(settings.data_dir))
upgrade(url)                       # once at start-up: migrate to the latest schema
uow = SqlUnitOfWork(engine)
with uow() as tx:
    tx.conversations.get(conversation_id)
    tx.commit()
"""

from tandem.store.database import default_url, make_engine, make_sessionmaker, normalize_url
from tandem.store.migrate import upgrade
from tandem.store.unit_of_work import SqlTransaction, SqlUnitOfWork

__all__ = [
    "SqlTransaction",
    "SqlUnitOfWork",
    "default_url",
    "make_engine",
    "make_sessionmaker",
    "normalize_url",
    "upgrade",
]
