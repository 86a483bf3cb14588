"""Every shipped scenario on many seeds (days): the distributions of the wellbeing figures and of the service
level, per policy, instead of one day's (issue 16). Runs in parallel processes, with a progress bar.

python bench/seeds.py [--scenario telecom ...] [--policy tandem ...] [--seeds 100 | --seed 15 ...] [--workers 2]
                      [--json OUT] [--plot OUT.png] [--from-json RUNS.json ...]

Prints, per scenario and policy: the busiest agent-hour's occupancy (median, 95th percentile, max, days above
85 %), the hard-contact Gini (median, max), breaks taken of breaks due (the worst day), agents over their
limits (the worst day), the service level (min, median, max); then every day with an agent-hour above 85 %
(scenario, policy, seed, its busiest agent-hour) under `tandem`, and, when both ran, tandem's service level
day by day against `naive_legal` and `naive_hybrid` (the same day: the same seed). `--json` keeps every run's
figures (no per-agent rows); `--from-json` reads such files (several: their runs together) instead of
simulating, `--plot` charts the distributions (bench/seeds_plot.py).
"""

import argparse
import json
import statistics
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from seeds_plot import plot

from tandem.cli.progress import progress_bar
from tandem.workforce.simulation import POLICIES, SHIPPED, load_scenario, policy, simulate, summarize

CAP = 0.85


def run(scenario: str, policy_name: str, seed: int) -> dict[str, Any]:
    summary = summarize(simulate(load_scenario(scenario), policy(policy_name), seed=seed))
    figures = summary.as_dict(per_agent=False)
    del figures["hourly"]
    return figures


def quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def table(runs: list[dict[str, Any]]) -> list[str]:
    rows = [
        "| scenario | policy | days | busiest agent-hour: median / p95 / max | days above 85 % "
        "| Gini: median / max | breaks taken / due, worst day | agents over limits, worst day "
        "| service level: min / median / max |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in runs:
        groups.setdefault((r["scenario"], r["policy"]), []).append(r)
    for (scenario, name), group in sorted(groups.items()):
        busiest = [r["max_agent_hour_occupancy"] for r in group]
        gini = [r["hard_contact_gini"] for r in group]
        sl = [r["service_level"] for r in group]
        worst_breaks = min(group, key=lambda r: r["breaks_taken"] / r["breaks_due"] if r["breaks_due"] else 1.0)
        rows.append(
            f"| {scenario} | {name} | {len(group)} "
            f"| {statistics.median(busiest):.3f} / {quantile(busiest, 0.95):.3f} / {max(busiest):.3f} "
            f"| {sum(b > CAP for b in busiest)} "
            f"| {statistics.median(gini):.3f} / {max(gini):.3f} "
            f"| {worst_breaks['breaks_taken']} / {worst_breaks['breaks_due']} "
            f"| {max(r['agents_over_limits'] for r in group)} "
            f"| {min(sl):.3f} / {statistics.median(sl):.3f} / {max(sl):.3f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", action="append", choices=SHIPPED, help="repeatable; default: all shipped")
    parser.add_argument("--policy", action="append", choices=sorted(POLICIES), help="repeatable; default: all")
    parser.add_argument("--seeds", type=int, default=100, help="seeds 0 .. N-1")
    parser.add_argument("--seed", type=int, action="append", help="repeatable: only these seeds (instead of --seeds)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write every run's figures here")
    parser.add_argument("--plot", type=Path, help="chart the distributions into this PNG")
    parser.add_argument("--from-json", type=Path, action="append", help="runs of earlier --json files: no simulation")
    args = parser.parse_args()
    runs = (
        [r for path in args.from_json for r in json.loads(path.read_text())] if args.from_json else simulate_all(args)
    )
    runs.sort(key=lambda r: (r["scenario"], r["policy"], r["seed"]))
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    if args.plot:
        plot(runs, args.plot)
    print("\n".join(table(runs)))
    print("\n".join(paired(runs)))
    breaches = [r for r in runs if r["policy"] == "tandem" and r["max_agent_hour_occupancy"] > CAP]
    print(f"\ndays with an agent-hour above 85 % under tandem: {len(breaches)}")
    for r in breaches:
        print(f"- {r['scenario']} seed {r['seed']}: {r['max_agent_hour_occupancy']:.3f}")


def simulate_all(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every (scenario, policy, seed) asked for, in `args.workers` processes, with a progress bar."""
    jobs = [
        (scenario, name, seed)
        for scenario in args.scenario or SHIPPED
        for name in args.policy or sorted(POLICIES)
        for seed in (args.seed or range(args.seeds))
    ]
    runs: list[dict[str, Any]] = []
    with progress_bar() as progress, ProcessPoolExecutor(args.workers) as pool:
        futures = [pool.submit(run, *job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            runs.append(future.result())
            progress("simulated days", done, len(jobs))
    return runs


def paired(runs: list[dict[str, Any]]) -> list[str]:
    """Tandem's service level minus another policy's, day by day (points), where both ran."""
    by = {(r["scenario"], r["policy"], r["seed"]): r for r in runs}
    rows = [
        "",
        "| scenario | tandem against | days | service level difference, points: min / median / max "
        "| days more than 3 points worse |",
        "|---|---|---|---|---|",
    ]
    for scenario, other in sorted({(r["scenario"], r["policy"]) for r in runs if r["policy"] != "tandem"}):
        seeds = [s for (sc, p, s) in by if sc == scenario and p == other and (scenario, "tandem", s) in by]
        if not seeds:
            continue
        diff = [
            100 * (by[(scenario, "tandem", s)]["service_level"] - by[(scenario, other, s)]["service_level"])
            for s in seeds
        ]
        rows.append(
            f"| {scenario} | {other} | {len(diff)} | {min(diff):+.1f} / {statistics.median(diff):+.1f} / "
            f"{max(diff):+.1f} | {sum(d < -3 for d in diff)} |"
        )
    return rows


if __name__ == "__main__":
    main()
