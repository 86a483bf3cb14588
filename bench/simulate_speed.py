"""How long one simulated day of a 200-agent centre takes: about 50 000 contacts, each policy.

HF_HUB_OFFLINE=1 python bench/simulate_speed.py [--policy all] [--seed 0] [--repeat 3] [--shortlist 8|none]
                                               [--json OUT]

The day is generated from the shipped e-commerce busy day: arrivals scaled to 50 000 contacts, the roster's
shifts scaled to 200 agents, and the AI's containment raised so that each agent meets as many escalated
contacts as on the shipped day (a centre this size with that roster runs at the same occupancy). Times are wall
clock on this machine, best of --repeat, for the simulation alone and with the figures (`summarize`).
`--shortlist none` gives the router every free agent on each pass, to measure what the shortlist saves and
check that it changes nothing that matters.
"""

import argparse
import json
import time
from dataclasses import replace
from typing import Any

from rich.console import Console
from rich.table import Table

from tandem.workforce.simulation import Scenario, load_scenario, policies, scaled, simulate, summarize
from tandem.workforce.simulation.tandem_dispatch import SHORTLIST

CONTACTS = 50_000
AGENTS = 200


def generated_day() -> Scenario:
    base = load_scenario("ecommerce")
    volume = CONTACTS / base.expected_contacts
    staff = AGENTS / base.agent_count
    escalated = sum(i.share * (1 - i.containment) for i in base.intents)
    # Escalations per agent as on the shipped day: escalated share x volume / staff stays the same.
    keep = staff / volume
    intents = tuple(replace(i, containment=1 - (1 - i.containment) * keep) for i in base.intents)
    day = replace(
        base,
        name="ecommerce_200",
        title=f"Generated: {AGENTS} agents, {CONTACTS:,} contacts ({escalated * keep:.0%} escalated)",
        arrivals_per_hour=tuple(a * volume for a in base.arrivals_per_hour),
        intents=intents,
    )
    return scaled(day, AGENTS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--policy", default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shortlist", default=str(SHORTLIST), help="agents per routing pass, or none")
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    shortlist = None if args.shortlist == "none" else int(args.shortlist)
    day = generated_day()
    rows: list[dict[str, Any]] = []
    for policy in policies(args.policy):
        best_run, best_total, figures, passes = float("inf"), float("inf"), None, 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            record = simulate(day, policy, args.seed, shortlist=shortlist)
            simulated = time.perf_counter()
            figures = summarize(record)
            done = time.perf_counter()
            best_run, best_total = min(best_run, simulated - started), min(best_total, done - started)
            passes = record.routing_passes
        assert figures is not None
        rows.append({
            "policy": policy.name.value, "agents": figures.agents, "contacts": figures.contacts,
            "reached_people": figures.queued, "routing_passes": passes, "simulate_seconds": round(best_run, 3),
            "with_figures_seconds": round(best_total, 3), "service_level": round(figures.service_level, 4),
            "occupancy": round(figures.occupancy, 4),
            "max_agent_hour_occupancy": round(figures.max_agent_hour_occupancy, 4),
            "hard_contact_gini": round(figures.hard_contact_gini, 4),
        })  # fmt: skip
    table = Table(title=f"{day.title}; seed {args.seed}, shortlist {args.shortlist}, best of {args.repeat}")
    for column in rows[0]:
        table.add_column(column, justify="left" if column == "policy" else "right")
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in row.values()))
    Console().print(table)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as out:
            json.dump(
                {"command": "python bench/simulate_speed.py", "shortlist": args.shortlist, "runs": rows}, out, indent=1
            )


if __name__ == "__main__":
    main()
