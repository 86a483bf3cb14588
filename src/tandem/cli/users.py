"""`tandem users add`: create an agent or supervisor account (the password comes on stdin, never argv)."""

import sys
from typing import Annotated

import typer

from tandem.cli.app import users_app
from tandem.domain.conversations import Role
from tandem.domain.errors import InvalidInput
from tandem.settings import Settings


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="agent or supervisor.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    skills: Annotated[str, typer.Option(help="Comma-separated domains, e.g. ecommerce,telecom.")] = "",
    languages: Annotated[str, typer.Option(help="Comma-separated: fr,en.")] = "fr,en",
    capacity: Annotated[int, typer.Option(help="Concurrent conversations.")] = 3,
) -> None:
    """Add an account to the configured database (migrating it first if needed)."""
    from tandem.api.app import database_url  # heavy imports here: `tandem --help` stays fast
    from tandem.api.container import utc_now
    from tandem.domain.events import NullSink
    from tandem.staff.security import Tokens
    from tandem.staff.service import StaffService
    from tandem.store.database import make_engine
    from tandem.store.migrate import upgrade
    from tandem.store.unit_of_work import SqlUnitOfWork

    if role not in {r.value for r in Role}:
        raise InvalidInput(f"unknown role {role!r}: use agent or supervisor")
    if not password_stdin:
        raise InvalidInput("give the password on stdin with --password-stdin (never on the command line)")
    password = sys.stdin.readline().rstrip("\r\n")
    settings = Settings()
    url = database_url(settings)
    upgrade(url)
    engine = make_engine(url)
    try:
        # Tokens are not issued here; any key will do for the service's constructor.
        staff = StaffService(
            SqlUnitOfWork(engine), NullSink(), Tokens("unused-tokens-are-never-issued-by-this-command"), utc_now
        )
        agent = staff.add(name, password, Role(role), _split(skills), _split(languages), capacity)
    finally:
        engine.dispose()
    typer.echo(f"added {agent.role.value} {agent.username} (id {agent.id})")
