"""`tandem serve` and `tandem db upgrade`: run the web service on the configured database."""

import os
from typing import Annotated

import typer
from rich.console import Console

from tandem.cli.app import app, db_app
from tandem.cli.progress import progress_bar
from tandem.settings import Settings

ORIGINS = {"cache": "this host's cache", "database": "loaded from the database", "trained": "trained and stored"}


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes, forked after the models are loaded: they share them.")
    ] = 1,
    demo: Annotated[bool, typer.Option("--demo", help="Seed the demo accounts and allow the demo secret.")] = False,
) -> None:
    """Serve the customer widget, the agent workspace, the supervisor dashboard and the API."""
    import uvicorn  # heavy imports here: `tandem --help` stays fast

    from tandem.api.app import database_url
    from tandem.api.log_redaction import log_config
    from tandem.connectors.choice import check_served
    from tandem.packs.catalog import find_pack
    from tandem.store.migrate import upgrade

    if demo:
        os.environ["TANDEM_DEMO"] = "true"  # the uvicorn workers read their settings from the environment
    settings = Settings()
    settings.signing_key()  # refuse to start without a real secret outside demo mode
    console = Console(highlight=False)
    for domain in settings.served_domains:  # before anything else: a bad pack is one clear line
        check_served(find_pack(domain), settings.endpoints.get(domain))
    url = database_url(settings)
    upgrade(url)
    _pack_models(settings, url)  # each served pack's model: trained once for every host sharing the database
    if settings.demo:
        _seed(settings, url, console)
    if workers > 1 and not settings.redis_url:
        console.print("[yellow]several workers without TANDEM_REDIS_URL: live updates stay within one worker[/]")
    base = f"http://{host}:{port}"
    console.print(f"customer widget   {base}/\nagent workspace   {base}/agent\nsupervisor        {base}/supervisor")
    if workers > 1:
        from tandem.api.asgi import run_workers

        raise typer.Exit(run_workers(settings, host, port, workers, log_config()))
    uvicorn.run(
        "tandem.api.asgi:create",
        factory=True,
        host=host,
        port=port,
        log_level="info",
        log_config=log_config(),  # no token, password or API key in any log line
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database (TANDEM_DATABASE_URL, default a SQLite file under TANDEM_DATA_DIR) to the latest schema."""
    from tandem.api.app import database_url
    from tandem.store.migrate import upgrade

    url = database_url(Settings())
    upgrade(url)
    typer.echo(f"database at the latest schema: {_safe(url)}")


def _pack_models(settings: Settings, url: str) -> None:
    """Each served pack's model in the model directory: cached there, else the bytes another host stored, else
    trained here and stored (`tandem.models.baselines`); the workers then load it from the directory."""
    from datetime import UTC, datetime

    from tandem.models.baselines import SharedBaselines
    from tandem.store.database import make_engine
    from tandem.store.unit_of_work import SqlUnitOfWork

    engine = make_engine(url)
    try:
        baselines = SharedBaselines(
            SqlUnitOfWork(engine), settings.model_dir, lambda: datetime.now(UTC), settings.target_precision
        )
        with progress_bar() as progress:
            for domain in settings.served_domains:
                baselines.model(domain, progress)
        for domain, origin in baselines.origins.items():
            typer.echo(f"{domain} model: {ORIGINS[origin]}")
    finally:
        engine.dispose()


def _seed(settings: Settings, url: str, console: Console) -> None:
    from tandem.api.container import utc_now
    from tandem.domain.events import NullSink
    from tandem.packs.loader import builtin_pack_names
    from tandem.staff.demo import DEMO_PASSWORD, seed_demo
    from tandem.staff.security import Tokens
    from tandem.staff.service import StaffService
    from tandem.store.database import make_engine
    from tandem.store.unit_of_work import SqlUnitOfWork

    engine = make_engine(url)
    try:
        staff = StaffService(SqlUnitOfWork(engine), NullSink(), Tokens(settings.signing_key()), utc_now)
        company = tuple(d for d in settings.served_domains if d not in builtin_pack_names())
        accounts = seed_demo(staff, company)
    finally:
        engine.dispose()
    console.print(f"demo logins (password [bold]{DEMO_PASSWORD}[/bold]):")
    width = max(len(",".join(account.skills)) for account in accounts)
    for account in accounts:
        skills, languages = ",".join(account.skills), ",".join(account.languages)
        console.print(f"  {account.username:<6} {account.role.value:<10} {skills:<{width}} {languages}")


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)
