"""A worker of another host following the database: it swaps to a version promoted elsewhere from the stored bytes,
keeps serving what it has when those bytes are corrupt (logged, not retried every pass), and follows a rollback."""

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, update

from tandem.domain.learning import ModelStatus, ModelVersion
from tandem.domain.packs import Pack
from tandem.models import baselines
from tandem.models.artifacts import model_bytes
from tandem.models.live import LiveModels
from tandem.models.registry import ModelRegistry
from tandem.models.version_record import new_version
from tandem.nlu.intent_model import IntentModel
from tandem.store.tables import ModelArtifactRow
from tandem.store.unit_of_work import SqlUnitOfWork

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


class Worker:
    """Stands in for a worker's assistants: the model served per domain, and every swap."""

    def __init__(self, model: IntentModel) -> None:
        self.served = model
        self.swaps: list[IntentModel] = []

    @property
    def domains(self) -> tuple[str, ...]:
        return ("ecommerce",)

    def model(self, domain: str) -> IntentModel:
        return self.served

    def swap(self, domain: str, pack: Pack, model: IntentModel) -> None:
        self.served = model
        self.swaps.append(model)


def promote(uow: SqlUnitOfWork, model: IntentModel) -> ModelVersion:
    """What a promotion on another host leaves in the database: the active version and its bytes."""
    with uow() as tx:
        tx.models.hold()
        previous = tx.models.active("ecommerce")
        version = tx.models.add(new_version("ecommerce", None, ModelStatus.ACTIVE, model, [], {}, NOW, 0.97, True))
        tx.artifacts.put(version.id, model_bytes(model))
        if previous is not None:
            tx.models.set_status(previous.id, ModelStatus.RETIRED)
        tx.commit()
    return version


@pytest.fixture
def learned(ecommerce_model: IntentModel) -> IntentModel:
    model = copy.copy(ecommerce_model)
    model.probation = frozenset({"order_status"})  # told apart from the pack's own once loaded
    return model


def test_a_worker_follows_a_promotion_and_a_rollback_made_on_another_host(
    uow: SqlUnitOfWork,
    tmp_path: Path,
    model_dir: Path,
    ecommerce_model: IntentModel,
    learned: IntentModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(baselines, "new_pack_model", lambda *_: pytest.fail("this host trained a model"))
    other_host = ModelRegistry(uow, model_dir, lambda: NOW)
    other_host.baseline("ecommerce", ecommerce_model)  # the host that has the pack model stores its bytes
    worker = Worker(ecommerce_model)
    live = LiveModels(worker, ModelRegistry(uow, tmp_path / "this-host", lambda: NOW))
    live.record_baselines()
    baseline = live.loaded("ecommerce")
    assert baseline is not None and live.sync() == []  # one query, nothing to load

    version = promote(uow, learned)
    assert live.sync() == ["ecommerce"] and live.loaded("ecommerce") == version.id
    assert worker.served.probation == {"order_status"}

    assert other_host.rollback("ecommerce").id == baseline
    assert live.sync() == ["ecommerce"] and live.loaded("ecommerce") == baseline
    assert worker.served.probation == ecommerce_model.probation and len(worker.swaps) == 2


def test_corrupt_bytes_are_logged_and_the_worker_keeps_its_model(
    uow: SqlUnitOfWork,
    connection: Connection,
    tmp_path: Path,
    ecommerce_model: IntentModel,
    learned: IntentModel,
    caplog: pytest.LogCaptureFixture,
) -> None:
    worker = Worker(ecommerce_model)
    live = LiveModels(worker, ModelRegistry(uow, tmp_path / "this-host", lambda: NOW))
    live.record_baselines()
    version = promote(uow, learned)
    damage = update(ModelArtifactRow).where(ModelArtifactRow.version_id == version.id).values(data=b"\0" * 64)
    connection.execute(damage)

    assert live.sync() == []
    assert worker.served is ecommerce_model and worker.swaps == []
    assert f"cannot load model version {version.id} of ecommerce" in caplog.text and "SHA-256" in caplog.text
    caplog.clear()
    assert live.sync() == [] and caplog.text == ""  # not retried every pass
