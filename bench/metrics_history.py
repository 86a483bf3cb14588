"""The supervisor's figures over months of history (issue 15): every metrics endpoint's latency, and what the live
dashboard costs the server, with 100 conversations and with a full history, on SQLite and on PostgreSQL.

HF_HUB_OFFLINE=1 python bench/metrics_history.py [--db sqlite|postgresql|all] [--sqlite-conversations 100000]
    [--pg-conversations 1000000] [--days 90] [--requests 20] [--poll-minutes 2] [--model-dir DIR] [--json OUT]

Per database, in a fresh one (a temporary SQLite file, or a PostgreSQL schema of its own, removed afterwards):
1. `tandem demo history --conversations 100 --days 1`, start `tandem serve --demo` (one worker, ecommerce served),
   one supervisor polls the live summary every 5 s for --poll-minutes: the server's CPU per minute
   (/proc/<pid>/stat utime + stime).
2. Stop it; `tandem demo history --conversations N --days 90` (timed: wall and the command's own CPU), or with
   --pg-schema, a schema filled beforehand (the fill's figures are then that command's).
3. Start the server again: each endpoint --requests times, one after the other (after one untimed request):
   p50 / p95 of the whole response; then the live polling again.
The load average of the machine is printed with each phase: other work on it slows everything down.
"""

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psycopg
from servers import free_port, stop, wait_healthy
from sqlalchemy import make_url

BENCH_DIR = Path(__file__).resolve().parent
TANDEM = str(Path(sys.executable).parent / "tandem")
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_MODEL_DIR = Path(tempfile.gettempdir()) / "tandem-bench-models"
TARGET_MS = 300.0
POLL_EVERY_S = 5.0
TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """utime + stime of a process, seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def endpoints(now: datetime) -> dict[str, tuple[str, dict[str, str]]]:
    day = now.date()

    def span(days: int) -> dict[str, str]:
        return {"since": (day - timedelta(days=days - 1)).isoformat(), "until": (day + timedelta(days=1)).isoformat()}

    return {
        "summary, live (today)": ("/api/v1/metrics/summary", {}),
        "summary, 7 days": ("/api/v1/metrics/summary", span(7)),
        "summary, 30 days": ("/api/v1/metrics/summary", span(30)),
        "summary, 90 days": ("/api/v1/metrics/summary", span(90)),
        "series, hour over 7 days": ("/api/v1/metrics/series", {**span(7), "bucket": "hour"}),
        "series, day over 90 days": ("/api/v1/metrics/series", {**span(90), "bucket": "day"}),
        "CSV, day over 90 days": ("/api/v1/metrics/series.csv", {**span(90), "bucket": "day"}),
        "CSV, hour over 7 days": ("/api/v1/metrics/series.csv", {**span(7), "bucket": "hour"}),
    }


@contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [TANDEM, "serve", "--demo", "--port", str(port)],
            env=env,
            cwd=BENCH_DIR.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base, proc, log, 900)
            yield base, proc.pid
        finally:
            stop(proc, 30)


def supervisor_token(base: str) -> dict[str, str]:
    from tandem.staff.demo import DEMO_PASSWORD

    response = httpx.post(f"{base}/api/v1/auth/login", json={"username": "sam", "password": DEMO_PASSWORD}, timeout=30)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def fill(env: dict[str, str], conversations: int, days: int) -> dict[str, Any]:
    """`tandem demo history`, timed; returns its figures and its last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [TANDEM, "demo", "history", "--conversations", str(conversations), "--days", str(days), "--seed", "15"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"demo history failed:\n{done.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {"conversations": conversations, "wall_s": round(wall, 1), "command_cpu_s": round(cpu, 1),
            "load": load(), "said": done.stdout.strip().splitlines()[0]}  # fmt: skip


def latencies(base: str, headers: dict[str, str], requests: int) -> dict[str, dict[str, Any]]:
    figures: dict[str, dict[str, Any]] = {}
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        for name, (path, params) in endpoints(datetime.now(UTC)).items():
            client.get(path, params=params).raise_for_status()  # untimed: the first of its kind
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path, params=params)
                times.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            p50, p95 = np.percentile(times, [50, 95])
            figures[name] = {"p50_ms": round(float(p50), 1), "p95_ms": round(float(p95), 1), "n": requests,
                             "bytes": len(response.content), "load": load()}  # fmt: skip
            mark = "ok" if p95 <= TARGET_MS else "OVER"
            print(f"    {name:<28} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  {mark}  (load {load()})", flush=True)
    return figures


def outcomes(base: str, headers: dict[str, str]) -> dict[str, Any]:
    """What the history looks like: the 90-day summary's outcomes (printed without the per-agent shares)."""
    path, params = endpoints(datetime.now(UTC))["summary, 90 days"]
    found: dict[str, Any] = httpx.get(f"{base}{path}", params=params, headers=headers, timeout=120).json()["outcomes"]
    shown = {k: v for k, v in found.items() if k not in ("escalations_by_reason", "wellbeing")}
    print(f"    90 days: {json.dumps(shown)}", flush=True)
    print(f"    wellbeing: {json.dumps({k: v for k, v in found['wellbeing'].items() if k != 'hard_contact_share'})}")
    return found


