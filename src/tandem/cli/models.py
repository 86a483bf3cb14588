"""`tandem models`: the intent model versions of the configured database — list, retrain with the approved
lessons (promoted only if no worse on the held-out split), roll back. Running workers follow within seconds."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from tandem.cli.app import models_app
from tandem.cli.progress import progress_bar, stderr
from tandem.domain.errors import InvalidInput
from tandem.settings import Settings

if TYPE_CHECKING:
    from tandem.models.registry import ModelRegistry

Domain = Annotated[str, typer.Option(help="The pack: ecommerce, logistics, telecom or one of TANDEM_PACK_DIRS.")]


@contextmanager
def _registry() -> Iterator["ModelRegistry"]:
    from tandem.api.app import database_url  # heavy imports here: `tandem --help` stays fast
    from tandem.api.container import utc_now
    from tandem.models.registry import ModelRegistry
    from tandem.store.database import make_engine
    from tandem.store.migrate import upgrade
    from tandem.store.unit_of_work import SqlUnitOfWork

    settings = Settings()
    url = database_url(settings)
    upgrade(url)
    engine = make_engine(url)
    try:
        yield ModelRegistry(SqlUnitOfWork(engine), settings.model_dir, utc_now, settings.target_precision)
    finally:
        engine.dispose()


@models_app.command("list")
def list_command(domain: Domain) -> None:
    """Every version of the domain's model, newest first: status, held-out score, threshold, lessons."""
    with _registry() as registry:
        versions = registry.versions(domain)
    table = Table(title=f"{domain} intent models")
    for column in ("version", "status", "created", "held-out score", "answer threshold", "lessons"):
        table.add_column(column)
    for v in versions:
        score = v.metrics.get("score")
        answer = v.calibration.get("answer")
        table.add_row(
            str(v.id),
            v.status.value + (" (pack)" if v.data.get("baseline") else ""),
            f"{v.created_at:%Y-%m-%d %H:%M}",
            f"{score:.4f}" if score is not None else "-",
            f"{answer:.4f}" if answer is not None else "-",
            str(len(v.data.get("learned_ids", []))),
        )
    Console().print(table)


@models_app.command("train")
def train_command(domain: Domain) -> None:
    """Train on the pack plus every approved lesson; serve it if it scores no worse than the active one."""
    with _registry() as registry:
        if registry.active(domain) is None:
            raise InvalidInput(f"no model of {domain} recorded yet: start `tandem serve` once first")
        with progress_bar() as progress:
            version = registry.train(domain, progress)
    score = version.metrics.get("score")
    bar = version.metrics.get("compared_with", {}).get("score")
    stderr.print(f"version {version.id}: {version.status.value} (held-out score {score}, active had {bar})")


@models_app.command("rollback")
def rollback_command(domain: Domain) -> None:
    """Serve the version that was active before the current one again."""
    with _registry() as registry:
        version = registry.rollback(domain)
    stderr.print(f"{domain} now serves version {version.id}")
