"""`tandem demo history`: fill the configured database with months of realistic conversations for the dashboard."""

import time
from datetime import UTC, datetime
from typing import Annotated

import typer

from tandem.cli.app import demo_app
from tandem.cli.progress import progress_bar
from tandem.settings import Settings


@demo_app.command("history")
def history(
    conversations: Annotated[int, typer.Option(help="How many conversations to add (up to 5,000,000).")],
    days: Annotated[int, typer.Option(help="Over how many days before now (up to 730).")] = 90,
    seed: Annotated[int, typer.Option(help="The same seed gives the same history.")] = 0,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Add nothing when the database already holds conversations.")
    ] = False,
) -> None:
    """Add a realistic history to the configured database: the packs' own questions in French and English, the AI's
    answers and hand-overs (the triage's reasons), the demo team's shifts, breaks, waits and ratings, abandonments,
    reopenings. Adds rows, never deletes any; creates the demo accounts that are missing."""
    from tandem.demo.fill import fill_history, has_conversations  # heavy imports here: `tandem --help` stays fast
    from tandem.demo.request import HistoryRequest
    from tandem.demo.team import HISTORY_HOURS
    from tandem.staff.demo import DEMO_PASSWORD
    from tandem.store.database import default_url, make_engine
    from tandem.store.migrate import upgrade

    request = HistoryRequest(conversations, days, seed)  # refused here, before anything is touched
    settings = Settings()
    url = settings.database_url or default_url(settings.data_dir)  # as the server's (without its imports)
    upgrade(url)
    # The site's own hours when it set them; else the history's desk (the AI answers around the clock either way).
    hours = (settings.team_hours if settings.support_hours.strip() else None) or HISTORY_HOURS
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        if if_empty and has_conversations(engine):
            typer.echo("the database already holds conversations: nothing added")
            return
        with progress_bar() as progress:
            added = fill_history(engine, request, datetime.now(UTC), settings.served_domains, hours, progress)
    finally:
        engine.dispose()
    typer.echo(
        f"added {added.conversations:,} conversations from {added.since:%Y-%m-%d %H:%M} to {added.until:%Y-%m-%d %H:%M}"
        f" UTC: {added.messages:,} messages, {added.assignments:,} assignments, {added.escalations:,} escalation"
        f" reasons, {added.agent_hours:,} agent-hours, in {time.perf_counter() - started:.0f} s"
    )
    if added.agents_created:
        typer.echo(f"accounts created (password {DEMO_PASSWORD}): {', '.join(added.agents_created)}")
