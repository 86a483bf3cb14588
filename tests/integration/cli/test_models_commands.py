"""`tandem models`: list and roll back on a real database; bad input is one error line and exit 2."""

from datetime import UTC, datetime
from pathlib import Path

from tandem.domain.learning import ModelStatus, ModelVersion
from tandem.store import SqlUnitOfWork, make_engine

from .test_service_commands import tandem


def record(url: str, *versions: ModelVersion) -> list[int]:
    engine = make_engine(url)
    try:
        with SqlUnitOfWork(engine)() as tx:
            ids = [tx.models.add(v).id for v in versions]
            tx.commit()
        return ids
    finally:
        engine.dispose()


def version(status: ModelStatus, score: float, minute: int) -> ModelVersion:
    at = datetime(2026, 11, 24, 9, minute, tzinfo=UTC)
    return ModelVersion(
        0, "ecommerce", f"/m/{minute}.joblib", status, at, {"learned_ids": [1] * minute}, {"score": score}, {}, at
    )


def test_list_then_roll_back(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TANDEM_DATABASE_URL": fresh_database_url, "TANDEM_DATA_DIR": str(tmp_path)}
    assert tandem(["db", "upgrade"], env).returncode == 0
    first, second = record(
        fresh_database_url, version(ModelStatus.RETIRED, 0.91, 1), version(ModelStatus.ACTIVE, 0.93, 2)
    )
    listed = tandem(["models", "list", "--domain", "ecommerce"], env)
    assert listed.returncode == 0, listed.stderr
    assert "0.9300" in listed.stdout and "active" in listed.stdout and "retired" in listed.stdout
    rolled = tandem(["models", "rollback", "--domain", "ecommerce"], env)
    assert rolled.returncode == 0, rolled.stderr
    assert f"now serves version {first}" in rolled.stderr
    again = tandem(["models", "rollback", "--domain", "ecommerce"], env)
    assert again.returncode == 2 and again.stderr.startswith("error: ") and "nothing to roll back" in again.stderr
    assert second != first


def test_bad_input_is_one_error_line_and_exit_2(tmp_path: Path) -> None:
    env = {"TANDEM_DATA_DIR": str(tmp_path)}
    for args in (["models", "list", "--domain", "bakery"], ["models", "train", "--domain", "ecommerce"]):
        result = tandem(args, env)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
