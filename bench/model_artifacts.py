"""What sharing a model through the database costs: storing a version's bytes, the first load on a host that has
no copy (digest, bytes, SHA-256 check, cache file, IntentModel.load), a later load (the cache file), and the
sync pass every worker runs every 5 s (one query per domain), on SQLite and PostgreSQL.

python bench/model_artifacts.py [--domain ecommerce] [--runs 5] [--postgres URL] [--json OUT]

The model is the pack's own from the configured model directory (trained first if missing). PostgreSQL runs in a
schema of its own, dropped afterwards. Figures are medians over the runs, in milliseconds.
"""

import argparse
import json
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import make_url, text

from tandem.domain.learning import ModelStatus
from tandem.models.artifacts import ArtifactLoader
from tandem.models.pack_models import pack_model, pack_model_path
from tandem.models.version_record import new_version
from tandem.nlu.intent_model import IntentModel
from tandem.settings import Settings
from tandem.store import SqlUnitOfWork, default_url, make_engine, upgrade

NOW = datetime(2026, 12, 7, tzinfo=UTC)


@contextmanager
def database(kind: str, postgres: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        url = default_url(folder)
        upgrade(url)
        yield url
        return
    schema = f"bench_artifacts_{secrets.token_hex(4)}"
    admin = make_engine(postgres)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(postgres).update_query_dict({"options": f"-csearch_path={schema}"})
        rendered = url.render_as_string(hide_password=False)
        upgrade(rendered)
        yield rendered
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def one_run(uow: SqlUnitOfWork, domain: str, model: IntentModel, data: bytes, host_dir: Path) -> dict[str, float]:
    """Store one version's bytes, load them on a host with no copy, load them again, run one sync query."""
    started = time.perf_counter()
    with uow() as tx:
        version = tx.models.add(new_version(domain, None, ModelStatus.ACTIVE, model, [], {}, NOW, 0.97, True))
        tx.artifacts.put(version.id, data)
        tx.commit()
    stored = time.perf_counter()
    loader = ArtifactLoader(uow, host_dir)
    loader.load(version)
    first = time.perf_counter()
    loader.load(version)
    later = time.perf_counter()
    with uow(read_only=True) as tx:
        tx.models.active(domain)
    synced = time.perf_counter()
    return {
        "store": (stored - started) * 1000,
        "first_load": (first - stored) * 1000,
        "later_load": (later - first) * 1000,
        "sync_query": (synced - later) * 1000,
    }


def measure(url: str, domain: str, runs: int, folder: Path) -> dict[str, Any]:
    model_dir = Settings().model_dir
    model = pack_model(domain, model_dir)
    data = pack_model_path(domain, model_dir, model.representations).read_bytes()
    engine = make_engine(url)
    try:
        rows = [one_run(SqlUnitOfWork(engine), domain, model, data, folder / f"host-{run}") for run in range(runs)]
    finally:
        engine.dispose()
    medians = {name: round(statistics.median(row[name] for row in rows), 2) for name in rows[0]}
    return {"bytes": len(data), **medians}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domain", default="ecommerce")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as tmp:
        for kind in ("sqlite", "postgresql"):
            with database(kind, args.postgres, Path(tmp) / kind) as url:
                results[kind] = measure(url, args.domain, args.runs, Path(tmp) / f"{kind}-hosts")
    for kind, figures in results.items():
        print(f"{kind:<11} " + "  ".join(f"{name} {value}" for name, value in figures.items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
