"""`tandem chat`: a terminal conversation with the AI, showing each triage decision."""

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tandem.cli.app import app
from tandem.cli.progress import progress_bar
from tandem.domain.errors import InvalidInput
from tandem.i18n import t
from tandem.settings import Settings

if TYPE_CHECKING:
    from tandem.connectors.demo import DemoConnector

QUIT = {"/quit", "/exit", "/q"}


@app.command()
def chat(
    domain: Annotated[
        str, typer.Option(help="A pack: ecommerce, logistics, telecom or one of TANDEM_PACK_DIRS.")
    ] = "ecommerce",
    lang: Annotated[str | None, typer.Option(help="fr or en; default: detected from each message.")] = None,
) -> None:
    """Talk to Tandem's AI in the terminal, with the demo connector behind its action flows."""
    from tandem.connectors.choice import connector_for
    from tandem.dialogue.assistant import Assistant  # heavy imports here: `tandem --help` stays fast
    from tandem.dialogue.assistants import served_connector
    from tandem.domain.dialogue import AiState
    from tandem.models.pack_models import pack_model, packs_for
    from tandem.triage.service import TriageService

    if lang not in (None, "en", "fr"):
        raise InvalidInput(f"unsupported language {lang!r}: use fr or en")
    settings = Settings()
    (pack,) = packs_for(domain)
    with progress_bar() as progress:
        model = pack_model(domain, settings.model_dir, progress)
    demo = served_connector()
    connector = connector_for(pack, settings.endpoints.get(domain), demo)
    assistant = Assistant(pack, TriageService(model, [pack]), connector)
    console = Console(highlight=False)
    console.print(t("chat_welcome", lang or "en", domain=domain, languages=lang or "fr/en"))
    if connector is demo and pack.operations:
        _print_samples(console, demo)
    state = AiState(language=lang)
    while True:
        try:
            text = console.input("[bold]you>[/bold] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if text.strip() in QUIT:
            return
        if not text.strip():
            continue
        reply = assistant.respond(state, text)
        decision = reply.decision
        console.print(f"[bold cyan]tandem>[/bold cyan] {escape(reply.text)}")
        reasons = ", ".join(r.value for r in decision.reasons)
        console.print(
            f"[dim]  {decision.decision.value} · intent {decision.intent} · confidence {decision.confidence:.2f}"
            f" · {reasons} · {reply.triaged.understanding.language}[/dim]"
        )
        if reply.state.escalated:
            handoff = t("chat_handoff", reply.state.language or "en", reasons=reasons)
            console.print(f"[yellow]  {escape(handoff)}[/yellow]")
        # After a handoff the terminal plays a new customer: a fresh conversation.
        state = AiState(language=lang) if reply.state.escalated else reply.state


def _print_samples(console: Console, connector: "DemoConnector") -> None:
    samples = connector.sample(2)
    parts = [
        f"{kind}: " + "; ".join(", ".join(f"{k} {v}" for k, v in rec.items()) for rec in recs)
        for kind, recs in samples.items()
    ]
    console.print("[dim]demo data to try — " + " | ".join(escape(p) for p in parts) + "[/dim]")
