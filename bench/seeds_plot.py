"""The charts of bench/seeds.py: each figure's distribution over the days, per scenario and policy.

Six panels: the busiest agent-hour (the 85 % cap drawn), the hard-contact Gini (0.15 drawn), the share of due
breaks taken, the agents over their working-time limits, the service level, and tandem's service level minus
the naive hybrids' on the same day, in points (the 3-point bound drawn; against people alone, tens of points, the
tables say). Each distribution is a box (quartiles,
whiskers to the extremes) with every day as a dot.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and CI
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from tandem.workforce.simulation.report import COLOURS

Run = dict[str, Any]
PANELS: list[tuple[str, Callable[[Run], float], float | None]] = [
    ("busiest agent-hour (occupancy)", lambda r: float(r["max_agent_hour_occupancy"]), 0.85),
    ("hard-contact Gini", lambda r: float(r["hard_contact_gini"]), 0.15),
    ("due breaks taken (share)", lambda r: r["breaks_taken"] / r["breaks_due"] if r["breaks_due"] else 1.0, None),
    ("agents over their limits", lambda r: float(r["agents_over_limits"]), None),
    ("service level", lambda r: float(r["service_level"]), None),
]


def plot(runs: list[Run], path: Path) -> None:
    """Write the six panels for `runs` (every scenario and policy found in them) to `path`."""
    scenarios = sorted({r["scenario"] for r in runs})
    policies = sorted({r["policy"] for r in runs})
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5), dpi=110)
    flat: list[Axes] = list(axes.flat)
    for ax, (title, value, line) in zip(flat, PANELS, strict=False):
        groups = [
            (scenario, name, [value(r) for r in runs if r["scenario"] == scenario and r["policy"] == name])
            for scenario in scenarios
            for name in policies
        ]
        _boxes(ax, groups, title, line)
    _differences(flat[5], runs, scenarios, policies)
    days = len({(r["scenario"], r["seed"]) for r in runs}) // max(1, len(scenarios))
    fig.suptitle(f"Every shipped scenario on {days} days (seeds), by policy: one dot per day", fontsize=12)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def _boxes(ax: Axes, groups: list[tuple[str, str, list[float]]], title: str, line: float | None) -> None:
    shown = [(scenario, name, values) for scenario, name, values in groups if values]
    positions = list(range(len(shown)))
    box = ax.boxplot([v for _, _, v in shown], positions=positions, widths=0.6, whis=(0, 100), patch_artist=True)
    for patch, (_, name, _) in zip(box["boxes"], shown, strict=True):
        patch.set_facecolor(COLOURS.get(name.removeprefix("vs "), "#57606a"))
        patch.set_alpha(0.35)
    for x, (_, name, values) in zip(positions, shown, strict=True):
        spread = [x + 0.25 * ((i % 7) / 6 - 0.5) for i in range(len(values))]
        ax.scatter(spread, values, s=4, color=COLOURS.get(name.removeprefix("vs "), "#57606a"), alpha=0.6, zorder=3)
    if line is not None:
        ax.axhline(line, color="#cf222e", linestyle="--", linewidth=1)
    ax.set_xticks(positions, [f"{scenario}\n{name}" for scenario, name, _ in shown], fontsize=6.5, rotation=90)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="y", alpha=0.3)


def _differences(ax: Axes, runs: list[Run], scenarios: list[str], policies: list[str]) -> None:
    """Tandem's service level minus each naive hybrid's, day by day, in points."""
    by = {(r["scenario"], r["policy"], r["seed"]): float(r["service_level"]) for r in runs}
    groups = []
    for scenario in scenarios:
        for other in (p for p in policies if p not in ("tandem", "human_only")):  # people alone: tens of points
            seeds = [s for (sc, p, s) in by if sc == scenario and p == other and (sc, "tandem", s) in by]
            diff = [100 * (by[(scenario, "tandem", s)] - by[(scenario, other, s)]) for s in seeds]
            groups.append((scenario, f"vs {other}", diff))
    _boxes(ax, groups, "tandem's service level minus the other's, same day (points)", -3.0)
