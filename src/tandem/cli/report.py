"""`tandem report`: a page a supervisor can read. `tandem report day SCENARIO` simulates a day under every policy
(charts and report.html); `tandem report live --since … --until … OUT.html` shows what really happened over a
period (cli/live_report.py). `tandem report SCENARIO` still means `tandem report day SCENARIO`."""

import base64
import html
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from tandem.cli.app import app
from tandem.cli.progress import progress_bar
from tandem.domain.errors import InvalidInput

if TYPE_CHECKING:
    from tandem.workforce.simulation import StaffingMatch, Summary

CHARTS = {
    "day.png": "Service level by hour, agent occupancy and fair share of hard contacts, by policy",
    "occupancy.png": "Occupancy of each agent in each hour: red cells are above 85 %",
    "breaks.png": "Breaks due and breaks taken",
}


class _DayByDefault(TyperGroup):
    """`tandem report ecommerce …` (no sub-command named) runs `day`, as `tandem report` did before `live`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: typer's own vendored click Context
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["day", *args]
        return super().parse_args(ctx, args)


report_app = typer.Typer(
    cls=_DayByDefault,
    help="A simulated day under every policy (day), or what really happened over a period (live).",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")


@report_app.command("day")
def report_command(
    scenario: Annotated[str, typer.Argument(help="A shipped scenario (ecommerce, logistics, telecom) or a YAML file.")],
    seed: Annotated[int, typer.Option(help="Seed of every random draw: same seed, same figures.")] = 0,
    out: Annotated[Path, typer.Option(help="Folder for the charts (PNG) and report.html.")] = Path("report"),
    find_staffing: Annotated[
        bool, typer.Option("--find-staffing", help="Also search the agents human_only needs (many more runs).")
    ] = False,
) -> None:
    """Simulate the day under human_only, naive_hybrid, naive_legal and tandem; write charts and a page."""
    if seed < 0:
        raise InvalidInput(f"seed must be >= 0, got {seed}")
    # The simulator, SimPy and matplotlib cost seconds to import: only when the command runs.
    from tandem.workforce.simulation import load_scenario, match_staffing, policies, simulate, summarize

    day = load_scenario(scenario)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"cannot write to {out}: {exc}") from None
    runs: list[Summary] = []
    match = None
    with progress_bar() as update:
        for chosen in policies("all"):
            stage = f"{day.name}: {chosen.name.value}"
            record = simulate(day, chosen, seed, partial(update, stage))
            runs.append(summarize(record))
        if find_staffing:
            match = match_staffing(day, seed, update)
    _charts(runs, out, day.sla_target)
    page = out / "report.html"
    page.write_text(_page(day.title, runs, match, out, seed, scenario), encoding="utf-8")
    typer.echo(f"wrote {page} and {', '.join(str(out / name) for name in CHARTS)}")


@report_app.command("live")
def live_command(
    out: Annotated[Path, typer.Argument(help="The page to write, e.g. report.html.")],
    since: Annotated[str, typer.Option(help="First day (YYYY-MM-DD, 00:00 UTC) or ISO 8601 datetime with offset.")],
    until: Annotated[str, typer.Option(help="End of the period, excluded: a day or a datetime as for --since.")],
    bucket: Annotated[
        str | None, typer.Option(help="hour or day (default: hour up to 2 days, else day; hour: at most 31 days).")
    ] = None,
    team: Annotated[str | None, typer.Option(help="Only this team's conversations (a pack: ecommerce...).")] = None,
    lang: Annotated[str, typer.Option(help="The page's language: en or fr.")] = "en",
) -> None:
    """What really happened over a period, from the configured database: the dashboard's figures and charts as
    one self-contained page (inline SVG, nothing fetched)."""
    from tandem.cli.live_report import write_live_report  # the metrics and the store: only when it runs

    write_live_report(out, since, until, bucket, team, lang)


def _charts(runs: "list[Summary]", out: Path, sla_target: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap

    from tandem.workforce.simulation.report import COLOURS, plot_runs

    plot_runs(runs, out / "day.png", sla_target)

    shown = [r for r in runs if r.policy != "human_only"]
    fig, axes = plt.subplots(1, len(shown), figsize=(6 * len(shown), 7), dpi=110, squeeze=False)
    cmap = ListedColormap(["#dafbe1", "#aceebb", "#4ac26b", "#fff8c5", "#ff8182"])
    bounds = [0.0, 0.25, 0.5, 0.75, 0.85, 1.0]
    for ax, run in zip(axes[0], shown, strict=True):
        grid = np.array([[np.nan if o is None else o for o in d.occupancy_by_hour] for d in run.per_agent])
        image = ax.imshow(grid, aspect="auto", cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
        image.set_norm(matplotlib.colors.BoundaryNorm(bounds, cmap.N))
        ax.set_title(
            f"{run.policy}\n{run.agent_hours_over_85} agent-hours above 85 %, "
            f"highest {run.max_agent_hour_occupancy:.0%}",
            fontsize=9,
        )
        ax.set_xlabel("hour of the day")
        ax.set_ylabel("agent")
    fig.colorbar(image, ax=axes[0].tolist(), ticks=bounds, label="occupancy (85 %: start of the burnout zone)")
    fig.savefig(out / "occupancy.png")
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    x = np.arange(len(runs))
    ax.bar(x - 0.2, [r.breaks_due for r in runs], 0.4, color="#d0d7de", label="due")
    ax.bar(x + 0.2, [r.breaks_taken for r in runs], 0.4, color=[COLOURS.get(r.policy, "#57606a") for r in runs],
           label="taken in time")  # fmt: skip
    ax.set_xticks(x, [r.policy for r in runs])
    ax.set_title("Breaks due and taken (within 30 minutes of falling due)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "breaks.png")
    plt.close(fig)


_ROWS = (
    ("Service level", "service_level", "{:.1%}"),
    ("Average wait (s)", "asa_seconds", "{:.1f}"),
    ("Gave up waiting", "abandonment_rate", "{:.1%}"),
    ("Mean occupancy", "occupancy", "{:.1%}"),
    ("Highest agent-hour occupancy", "max_agent_hour_occupancy", "{:.1%}"),
    ("Agent-hours above 85 %", "agent_hours_over_85", "{:,}"),
    ("Hard-contact Gini (0 = fair)", "hard_contact_gini", "{:.3f}"),
    ("Breaks taken / due", "breaks_taken", "{:,}"),
    ("Agents over working-time limits", "agents_over_limits", "{:,}"),
    ("Cost per contact", "cost_per_contact", "{:.2f}"),
)


def _page(title: str, runs: "list[Summary]", match: "StaffingMatch | None", out: Path, seed: int, name: str) -> str:
    e = html.escape
    head = "".join(f"<th>{e(r.policy)}</th>" for r in runs)
    rows = []
    for label, key, fmt in _ROWS:
        cells = []
        for r in runs:
            text = fmt.format(getattr(r, key))
            if key == "breaks_taken":
                text = f"{r.breaks_taken:,} / {r.breaks_due:,}"
            cells.append(f"<td>{e(text)}</td>")
        rows.append(f"<tr><th>{e(label)}</th>{''.join(cells)}</tr>")
    if match is not None:
        saved = (
            f"Without AI, {match.human_only.agents} agents would be needed for the service level tandem reaches "
            f"with {match.tandem.agents} ({match.tandem.service_level:.1%}): {match.agents_saved} agents saved."
        )
    else:
        saved = (
            f"Agents saved at equal service level: run tandem report {name} --seed {seed} --find-staffing "
            f"(or tandem simulate {name} --find-staffing)."
        )
    figures = "".join(
        f'<figure><img alt="{e(caption)}" src="data:image/png;base64,'
        f'{base64.b64encode((out / file).read_bytes()).decode("ascii")}"><figcaption>{e(caption)}</figcaption></figure>'
        for file, caption in CHARTS.items()
    )
    intro = (
        f"One simulated day, seed {seed}, {runs[0].agents} agents, {runs[0].contacts:,} contacts. The same "
        "customers under each policy: human_only (no AI), naive_hybrid (AI first, first free agent), naive_legal "
        "(naive_hybrid that keeps every legal break and the hour limits), tandem (AI first, Tandem's routing with "
        "the wellbeing rules)."
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}: simulated day</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:80rem}}table{{border-collapse:collapse}}
th,td{{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:right}}th:first-child{{text-align:left}}
img{{max-width:100%}}figure{{margin:1.5rem 0}}</style></head>
<body><h1>{e(title)}</h1>
<p>{e(intro)}</p>
<table><tr><th></th>{head}</tr>{"".join(rows)}</table>
<p>{e(saved)}</p>{figures}</body></html>
"""
