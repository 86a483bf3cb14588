"""Model artifacts: the bytes of a model version, stored beside its record so that every host loads them."""

import hashlib
import zlib

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tandem.domain.learning import ModelArtifact
from tandem.store.tables import ModelArtifactRow

# Two-key advisory locks: this class, then the domain's CRC-32 (0x7A4D_0003 is the promotions' single key).
_TRAINING_LOCK = 0x7A4D_0004


def _signed(value: int) -> int:
    """An unsigned 32-bit value as PostgreSQL's int4 (advisory lock keys are signed)."""
    return value - (1 << 32) if value >= 1 << 31 else value


class SqlModelArtifactRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def put(self, version_id: int, data: bytes) -> ModelArtifact:
        """Store the bytes of version `version_id` (replacing any), with their size and SHA-256."""
        artifact = ModelArtifact(version_id, len(data), hashlib.sha256(data).hexdigest(), data)
        row = self._session.get(ModelArtifactRow, version_id)
        if row is None:
            row = ModelArtifactRow(version_id=version_id)
            self._session.add(row)
        row.size, row.sha256, row.data = artifact.size, artifact.sha256, data
        self._session.flush()
        return artifact

    def digest(self, version_id: int) -> ModelArtifact | None:
        """Size and SHA-256 only: the bytes (megabytes) are read when a host has no copy of them."""
        query = select(ModelArtifactRow.size, ModelArtifactRow.sha256).where(ModelArtifactRow.version_id == version_id)
        found = self._session.execute(query).one_or_none()
        return ModelArtifact(version_id, found.size, found.sha256) if found is not None else None

    def get(self, version_id: int) -> ModelArtifact | None:
        row = self._session.get(ModelArtifactRow, version_id)
        if row is None:
            return None
        artifact = ModelArtifact(version_id, row.size, row.sha256, bytes(row.data))
        self._session.expunge(row)  # the session need not keep megabytes it will not write
        return artifact

    def hold_training(self, domain: str) -> None:
        """A PostgreSQL advisory lock per domain until the transaction ends. SQLite needs none: its database is
        one host's file, and that host's processes share a model directory whose lock files keep them apart."""
        if self._session.get_bind().dialect.name == "postgresql":
            key = _signed(zlib.crc32(domain.encode()))
            lock = text("SELECT pg_advisory_xact_lock(CAST(:kind AS integer), CAST(:key AS integer))")
            self._session.execute(lock, {"kind": _TRAINING_LOCK, "key": key})
