"""The packs' own models shared through the database: trained by the first host that needs one, loaded by the
others, trained once when two hosts start at the same time (PostgreSQL's lock), stored by a host that finds it in
its cache when the database lacks it. Training is replaced by the session's trained model (counted)."""

import copy
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from tandem.domain.learning import ModelStatus
from tandem.models import baselines
from tandem.models.baselines import SharedBaselines
from tandem.models.version_record import new_version
from tandem.nlu.intent_model import IntentModel
from tandem.store import make_engine
from tandem.store.tables import ModelArtifactRow
from tandem.store.unit_of_work import SqlUnitOfWork

from ..conftest import migrated_database

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def trainings(monkeypatch: pytest.MonkeyPatch, ecommerce_model: IntentModel) -> list[str]:
    """Each training's domain; a training takes a second, long enough for a second host to ask meanwhile."""
    done: list[str] = []

    def train(domain: str, *_: object) -> IntentModel:
        time.sleep(1.0)
        done.append(domain)
        return copy.copy(ecommerce_model)

    monkeypatch.setattr(baselines, "new_pack_model", train)
    return done


@pytest.fixture
def shared_engine(fresh_database_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_database_url)
    yield engine
    engine.dispose()


def host(engine: Engine, model_dir: Path) -> SharedBaselines:
    return SharedBaselines(SqlUnitOfWork(engine), model_dir, lambda: NOW)


def test_the_first_host_trains_and_stores_the_pack_model_and_a_later_one_loads_it(
    shared_engine: Engine, tmp_path: Path, trainings: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    first = host(shared_engine, tmp_path / "a").model("ecommerce")
    caplog.set_level("INFO", logger="tandem.models")
    later = host(shared_engine, tmp_path / "b").model("ecommerce")

    assert trainings == ["ecommerce"] and later.labels == first.labels
    assert "pack model of ecommerce loaded from the database" in caplog.text
    with SqlUnitOfWork(shared_engine)(read_only=True) as tx:
        (version,) = tx.models.of_domain("ecommerce")
        stored = tx.artifacts.digest(version.id)
    assert version.status == ModelStatus.ACTIVE and version.data["baseline"] is True
    assert stored is not None and stored.size > 0


@pytest.fixture
def postgres_engine(tmp_path: Path) -> Iterator[Engine]:
    with migrated_database("postgresql", tmp_path / "db") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.mark.postgres
def test_two_hosts_starting_at_once_train_the_pack_model_once(
    postgres_engine: Engine, tmp_path: Path, trainings: list[str]
) -> None:
    # SQLite is one host's file: that host's processes share a model directory, whose lock file is the guard.
    models: dict[str, IntentModel] = {}

    def start(name: str) -> None:
        models[name] = host(postgres_engine, tmp_path / name).model("ecommerce")

    threads = [threading.Thread(target=start, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert trainings == ["ecommerce"]
    assert models["a"].labels == models["b"].labels
    with SqlUnitOfWork(postgres_engine)(read_only=True) as tx:
        assert len(tx.models.of_domain("ecommerce")) == 1


def test_a_host_with_the_model_in_its_cache_stores_it_when_the_database_lacks_it(
    shared_engine: Engine, model_dir: Path, ecommerce_model: IntentModel, trainings: list[str]
) -> None:
    uow = SqlUnitOfWork(shared_engine)
    with uow() as tx:  # recorded by a Tandem from before the bytes were stored
        old = new_version("ecommerce", None, ModelStatus.ACTIVE, ecommerce_model, [], {}, NOW, 0.97, True, True)
        recorded = tx.models.add(old)
        tx.commit()

    host(shared_engine, model_dir).model("ecommerce")  # the session's cache has it: no training

    assert trainings == []
    with uow(read_only=True) as tx:
        assert [v.id for v in tx.models.of_domain("ecommerce")] == [recorded.id]
        assert tx.artifacts.digest(recorded.id) is not None


def test_the_model_of_a_changed_pack_is_stored_beside_the_active_version_without_replacing_it(
    shared_engine: Engine, tmp_path: Path, ecommerce_model: IntentModel, trainings: list[str]
) -> None:
    uow = SqlUnitOfWork(shared_engine)
    with uow() as tx:  # the baseline of the pack as it was (another fingerprint), active
        old = new_version("ecommerce", None, ModelStatus.ACTIVE, ecommerce_model, [], {}, NOW, 0.97, True, True)
        earlier = tx.models.add(replace(old, data={**old.data, "pack_fingerprint": "0ld0ld0ld0ld"}))
        tx.commit()

    host(shared_engine, tmp_path / "a").model("ecommerce")
    host(shared_engine, tmp_path / "b").model("ecommerce")

    assert trainings == ["ecommerce"]
    with uow(read_only=True) as tx:
        newer, active = tx.models.of_domain("ecommerce")
        assert active.id == earlier.id and active.status == ModelStatus.ACTIVE
        assert newer.status == ModelStatus.RETIRED and newer.data["baseline"] is True and newer.promoted_at is None
        assert tx.artifacts.digest(newer.id) is not None


def test_corrupt_stored_bytes_are_replaced_by_the_next_host_that_needs_the_model(
    shared_engine: Engine, tmp_path: Path, trainings: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="tandem.models")
    host(shared_engine, tmp_path / "a").model("ecommerce")
    with shared_engine.begin() as connection:
        connection.execute(update(ModelArtifactRow).values(data=b"\0" * 64))

    host(shared_engine, tmp_path / "b").model("ecommerce")  # cannot use them: trains, stores good bytes
    host(shared_engine, tmp_path / "c").model("ecommerce")  # loads those

    assert trainings == ["ecommerce", "ecommerce"]
    assert "the stored pack model of ecommerce cannot be used" in caplog.text
    assert "pack model of ecommerce loaded from the database" in caplog.text
