"""One flooding client against `tandem serve`: do the other customers still get their replies in time?

HF_HUB_OFFLINE=1 python bench/flood.py [--customers 5] [--seconds 20] [--warmup 10] [--flooders 20] [--no-limits]
                                       [--json OUT]

One real server (uvicorn, one worker, SQLite, demo data) is started here and stopped at the end. Two phases in
the same run, after --warmup seconds of untimed customers: first --customers normal customers alone, then the
same customers while one client floods. A normal customer asks the e-commerce pack a question, reads the AI's
reply, thinks --think seconds and asks the next one (a new conversation every eight questions: the pack
escalates a repeated intent). The flooding client posts into its own conversation as fast as --flooders
concurrent connections allow, ignoring Retry-After. A reply's time is from sending the message to reading the
whole response.

The server trusts 127.0.0.1 as its proxy (TANDEM_TRUSTED_PROXIES) and every simulated client names its own
address in X-Forwarded-For, as distinct people behind a load balancer would appear. --no-limits turns the rate
limits off (every TANDEM_RATE_* = 0) to show what the flood does without them.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np
from servers import free_port, stop, wait_healthy

DEFAULT_MODEL_DIR = Path(tempfile.gettempdir()) / "tandem-bench-models"
START_TIMEOUT_S = 900.0  # the first start trains the e-commerce model
QUESTIONS = (
    "what is your return policy?",
    "how long does delivery take?",
    "which payment methods do you accept?",
    "my promo code isn't working",
    "how do I know which size to pick?",
    "how long is the warranty on your products?",
    "can I get an invoice for my purchase?",
    "do you sell gift cards?",
)
OPEN = {"domain": "ecommerce", "language": "en", "customer": {"name": "Bench Customer"}}


@dataclass
class Phase:
    name: str
    replies: list[float] = field(default_factory=list)  # normal customers' reply times, seconds
    refused: int = 0  # normal customers' messages answered 429 (should stay 0)
    flood_sent: int = 0
    flood_codes: dict[int, int] = field(default_factory=dict)
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.replies, q)) if self.replies else float("nan")


@contextmanager
def server(args: argparse.Namespace, data_dir: Path) -> Iterator[str]:
    """`tandem serve --demo` on a free port until the block ends; its log goes to DATA_DIR/server.log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    env.update(
        TANDEM_DATA_DIR=str(data_dir),
        TANDEM_DOMAINS="ecommerce",
        TANDEM_MODEL_DIR=str(args.model_dir),
        TANDEM_TRUSTED_PROXIES="127.0.0.1",
        HF_HUB_OFFLINE="1",
    )
    if args.no_limits:
        env.update(TANDEM_RATE_CONVERSATION_MESSAGES="0", TANDEM_RATE_ADDRESS_MESSAGES="0")
        env.update(TANDEM_RATE_ADDRESS_CONVERSATIONS="0")
    port = free_port()
    command = [sys.executable, "-m", "tandem", "serve", "--demo", "--port", str(port)]
    log = data_dir / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, proc, log, START_TIMEOUT_S)
            yield base
        finally:
            stop(proc)


