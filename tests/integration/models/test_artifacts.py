"""Model bytes in the database, on SQLite and PostgreSQL: stored with their version, loaded by another host through
a checked cache file, refused when missing or corrupt, and an older version's bytes served again after a rollback.

"Another host" is a registry with a model directory of its own over the same database."""

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, update

from tandem.domain.errors import ModelError
from tandem.domain.learning import ModelStatus, ModelVersion
from tandem.models import baselines
from tandem.models.artifacts import ArtifactLoader, cache_path, model_bytes
from tandem.models.registry import ModelRegistry
from tandem.models.version_record import new_version
from tandem.nlu.intent_model import IntentModel
from tandem.store.tables import ModelArtifactRow
from tandem.store.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def ecommerce_bytes(ecommerce_model: IntentModel) -> bytes:
    return model_bytes(ecommerce_model)


def record(uow: SqlUnitOfWork, model: IntentModel, data: bytes | None, path: Path | None = None) -> ModelVersion:
    """A promoted version of `model`, with `data` as its stored bytes (None: none stored) and its file `path`."""
    with uow() as tx:
        version = tx.models.add(new_version("ecommerce", path, ModelStatus.ACTIVE, model, [], {}, NOW, 0.97, True))
        if data is not None:
            tx.artifacts.put(version.id, data)
        tx.commit()
    return version


@pytest.fixture
def host_b(uow: SqlUnitOfWork, tmp_path: Path) -> Iterator[ArtifactLoader]:
    yield ArtifactLoader(uow, tmp_path / "host-b")


def test_stored_bytes_keep_their_size_and_sha256_and_the_digest_reads_no_bytes(
    uow: SqlUnitOfWork, ecommerce_model: IntentModel, ecommerce_bytes: bytes
) -> None:
    version = record(uow, ecommerce_model, ecommerce_bytes)
    with uow(read_only=True) as tx:
        digest = tx.artifacts.digest(version.id)
        stored = tx.artifacts.get(version.id)
        assert tx.artifacts.digest(version.id + 1) is None and tx.artifacts.get(version.id + 1) is None
    assert digest is not None and stored is not None
    assert digest.data == b"" and digest.size == len(ecommerce_bytes) == stored.size
    assert stored.data == ecommerce_bytes and digest.sha256 == stored.sha256 and len(stored.sha256) == 64


def test_another_host_loads_the_stored_bytes_once_through_a_cache_file_named_by_version_and_sha256(
    uow: SqlUnitOfWork,
    host_b: ArtifactLoader,
    tmp_path: Path,
    ecommerce_model: IntentModel,
    ecommerce_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    version = record(uow, ecommerce_model, ecommerce_bytes)
    fetched: list[int] = []
    fetch = host_b.fetch
    monkeypatch.setattr(host_b, "fetch", lambda version_id, path: (fetched.append(version_id), fetch(version_id, path)))

    loaded = host_b.load(version)
    again = host_b.load(version)  # another worker of host B, or a rollback to it: the cache file, no bytes read

    assert loaded.labels == again.labels == ecommerce_model.labels and loaded.thresholds == ecommerce_model.thresholds
    assert fetched == [version.id]
    with uow(read_only=True) as tx:
        stored = tx.artifacts.digest(version.id)
    assert stored is not None
    assert cache_path(tmp_path / "host-b", version.id, stored.sha256).read_bytes() == ecommerce_bytes


def test_bytes_that_do_not_match_their_sha256_are_refused(
    connection: Connection,
    uow: SqlUnitOfWork,
    host_b: ArtifactLoader,
    tmp_path: Path,
    ecommerce_model: IntentModel,
    ecommerce_bytes: bytes,
) -> None:
    version = record(uow, ecommerce_model, ecommerce_bytes)
    # Damaged in the database after it was stored: the same digest, other bytes.
    damage = update(ModelArtifactRow).where(ModelArtifactRow.version_id == version.id).values(data=b"x" * 100)
    connection.execute(damage)
    with pytest.raises(ModelError, match="does not match its SHA-256"):
        host_b.load(version)
    assert not list((tmp_path / "host-b").rglob("*.joblib"))  # nothing unchecked left to load later


def test_a_version_without_bytes_or_file_is_refused_and_an_old_row_with_a_path_still_loads(
    uow: SqlUnitOfWork, host_b: ArtifactLoader, tmp_path: Path, ecommerce_model: IntentModel, ecommerce_bytes: bytes
) -> None:
    missing = record(uow, ecommerce_model, None)
    with pytest.raises(ModelError, match=f"model version {missing.id} has no stored artifact"):
        host_b.load(missing)
    old_file = tmp_path / "trained-before-0005.joblib"
    old_file.write_bytes(ecommerce_bytes)
    old = record(uow, ecommerce_model, None, path=old_file)
    assert host_b.load(old).labels == ecommerce_model.labels
    gone = record(uow, ecommerce_model, None, path=tmp_path / "another-host.joblib")
    with pytest.raises(ModelError, match="no intent model at"):
        host_b.load(gone)


def test_after_a_rollback_another_host_serves_the_older_versions_bytes_and_trains_nothing(
    uow: SqlUnitOfWork,
    tmp_path: Path,
    ecommerce_model: IntentModel,
    model_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trainer = ModelRegistry(uow, model_dir, lambda: NOW)  # host A: the pack model is in its cache
    baseline = trainer.baseline("ecommerce", ecommerce_model)  # recorded with its bytes
    assert baseline is not None
    newer_model = copy.copy(ecommerce_model)
    newer_model.probation = frozenset({"order_status"})  # other bytes, told apart once loaded
    newer = record(uow, newer_model, model_bytes(newer_model))
    with uow() as tx:
        tx.models.set_status(baseline, ModelStatus.RETIRED)
        tx.commit()

    def no_training(*_: object, **__: object) -> IntentModel:
        raise AssertionError("host B trained a model")

    monkeypatch.setattr(baselines, "new_pack_model", no_training)
    host_b = ModelRegistry(uow, tmp_path / "host-b", lambda: NOW)
    assert host_b.load(newer).model.probation == {"order_status"}
    assert host_b.rollback("ecommerce").id == baseline
    served = host_b.load(host_b.active("ecommerce"))  # type: ignore[arg-type]
    assert served.version_id == baseline and served.model.probation == ecommerce_model.probation
    assert served.model.labels == ecommerce_model.labels
