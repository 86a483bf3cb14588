"""Memory of a Tandem server with the three built-in packs loaded, for 1 and N workers.

HF_HUB_OFFLINE=1 python bench/serve_memory.py [--workers 1 --workers 4] [--launcher tandem --launcher uvicorn]
                                              [--json OUT]

`tandem`: `tandem serve --workers N`, which loads the models once and forks the workers (they share the
models' pages). `uvicorn`: `python -m uvicorn tandem.api.asgi:create --factory --workers N`, what `tandem serve`
ran before: uvicorn spawns fresh interpreters and each loads every model itself. Each server runs on a fresh
SQLite file in a temporary directory (models cached in /tmp/tandem-bench-models); once healthy it answers
--messages messages per pack from concurrent customers, so that every worker has served (lazy loads done), then
every process of the server is read from /proc/<pid>/smaps_rollup: RSS, PSS (each shared page divided among the
processes mapping it: the sum over processes is what the server costs the host) and USS (private pages).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table
from servers import free_port, stop, tree_memory_mb, wait_healthy

BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
MODEL_DIR = Path(tempfile.gettempdir()) / "tandem-bench-models"
QUESTIONS = {
    "ecommerce": "what is your return policy?",
    "logistics": "how much does it cost to send a parcel abroad?",
    "telecom": "how do I activate roaming on my plan?",
}
START_TIMEOUT_S = 1800.0  # a first start trains the packs' models


def command(launcher: str, workers: int, port: int) -> list[str]:
    if launcher == "tandem":
        return [str(VENV_BIN / "tandem"), "serve", "--demo", "--workers", str(workers), "--port", str(port)]
    factory = ["-m", "uvicorn", "tandem.api.asgi:create", "--factory", "--workers", str(workers)]
    return [sys.executable, *factory, "--port", str(port), "--log-level", "warning"]


def ask(base: str, domain: str) -> bool:
    with httpx.Client(base_url=base, timeout=120) as client:
        opened = client.post("/api/v1/conversations", json={"domain": domain, "customer": {"name": "Bench"}})
        if opened.status_code != 201:
            return False
        body = opened.json()
        headers = {"Authorization": f"Bearer {body['token']}"}
        posted = client.post(
            f"/api/v1/conversations/{body['id']}/messages", json={"text": QUESTIONS[domain]}, headers=headers
        )
        return posted.status_code == 201


def measure(launcher: str, workers: int, messages: int, console: Console) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as tmp:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
        env.update(HF_HUB_OFFLINE="1", TANDEM_DATA_DIR=tmp, TANDEM_MODEL_DIR=str(MODEL_DIR), TANDEM_DEMO="true")
        env.update(TANDEM_RATE_ADDRESS_MESSAGES="0", TANDEM_RATE_ADDRESS_CONVERSATIONS="0")
        log = Path(tmp) / "server.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(command(launcher, workers, port), env=env, stdout=out, stderr=subprocess.STDOUT)
            try:
                base = f"http://127.0.0.1:{port}"
                with console.status(f"{launcher}, {workers} workers: starting (log {log})"):
                    wait_healthy(base, proc, log, START_TIMEOUT_S)
                jobs = [domain for domain in QUESTIONS for _ in range(messages)]
                with ThreadPoolExecutor(8 * workers) as pool:
                    answered = sum(pool.map(lambda domain: ask(base, domain), jobs))
                processes = tree_memory_mb(proc.pid)
            finally:
                stop(proc, 30)
    return {"launcher": launcher, "workers": workers, "answered": answered, "asked": len(jobs), "processes": processes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, action="append", help="default: 1 and 4")
    parser.add_argument("--launcher", choices=("tandem", "uvicorn"), action="append", help="default: both")
    parser.add_argument("--messages", type=int, default=20, help="messages per pack after start-up")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    console = Console(highlight=False)
    load_before = os.getloadavg()
    results = [
        measure(launcher, workers, args.messages, console)
        for launcher in args.launcher or ("tandem", "uvicorn")
        for workers in args.workers or (1, 4)
    ]
    table = Table(title="server memory, MB, three packs loaded (after the messages)")
    for column in (
        "launcher",
        "workers",
        "answered",
        "processes",
        "RSS sum",
        "PSS sum",
        "USS sum",
        "per process RSS/PSS/USS",
    ):
        table.add_column(column, justify="left" if column == "launcher" else "right")
    for r in results:
        procs: list[dict[str, float]] = r["processes"]  # type: ignore[assignment]
        table.add_row(
            str(r["launcher"]),
            str(r["workers"]),
            f"{r['answered']}/{r['asked']}",
            str(len(procs)),
            *(f"{sum(p[k] for p in procs):.0f}" for k in ("rss", "pss", "uss")),
            ", ".join(f"{p['rss']:.0f}/{p['pss']:.0f}/{p['uss']:.0f}" for p in procs),
        )
    console.print(table)
    console.print(f"{os.cpu_count()} CPUs; load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"load_average_before": load_before, "results": results}, indent=1))


if __name__ == "__main__":
    main()