async def open_conversation(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    response = await client.post("/api/v1/conversations", json=OPEN)
    response.raise_for_status()
    created = response.json()
    return created["id"], {"Authorization": f"Bearer {created['token']}"}


async def customer(base: str, n: int, until: float, think: float, phase: Phase) -> None:
    """A person asking one question after another, each after reading the last reply."""
    headers = {"X-Forwarded-For": f"10.1.0.{n + 1}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as client:
        asked = 0
        while time.monotonic() < until:
            if asked % len(QUESTIONS) == 0:
                conversation, auth = await open_conversation(client)
            text = QUESTIONS[asked % len(QUESTIONS)]
            started = time.perf_counter()
            response = await client.post(
                f"/api/v1/conversations/{conversation}/messages", json={"text": text}, headers=auth
            )
            elapsed = time.perf_counter() - started
            if response.status_code == 429:
                phase.refused += 1
            else:
                response.raise_for_status()
                phase.replies.append(elapsed)
            asked += 1
            await asyncio.sleep(think)


async def flooder(base: str, until: float, connections: int, phase: Phase) -> None:
    """One client posting into its conversation as fast as it can, whatever the server answers."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"X-Forwarded-For": "10.66.66.66"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120, limits=limits) as client:
        conversation, auth = await open_conversation(client)

        async def one_connection() -> None:
            while time.monotonic() < until:
                body = {"text": f"spam {phase.flood_sent}"}
                response = await client.post(f"/api/v1/conversations/{conversation}/messages", json=body, headers=auth)
                phase.flood_sent += 1
                phase.flood_codes[response.status_code] = phase.flood_codes.get(response.status_code, 0) + 1

        await asyncio.gather(*(one_connection() for _ in range(connections)))


def flood_process(base: str, seconds: float, connections: int, out: "multiprocessing.Queue[Phase]") -> None:
    """The flood from a process of its own: its client work must not slow the customers' event loop."""
    phase = Phase("flood")
    asyncio.run(flooder(base, time.monotonic() + seconds, connections, phase))
    out.put(phase)


async def run_phase(base: str, args: argparse.Namespace, flood: bool, seconds: float) -> Phase:
    phase = Phase("with flood" if flood else "alone")
    results: multiprocessing.Queue[Phase] = multiprocessing.Queue()
    process = multiprocessing.Process(target=flood_process, args=(base, seconds, args.flooders, results))
    if flood:
        process.start()
    until = time.monotonic() + seconds
    await asyncio.gather(*(customer(base, n, until, args.think, phase) for n in range(args.customers)))
    phase.load = os.getloadavg()
    if flood:
        flooded = results.get(timeout=300)
        process.join()
        phase.flood_sent, phase.flood_codes = flooded.flood_sent, flooded.flood_codes
    return phase


def report(phases: list[Phase], args: argparse.Namespace, load_before: tuple[float, ...]) -> dict[str, object]:
    alone, flooded = phases
    limits = "off" if args.no_limits else "on (defaults)"
    print(f"rate limits {limits}; {args.customers} customers, think {args.think} s, {args.seconds:.0f} s a phase")
    print(f"{os.cpu_count()} cores; load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
    for phase in phases:
        print(
            f"{phase.name:>10}: {len(phase.replies)} replies, p50 {phase.percentile(50) * 1000:.0f} ms, "
            f"p99 {phase.percentile(99) * 1000:.0f} ms, customers refused {phase.refused}; "
            f"load {phase.load[0]:.2f} {phase.load[1]:.2f} {phase.load[2]:.2f}"
        )
    refused, codes = flooded.flood_codes.get(429, 0), dict(sorted(flooded.flood_codes.items()))
    print(f"flood: {flooded.flood_sent} requests, {refused} answered 429, codes {codes}")
    ratios = {q: flooded.percentile(q) / alone.percentile(q) for q in (50, 99)}
    print(f"with flood / alone: p50 x{ratios[50]:.2f}, p99 x{ratios[99]:.2f}")
    return {
        "limits": not args.no_limits,
        "cores": os.cpu_count(),
        "load_before": load_before,
        "phases": [
            {
                "name": p.name,
                "replies": len(p.replies),
                "p50_ms": p.percentile(50) * 1000,
                "p99_ms": p.percentile(99) * 1000,
                "refused": p.refused,
                "load": p.load,
            }
            for p in phases
        ],
        "flood_requests": flooded.flood_sent,
        "flood_codes": flooded.flood_codes,
        "ratio_p50": ratios[50],
        "ratio_p99": ratios[99],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of untimed customers first")
    parser.add_argument("--think", type=float, default=1.0, help="a customer's pause between reply and question")
    parser.add_argument("--flooders", type=int, default=20, help="the flooding client's concurrent connections")
    parser.add_argument("--no-limits", action="store_true", help="serve with every TANDEM_RATE_* limit off")
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="tandem-flood-") as tmp, server(args, Path(tmp)) as base:
        asyncio.run(run_phase(base, args, False, args.warmup))  # the first replies load the model's caches
        phases = [asyncio.run(run_phase(base, args, flood, args.seconds)) for flood in (False, True)]
    figures = report(phases, args, load_before)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
