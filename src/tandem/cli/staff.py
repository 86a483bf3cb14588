"""`tandem staff`: agents needed for a service-level target (Erlang C, or Erlang A with --patience)."""

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from tandem.cli.app import app

if TYPE_CHECKING:
    from tandem.workforce.staffing import Staffing


@app.command()
def staff(
    arrival_rate: Annotated[float, typer.Option(help="Contacts arriving per hour.")],
    aht: Annotated[float, typer.Option(help="Average handle time, seconds.")],
    target_sl: Annotated[float, typer.Option(help="Share to answer within --target-seconds, in (0, 1).")] = 0.8,
    target_seconds: Annotated[float, typer.Option(help="Service-level threshold, seconds.")] = 20.0,
    patience: Annotated[
        float | None, typer.Option(help="Mean patience, seconds: Erlang A with abandonment (default Erlang C).")
    ] = None,
    shrinkage: Annotated[float, typer.Option(help="Share of paid time off the phones, in [0, 1).")] = 0.0,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
) -> None:
    """Agents needed on the phones and on the roster, with service level, ASA, occupancy and abandonment."""
    from tandem.workforce.erlang import positive  # numpy/scipy imported here: `tandem --help` stays fast
    from tandem.workforce.staffing import staff_for

    per_hour = positive("arrival rate (per hour)", arrival_rate)  # checked here to quote the user's own unit
    result = staff_for(target_sl, target_seconds, per_hour / 3600.0, aht, patience, shrinkage)
    if json_output:
        inputs = {"arrival_rate_per_hour": per_hour, "aht_seconds": aht, "patience_seconds": patience}
        print(json.dumps({**result.as_dict(), **inputs}))
    else:
        Console(highlight=False).print(_table(result, patience))


def _table(result: "Staffing", patience: float | None) -> Table:
    model = "Erlang C (no abandonment)" if patience is None else f"Erlang A (mean patience {patience:g} s)"
    table = Table(title=f"Staffing: {model}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    rows = [
        ("offered load (Erlangs)", f"{result.offered_load_erlangs:.2f}"),
        ("agents on the phones", str(result.agents)),
        (f"agents to schedule (shrinkage {result.shrinkage:.0%})", str(result.scheduled_agents)),
        (f"service level (within {result.target_seconds:g} s)", f"{result.service_level:.1%}"),
        ("ASA, answered contacts (s)", f"{result.asa_seconds:.1f}"),
        ("P(wait)", f"{result.p_wait:.1%}"),
        ("occupancy", f"{result.occupancy:.1%}"),
        ("abandonment", f"{result.abandonment_rate:.1%}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    return table
