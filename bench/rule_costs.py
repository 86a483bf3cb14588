"""What each wellbeing rule costs in service level: `tandem` with one rule switched off at a time.

HF_HUB_OFFLINE=1 python bench/rule_costs.py [--scenarios ecommerce logistics telecom] [--seeds 0 1 2 3 4]
                                            [--jobs 2] [--json OUT] [--plot OUT.png]

For each scenario and seed, runs `naive_hybrid` and `tandem` (the shipped settings), then `tandem` again with
one rule off, and with every rule off (Tandem's router alone: priorities, ageing, shortlist). Prints each
variant's service level as points against naive, and what switching the rule off gives back: the rule's cost.
The variants:

- `no_cap`: the 85 % occupancy cap off (`occupancy_cap: false`);
- `no_forecast`: breaks asked for early in a lull without the forecast of contacts per hour (`forecast: null`:
  only within the 60-minute window, not earlier before a busier hour);
- `no_breaks`: no break falls due (`break_after_minutes` beyond the day); the daily and weekly limits stay;
- `no_adaptive`: adaptive capacity off (the load thresholds out of reach);
- `no_cool_down`: no cool-down after an abusive contact;
- `no_fair_share`: no preference and no veto for the fair share of hard contacts;
- `no_rested`: no preference for the rested and less occupied (load, occupancy, burnout zone);
- `cap_adaptive_breaks`: cool-down, fair share and the rest preference off together (what is left: the cap,
  adaptive capacity and breaks);
- `router_only`: all of the above off at once.
"""

import argparse
import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.progress import track
from rich.table import Table

from tandem.workforce.simulation import Scenario, load_scenario, policy, simulate, summarize

Variant = Callable[[Scenario], Scenario]


def _wellbeing(scenario: Scenario, **changes: Any) -> Scenario:
    return replace(scenario, wellbeing=replace(scenario.wellbeing, **changes))


def _no_breaks(scenario: Scenario) -> Scenario:
    hours = replace(scenario.working_time, break_after_minutes=10_000.0)
    return replace(scenario, working_time=hours, wellbeing=replace(scenario.wellbeing, hours=hours))


_OFF: dict[str, dict[str, Any]] = {
    "no_cap": {"occupancy_cap": False},
    "no_forecast": {"forecast": None},
    "no_adaptive": {"high_load": 1e9, "very_high_load": 1e9},
    "no_cool_down": {"cool_down_minutes": 0.0},
    "no_fair_share": {"fair_share_weight": 0.0, "hard_share_margin": None},
    "no_rested": {"load_weight": 0.0, "occupancy_weight": 0.0, "burnout_penalty": 0.0},
}


def _variants() -> dict[str, Variant]:
    variants: dict[str, Variant] = {"tandem": lambda s: s}
    for name, changes in _OFF.items():
        variants[name] = lambda s, c=changes: _wellbeing(s, **c)  # type: ignore[misc]
    variants["no_breaks"] = _no_breaks
    light = ("no_cool_down", "no_fair_share", "no_rested")
    variants["cap_adaptive_breaks"] = lambda s: _wellbeing(s, **{k: v for n in light for k, v in _OFF[n].items()})
    everything = {k: v for changes in _OFF.values() for k, v in changes.items()}
    variants["router_only"] = lambda s: _no_breaks(_wellbeing(s, **everything))
    return variants


VARIANTS = _variants()


def run(job: tuple[str, int, str]) -> dict[str, Any]:
    scenario_name, seed, variant = job
    scenario = load_scenario(scenario_name)
    name = "naive_hybrid" if variant == "naive_hybrid" else "tandem"
    figures = summarize(simulate(VARIANTS.get(variant, lambda s: s)(scenario), policy(name), seed=seed)).as_dict()
    keep = ("service_level", "max_agent_hour_occupancy", "hard_contact_gini", "breaks_due", "breaks_taken")
    return {"scenario": scenario_name, "seed": seed, "variant": variant, **{k: figures[k] for k in keep}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", nargs="+", default=["ecommerce", "logistics", "telecom"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2, 3, 4])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--plot", help="bar chart: the service each rule costs, per scenario (mean of the seeds)")
    args = parser.parse_args()

    names = ["naive_hybrid", *VARIANTS]
    jobs = [(s, seed, v) for s in args.scenarios for seed in args.seeds for v in names]
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(track(pool.map(run, jobs), total=len(jobs), description="simulating"))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as out:
            json.dump(rows, out, indent=2)

    sl = {(r["scenario"], r["seed"], r["variant"]): r["service_level"] for r in rows}
    days = [(s, seed) for s in args.scenarios for seed in args.seeds]
    table = Table(title="service level, points against naive_hybrid at the same staffing (naive's own SL first)")
    table.add_column("variant")
    for s, seed in days:
        table.add_column(f"{s[:3]} {seed}", justify="right")
    table.add_row("naive SL", *(f"{sl[(s, seed, 'naive_hybrid')]:.3f}" for s, seed in days))
    for v in VARIANTS:
        table.add_row(v, *(f"{100 * (sl[(s, seed, v)] - sl[(s, seed, 'naive_hybrid')]):+.1f}" for s, seed in days))
    if args.plot:
        plot(sl, args.scenarios, args.seeds, args.plot)
    Console(width=max(120, 24 + 8 * len(days))).print(table)


def plot(sl: dict[tuple[str, int, str], float], scenarios: list[str], seeds: list[int], out: str) -> None:
    """Per scenario, the service level each rule costs (points given back when it is off; mean of the seeds)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rules = [v for v in VARIANTS if v.startswith("no_")]
    figure, axis = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / (len(rules) + 1)
    for i, name in enumerate(["tandem", *rules]):
        # The rule's cost: what switching it off gives back; for "tandem", what all of them cost against naive.
        variant = name if name != "tandem" else "naive_hybrid"
        values = [
            100 * sum(sl[(s, seed, variant)] - sl[(s, seed, "tandem")] for seed in seeds) / len(seeds)
            for s in scenarios
        ]
        label = "all rules (tandem vs naive)" if name == "tandem" else name.removeprefix("no_").replace("_", " ")
        axis.bar([x + i * width for x in range(len(scenarios))], values, width, label=label)
    axis.set_xticks([x + width * len(rules) / 2 for x in range(len(scenarios))], scenarios)
    axis.set_ylabel("service level points lost to the rule")
    axis.set_title(f"What each wellbeing rule costs in service level (mean of {len(seeds)} seeds)")
    axis.axhline(0, color="black", linewidth=0.8)
    axis.legend(fontsize=8, ncols=2)
    figure.tight_layout()
    figure.savefig(out, dpi=100)
    plt.close(figure)


if __name__ == "__main__":
    main()
