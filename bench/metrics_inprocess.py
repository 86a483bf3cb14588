"""The metrics service called in-process on an existing history, with each SQL statement timed (issue 15).

TANDEM_DATABASE_URL=... PYTHONPATH=<a tree>/src python bench/metrics_inprocess.py [-n 20] [--statements 8] [CALL ...]

CALL among "summary 30", "summary 90", "series day 90", "series hour 7" (all by default): after one untimed
call, -n timed calls each, p50 / p95 / max in ms, then the statements that took the most time per call. No HTTP,
no server: run it with PYTHONPATH on two trees in turn (before and after a change) to compare them on the same
data under the same load. Nothing is written but what a read writes (the rollups of hours and days it sums)."""

import argparse
import os
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import event

from tandem.domain.access import Principal, PrincipalKind
from tandem.metrics.summary import MetricsService
from tandem.store import SqlUnitOfWork, make_engine
from tandem.store.metrics import SqlMetricsReader

TEAMS = ("ecommerce", "logistics", "telecom")


def calls(service: MetricsService) -> dict[str, Callable[[], Any]]:
    boss, day = Principal(PrincipalKind.SUPERVISOR, agent_id=1), datetime.now(UTC).date()

    def span(days: int) -> tuple[str, str]:
        return (day - timedelta(days=days - 1)).isoformat(), (day + timedelta(days=1)).isoformat()

    return {
        "summary 30": lambda: service.summary(boss, *span(30)),
        "summary 90": lambda: service.summary(boss, *span(90)),
        "series day 90": lambda: service.series(boss, *span(90), "day"),
        "series hour 7": lambda: service.series(boss, *span(7), "hour"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("calls", nargs="*", help="which calls (default: all)")
    parser.add_argument("-n", type=int, default=20, help="timed calls each")
    parser.add_argument("--statements", type=int, default=8, help="statements shown per call")
    args = parser.parse_args()
    engine = make_engine(os.environ["TANDEM_DATABASE_URL"])
    spent: dict[str, list[float]] = defaultdict(list)

    @event.listens_for(engine, "before_cursor_execute")
    def _started(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        conn.info["started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _ended(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        spent[" ".join(statement.split())[:110]].append((time.perf_counter() - conn.info["started"]) * 1000)

    service = MetricsService(SqlUnitOfWork(engine), lambda: datetime.now(UTC), SqlMetricsReader(engine), teams=TEAMS)
    known = calls(service)
    for name in args.calls or list(known):
        known[name]()
        spent.clear()
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            known[name]()
            times.append((time.perf_counter() - started) * 1000)
        p50, p95 = np.percentile(times, [50, 95])
        load = "/".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{name}: p50 {p50:.0f} ms, p95 {p95:.0f}, max {max(times):.0f} (n {args.n}, load {load})", flush=True)
        for statement, each in sorted(spent.items(), key=lambda kv: -sum(kv[1]))[: args.statements]:
            print(f"    {sum(each) / args.n:7.1f} ms/call  x{len(each) / args.n:.0f}  {statement}")
    engine.dispose()


if __name__ == "__main__":
    main()
