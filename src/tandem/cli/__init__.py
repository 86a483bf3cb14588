"""`tandem` command line. Thin: parse, call a service, print."""

import sys

from pydantic import ValidationError

# Importing the command modules registers their commands on `app`.
from tandem.cli import chat, demo, learn, models, nlu, packs, report, serve, simulate, staff, triage, users  # noqa: F401
from tandem.cli.app import app
from tandem.domain.errors import TandemError


def main() -> None:
    """Entry point: a domain error is one clear line and exit code 2, never a traceback."""
    try:
        app()
    except TandemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except ValidationError as exc:  # the settings (TANDEM_* variables): one line per problem
        for problem in exc.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "settings"
            print(f"error: {where}: {problem['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        sys.exit(2)
