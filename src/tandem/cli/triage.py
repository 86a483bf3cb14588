"""`tandem triage [TEXT]`: one JSON decision per message (stable contract)."""

import json
import sys
from typing import Annotated

import typer

from tandem.cli.app import app
from tandem.cli.progress import progress_bar
from tandem.domain.errors import InvalidInput
from tandem.settings import Settings


@app.command()
def triage(
    text: Annotated[
        str | None, typer.Argument(help="The message; without it, one message per line from stdin.")
    ] = None,
    domain: Annotated[
        str | None, typer.Option(help="A pack: ecommerce, logistics, telecom or one of TANDEM_PACK_DIRS; default: all.")
    ] = None,
) -> None:
    """Decide answer / clarify / escalate for customer messages, with reasons, as JSON lines."""
    from tandem.models.pack_models import pack_model, packs_for  # imported here: `tandem --help` stays fast
    from tandem.triage.service import TriageService

    settings = Settings()
    with progress_bar() as progress:  # only draws if the model must be trained first
        model = pack_model(domain, settings.model_dir, progress)
    service = TriageService(model, packs_for(domain))
    messages = [text] if text is not None else (line.rstrip("\n") for line in sys.stdin)
    failed = False
    for message in messages:
        if text is None and not message.strip():
            continue  # blank lines between messages in a file are not messages
        try:
            line = service.triage(message).as_json()
        except InvalidInput as exc:
            if text is not None:
                raise
            print(f"error: {exc}", file=sys.stderr)
            failed = True
            continue
        print(json.dumps(line, ensure_ascii=False), flush=True)
    if failed:
        raise typer.Exit(2)
