"""`tandem simulate`: one simulated day of a hybrid centre under one policy or all of them."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from tandem.cli.app import app
from tandem.cli.progress import progress_bar
from tandem.domain.errors import InvalidInput
from tandem.workforce.simulation import (
    SHIPPED,
    StaffingMatch,
    Summary,
    choices,
    load_scenario,
    match_staffing,
    policies,
    simulate,
    summarize,
)


@app.command("simulate")
def simulate_command(
    scenario: Annotated[str, typer.Argument(help=f"A shipped scenario ({', '.join(SHIPPED)}) or a YAML file.")],
    policy: Annotated[str, typer.Option(help=f"One of {', '.join(choices())}.")] = "all",
    seed: Annotated[int, typer.Option(help="Seed of every random draw: same seed, same figures.")] = 0,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the figures here as JSON.")] = None,
    plot: Annotated[Path | None, typer.Option(help="Write a chart of the runs here (PNG).")] = None,
    find_staffing: Annotated[
        bool, typer.Option("--find-staffing", help="Agents human_only needs to serve as well as tandem.")
    ] = False,
) -> None:
    """Simulate a day: service level, ASA, abandonment, occupancy, hard-contact fairness, breaks, cost."""
    if seed < 0:
        raise InvalidInput(f"seed must be >= 0, got {seed}")
    day = load_scenario(scenario)
    chosen = policies(policy)  # refuses an unknown policy before any work
    if find_staffing:
        with progress_bar() as update:
            match = match_staffing(day, seed, update)
        _print_match(match)
        if json_out is not None:
            _write(json_out, match.as_dict())
        return
    runs: list[Summary] = []
    with progress_bar() as update:
        for chosen_policy in chosen:
            record = simulate(day, chosen_policy, seed, _stage(update, f"{day.name}: {chosen_policy.name.value}"))
            runs.append(summarize(record))
    Console(highlight=False).print(_table(runs, day.title, day.sla_seconds))
    if json_out is not None:
        _write(json_out, runs[0].as_dict() if len(runs) == 1 else [r.as_dict() for r in runs])
    if plot is not None:
        from tandem.workforce.simulation.report import plot_runs  # matplotlib costs half a second to import

        plot_runs(runs, plot, day.sla_target)


def _stage(update: Callable[[str, int, int], None], stage: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        update(stage, done, total)

    return report


def _write(path: Path, payload: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc}") from None


_ROWS: tuple[tuple[str, str, str], ...] = (
    ("contacts", "contacts", "{:,}"),
    ("contained by the AI", "contained_by_ai", "{:,}"),
    ("reached people", "queued", "{:,}"),
    ("service level", "service_level", "{:.1%}"),
    ("ASA (s)", "asa_seconds", "{:.1f}"),
    ("abandonment", "abandonment_rate", "{:.1%}"),
    ("occupancy", "occupancy", "{:.1%}"),
    ("highest agent-hour occupancy", "max_agent_hour_occupancy", "{:.1%}"),
    ("agent-hours above 85 %", "agent_hours_over_85", "{:,}"),
    ("hard contacts", "hard_contacts", "{:,}"),
    ("hard-contact Gini", "hard_contact_gini", "{:.3f}"),
    ("highest agent load", "max_agent_peak_load", "{:.1f}"),
    ("breaks due", "breaks_due", "{:,}"),
    ("breaks taken", "breaks_taken", "{:,}"),
    ("agents over limits", "agents_over_limits", "{:,}"),
    ("cost per contact", "cost_per_contact", "{:.2f}"),
)


def _table(runs: list[Summary], title: str, sla_seconds: float) -> Table:
    table = Table(title=f"{title}: {runs[0].agents} agents, seed {runs[0].seed}")
    table.add_column("figure")
    for run in runs:
        table.add_column(run.policy, justify="right")
    for label, key, fmt in _ROWS:
        name = f"{label} (within {sla_seconds:g} s)" if key == "service_level" else label
        table.add_row(name, *(fmt.format(getattr(run, key)) for run in runs))
    return table


def _print_match(match: StaffingMatch) -> None:
    table = Table(
        title=f"{match.tandem.scenario}: agents for the same service level ({match.tandem.service_level:.1%})"
    )
    table.add_column("policy")
    table.add_column("agents", justify="right")
    table.add_column("service level", justify="right")
    table.add_column("cost per contact", justify="right")
    for run in (match.tandem, match.human_only):
        table.add_row(run.policy, str(run.agents), f"{run.service_level:.1%}", f"{run.cost_per_contact:.2f}")
    Console(highlight=False).print(table)
    Console(highlight=False).print(f"agents saved by tandem: {match.agents_saved}")