def idle_cpu_per_min(pid: int, minutes: float) -> float:
    """The server's CPU per minute with nobody asking anything (its routing pass, presence sweep, model sync)."""
    cpu, started = process_cpu_s(pid), time.perf_counter()
    time.sleep(minutes * 60)
    return round((process_cpu_s(pid) - cpu) / (time.perf_counter() - started) * 60, 3)


def live_cost(base: str, pid: int, headers: dict[str, str], minutes: float) -> dict[str, Any]:
    """One supervisor polling the live summary every 5 s: the server's CPU seconds per minute (and idle)."""
    idle = idle_cpu_per_min(pid, minutes / 2)
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        today = client.get("/api/v1/metrics/summary")
        today.raise_for_status()
        cpu, started, polls = process_cpu_s(pid), time.perf_counter(), 0
        while time.perf_counter() - started < minutes * 60:
            client.get("/api/v1/metrics/summary").raise_for_status()
            polls += 1
            time.sleep(max(0.0, POLL_EVERY_S * polls - (time.perf_counter() - started)))
        elapsed = time.perf_counter() - started
        used = process_cpu_s(pid) - cpu
    return {"server_cpu_s_per_min": round(used / elapsed * 60, 3), "idle_cpu_s_per_min": idle, "polls": polls,
            "minutes": round(elapsed / 60, 2), "conversations_today": today.json()["conversations"],
            "load": load()}  # fmt: skip


def run(
    env: dict[str, str], conversations: int, args: argparse.Namespace, log: Path, full: dict[str, str] | None = None
) -> dict[str, Any]:
    """The three steps in `env`'s database; the full history in `full`'s instead when given (already filled)."""
    result: dict[str, Any] = {"small": fill(env, 100, 1)}
    with serving(served(env), log) as (base, pid):
        headers = supervisor_token(base)
        result["live_small"] = live_cost(base, pid, headers, args.poll_minutes)
        print(f"    live, 100 conversations: {result['live_small']}", flush=True)
    if full is None:
        result["fill"] = fill(env, conversations, args.days)
        print(f"    filled: {result['fill']}", flush=True)
    env = full or env
    with serving(served(env), log) as (base, pid):
        headers = supervisor_token(base)
        result["endpoints"] = latencies(base, headers, args.requests)
        result["outcomes_90_days"] = outcomes(base, headers)
        result["live_full"] = live_cost(base, pid, headers, args.poll_minutes)
        print(f"    live, full history: {result['live_full']}", flush=True)
    return result


def product_env(args: argparse.Namespace, data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    env.update(HF_HUB_OFFLINE="1", TANDEM_DATA_DIR=str(data_dir), TANDEM_MODEL_DIR=str(args.model_dir))
    if database_url:
        env["TANDEM_DATABASE_URL"] = database_url
    return env


def served(env: dict[str, str]) -> dict[str, str]:
    """The server answers the e-commerce pack only (one model to load); the history has all three packs."""
    return {**env, "TANDEM_DOMAINS": "ecommerce"}


def on_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="tandem-bench-metrics-") as tmp:
        env = product_env(args, Path(tmp), None)
        return run(env, args.sqlite_conversations, args, Path(tmp) / "server.log")


def on_postgresql(args: argparse.Namespace) -> dict[str, Any]:
    schema = f"bench_metrics_{secrets.token_hex(4)}"
    with psycopg.connect(args.pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        url = make_url(args.pg_url).set(drivername="postgresql+psycopg", query={"options": f"-csearch_path={schema}"})
        with tempfile.TemporaryDirectory(prefix="tandem-bench-metrics-") as tmp:
            env = product_env(args, Path(tmp), url.render_as_string(hide_password=False))
            full = None
            if args.pg_schema:  # filled beforehand by `tandem demo history`: kept, never dropped here
                filled = url.set(query={"options": f"-csearch_path={args.pg_schema}"})
                full = product_env(args, Path(tmp), filled.render_as_string(hide_password=False))
            return run(env, args.pg_conversations, args, Path(tmp) / "server.log", full)
    finally:
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "all"), default="all")
    parser.add_argument("--sqlite-conversations", type=int, default=100_000)
    parser.add_argument("--pg-conversations", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per endpoint (at least 20)")
    parser.add_argument("--poll-minutes", type=float, default=2.0, help="minutes of live polling, each time")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--pg-schema", help="a schema already filled by `tandem demo history`: measured, not filled")
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR, help="model cache kept across runs")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    args.model_dir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load {load()}, started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", flush=True)
    results: dict[str, Any] = {}
    for db, runner in (("sqlite", on_sqlite), ("postgresql", on_postgresql)):
        if args.db in (db, "all"):
            print(f"{db}:", flush=True)
            results[db] = runner(args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
