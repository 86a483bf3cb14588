"""A one-page chart of runs of the same scenario: demand, service level, occupancy, fairness, by policy."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and CI
import matplotlib.pyplot as plt

from tandem.workforce.simulation.fair_share import MIN_OWED
from tandem.workforce.simulation.metrics import Summary

COLOURS = {"human_only": "#8250df", "naive_hybrid": "#bc4c00", "naive_legal": "#0969da", "tandem": "#1a7f37"}


def plot_runs(runs: list[Summary], path: Path, sla_target: float | None = None) -> None:
    """Four panels per hour of the day and per agent; one line per run (policy)."""
    fig, axes = plt.subplots(2, 2, figsize=(12, 8), dpi=110)
    (queued, service), (occupancy, fairness) = axes
    for run in runs:
        colour = COLOURS.get(run.policy)
        hours = [h["hour"] for h in run.hourly]
        queued.plot(hours, [h["queued"] for h in run.hourly], color=colour, label=run.policy)
        service.plot(hours, [_nan(h["service_level"]) for h in run.hourly], color=colour,
                     label=f"{run.policy}: {run.service_level:.1%} over the day")  # fmt: skip
        occupancy.plot(hours, [_nan(h["max_agent_occupancy"]) for h in run.hourly], color=colour,
                       label=f"{run.policy}: highest agent")  # fmt: skip
        occupancy.plot(hours, [_nan(h["mean_agent_occupancy"]) for h in run.hourly], color=colour,
                       linestyle=":", label=f"{run.policy}: mean")  # fmt: skip
        ratios = sorted(d.hard_contacts / d.hard_owed for d in run.per_agent if d.hard_owed >= MIN_OWED)
        fairness.plot(range(1, len(ratios) + 1), ratios, color=colour,
                      label=f"{run.policy}: Gini {run.hard_contact_gini:.3f}")  # fmt: skip
    queued.set_title("Contacts reaching people, per hour")
    service.set_title("Service level of the contacts queued in each hour")
    if sla_target is not None:
        service.axhline(sla_target, color="#cf222e", linestyle="--", linewidth=1, label=f"target {sla_target:.0%}")
    service.set_ylim(0, 1.02)
    occupancy.set_title("Agent occupancy per hour (chat seats in use)")
    occupancy.axhline(0.85, color="#cf222e", linestyle="--", linewidth=1, label="85 %: burnout zone")
    occupancy.set_ylim(0, 1.02)
    fairness.set_title("Hard contacts taken / fair share, per agent (sorted)")
    fairness.axhline(1.0, color="#57606a", linestyle="--", linewidth=1)
    fairness.set_xlabel("agents")
    for ax in (queued, service, occupancy):
        ax.set_xlabel("hour of the day")
    for ax in axes.flat:
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(f"Simulated day: {runs[0].scenario}" if runs else "Simulated day")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value
