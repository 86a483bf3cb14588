"""The unit of work: one session, one transaction, the repositories over it."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from tandem.store.agent_hours import SqlAgentHours
from tandem.store.agents import SqlAgentRepository
from tandem.store.artifacts import SqlModelArtifactRepository
from tandem.store.conversations import SqlConversationRepository
from tandem.store.database import READ_ONLY, make_sessionmaker
from tandem.store.facts import SqlConversationFacts
from tandem.store.learning import SqlCandidateRepository, SqlModelVersionRepository
from tandem.store.messages import SqlMessageRepository


class SqlTransaction:
    """What `SqlUnitOfWork()` yields: the repositories of one transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.conversations = SqlConversationRepository(session)
        self.messages = SqlMessageRepository(session)
        self.agents = SqlAgentRepository(session)
        self.candidates = SqlCandidateRepository(session)
        self.models = SqlModelVersionRepository(session)
        self.facts = SqlConversationFacts(session)  # the metrics' facts (0006)
        self.agent_hours = SqlAgentHours(session)
        self.artifacts = SqlModelArtifactRepository(session)

    def commit(self) -> None:
        """Make the work so far permanent. Work after it starts a new transaction."""
        self._session.commit()


class SqlUnitOfWork:
    """`with uow() as tx: ...; tx.commit()` — leaving the block without `commit()` rolls back.

    Over an Engine each block gets its own connection from the pool. Over a Connection (tests), each block
    runs in a SAVEPOINT inside that connection's transaction, so the test can roll everything back.
    """

    def __init__(self, bind: Engine | Connection) -> None:
        self._sessions = make_sessionmaker(bind)
        # Read-only blocks over an Engine run on connections marked so; SQLite then skips the write lock.
        self._readers = (
            make_sessionmaker(bind.execution_options(**{READ_ONLY: True}))
            if isinstance(bind, Engine)
            else self._sessions
        )

    @contextmanager
    def __call__(self, read_only: bool = False) -> Iterator[SqlTransaction]:
        """One transaction. `read_only` promises no writes: it never waits for, nor blocks, a writer."""
        sessions = self._readers if read_only else self._sessions
        with sessions() as session:  # closing the session rolls back whatever was not committed
            yield SqlTransaction(session)
