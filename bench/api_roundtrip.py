"""AI-reply round trip over HTTP: N concurrent customers against `tandem serve`, on SQLite and on PostgreSQL,
and the same client against a bare FastAPI JSON endpoint (bench/bare_fastapi.py) as the reference.

HF_HUB_OFFLINE=1 python bench/api_roundtrip.py [--db sqlite|postgresql|all] [--customers 50] [--messages 1000]
                                               [--client raw|httpx] [--workers N ...] [--server-env NAME=VALUE ...]
                                               [--compare-env NAME=VALUE[,NAME=VALUE] ...] [--json OUT]

Each simulated customer opens a conversation, asks up to --per-conversation distinct questions in one language
(ecommerce questions the AI answers from its knowledge base, English or French), then opens a new one; the
next message goes as soon as the reply is read (closed loop, no think time unless --think). Each customer has
a keep-alive connection of its own (bench/raw_http.py; `--client httpx` shares one httpx client instead, which
costs more CPU than the bare server and sets its figures). A message's time is from the request being sent to
the whole response read. The first --warmup messages of every customer are not timed: their longest is the
"cold max", the first messages after the server started. Every server is started here (`tandem serve
--workers N`, one worker unless --workers says more) and stopped at the end; its temporary data directory and
PostgreSQL schema are removed. The server's CPU is that of all its processes (workers, encoder processes); its
memory (RSS, PSS, USS) is read after the load. The triage alone (bench/triage_latency.py, one message at a time,
the servers' BLAS threads) runs at the start and the end of the same run, and again between servers: a server's
CPU per message is compared with the mean of the triage measured just before it and just after it, as the
machine's speed changes during a run.
"""

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import numpy as np
import psycopg
from raw_http import RawClient, RawError, RawResponse
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from servers import free_port, stop, tree_cpu_s, tree_memory_mb, wait_healthy
from sqlalchemy import make_url

BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_MODEL_DIR = Path(tempfile.gettempdir()) / "tandem-bench-models"
START_TIMEOUT_S = 900.0  # the first start trains the ecommerce model (about a minute, more on a busy machine)
STOP_TIMEOUT_S = 20.0
KEEPALIVE_S = 2.0
TICK = os.sysconf("SC_CLK_TCK")
TRIAGE_MESSAGES = 1000
Client = httpx.AsyncClient | RawClient
Reply = httpx.Response | RawResponse

# One question per knowledge-base intent of the ecommerce pack, each answered by the AI (checked with
# `tandem triage --domain ecommerce`): a conversation never repeats an intent, which would escalate.
QUESTIONS = {
    "en": (
        "what is your return policy?",
        "how long does delivery take and how much does shipping cost?",
        "which payment methods do you accept?",
        "I forgot my password and can't log in",
        "my promo code isn't working",
        "how do I know which size to pick?",
        "when will this item be back in stock?",
        "how long is the warranty on your products?",
        "can I get an invoice for my purchase?",
        "do you sell gift cards?",
    ),
    "fr": (
        "quelle est votre politique de retour ?",
        "combien coûte la livraison et quels sont les délais ?",
        "quels moyens de paiement acceptez-vous ?",
        "j'ai oublié mon mot de passe",
        "mon code promo ne fonctionne pas",
        "comment choisir ma taille ?",
        "quand cet article sera-t-il de nouveau disponible ?",
        "quelle est la durée de la garantie ?",
        "je voudrais une facture pour ma commande",
        "vous vendez des cartes cadeaux ?",
    ),
}


@dataclass
class Run:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    cold_ms: list[float] = field(default_factory=list)  # the warm-up messages: the first ones after the start
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    ai_replies: int = 0
    escalated: int = 0
    conversations: int = 0
    wall_s: float = 0.0
    server_cpu_s: float | None = None
    client_cpu_s: float = 0.0
    others_cpu_s: float | None = None  # everything else on the machine during the timed phase
    health_ms: list[float] = field(default_factory=list)
    health_failures: int = 0
    memory_mb: list[dict[str, float | int]] = field(default_factory=list)  # each server process after the load
    triage_cpu_ms: float | None = None  # the triage alone, measured just before this server's run
    triage_cpu_ms_after: float | None = None  # and just after it (before the next one's, or at the end)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(what)

    def summary(self) -> dict[str, float | int | str | None]:
        lat = np.asarray(self.latencies_ms) if self.latencies_ms else np.asarray([float("nan")])
        n = len(self.latencies_ms)
        return {
            "name": self.name,
            "messages": n,
            "conversations": self.conversations,
            "p50_ms": round(float(np.percentile(lat, 50)), 2),
            "p95_ms": round(float(np.percentile(lat, 95)), 2),
            "p99_ms": round(float(np.percentile(lat, 99)), 2),
            "mean_ms": round(float(np.mean(lat)), 2),
            "max_ms": round(float(np.max(lat)), 2),
            "cold_max_ms": round(max(self.cold_ms), 1) if self.cold_ms else None,
            "throughput_per_s": round(n / self.wall_s, 1) if self.wall_s else None,
            "triage_cpu_ms_before": self.triage_cpu_ms,
            "triage_cpu_ms_after": self.triage_cpu_ms_after,
            "errors": self.errors,
            "ai_reply_share": round(self.ai_replies / n, 4) if n else None,
            "escalated": self.escalated,
            "wall_s": round(self.wall_s, 2),
            "server_cpu_ms_per_msg": round(1000 * self.server_cpu_s / n, 2) if n and self.server_cpu_s else None,
            "healthz_p50_ms": round(float(np.percentile(self.health_ms, 50)), 1) if self.health_ms else None,
            "healthz_max_ms": round(max(self.health_ms), 1) if self.health_ms else None,
            "healthz_failures": self.health_failures,
            "client_cpu_s": round(self.client_cpu_s, 2),
            "client_cpu_cores": round(self.client_cpu_s / self.wall_s, 2) if self.wall_s else None,
            "server_cpu_cores": round(self.server_cpu_s / self.wall_s, 2)
            if self.server_cpu_s is not None and self.wall_s
            else None,
            "others_cpu_cores": round(self.others_cpu_s / self.wall_s, 2)
            if self.others_cpu_s is not None and self.wall_s
            else None,
            "processes": len(self.memory_mb),
            "rss_mb": round(sum(m["rss"] for m in self.memory_mb), 1) if self.memory_mb else None,
            "pss_mb": round(sum(m["pss"] for m in self.memory_mb), 1) if self.memory_mb else None,
            "uss_mb": round(sum(m["uss"] for m in self.memory_mb), 1) if self.memory_mb else None,
        }


# ------------------------------------------------------------------ servers


@contextmanager
def serving(
    name: str, command: list[str], env: dict[str, str], log: Path, console: Console
) -> Iterator[tuple[str, int]]:
    """Start a server on a free port, wait for /healthz, yield (base URL, pid), stop it whatever happens."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*command, "--port", str(port)],
            env=env,
            cwd=BENCH_DIR.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C of the benchmark reaches it only through our own clean-up
        )
        try:
            base = f"http://127.0.0.1:{port}"
            with console.status(f"starting {name} (log: {log})"):
                wait_healthy(base, proc, log, START_TIMEOUT_S)
            yield base, proc.pid
        finally:
            stop(proc, STOP_TIMEOUT_S)


@contextmanager
def pg_schema(base_url: str) -> Iterator[str]:
    """A fresh schema for one run, dropped afterwards: no other table is touched."""
    schema = f"bench_roundtrip_{secrets.token_hex(4)}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def tandem_url(base_url: str, schema: str) -> str:
    url = make_url(base_url).set(drivername="postgresql+psycopg", query={"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def start_profiler(pid: int, out: Path) -> subprocess.Popen:
    """py-spy (not a project dependency: install it yourself) sampling the server until stopped."""
    out.parent.mkdir(parents=True, exist_ok=True)
    spy = shutil.which("py-spy") or str(VENV_BIN / "py-spy")
    command = [spy, "record", "--pid", str(pid), "--subprocesses", "--format", "raw", "--rate", "200"]
    command += ["--output", str(out)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def machine_busy_s() -> float | None:
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except OSError:
        return None
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / TICK


# ------------------------------------------------------------------ load


class Customer:
    """One simulated customer of the product: conversations of distinct questions in one language."""

    def __init__(self, index: int, per_conversation: int) -> None:
        self._rng = random.Random(index)
        self._language = "en" if index % 2 == 0 else "fr"
        self._per_conversation = per_conversation
        self._pending: list[str] = []
        self._conversation: tuple[str, dict[str, str]] | None = None

    async def send(self, client: Client, run: Run, timed: bool) -> tuple[float, Reply] | None:
        if not self._pending:
            opened = await client.post(
                "/api/v1/conversations", json={"domain": "ecommerce", "language": None, "customer": {"name": "Bench"}}
            )
            if opened.status_code != 201:
                run.error(f"open {opened.status_code}: {opened.text[:200]}")
                return None
            body = opened.json()
            self._conversation = (body["id"], {"Authorization": f"Bearer {body['token']}"})
            self._pending = self._rng.sample(QUESTIONS[self._language], self._per_conversation)
            if timed:
                run.conversations += 1
        assert self._conversation is not None
        conversation_id, headers = self._conversation
        payload = {"text": self._pending.pop(), "client_message_id": str(uuid.uuid4())}
        start = time.perf_counter()
        response = await client.post(f"/api/v1/conversations/{conversation_id}/messages", json=payload, headers=headers)
        return (time.perf_counter() - start) * 1000, response

    @staticmethod
    def check(response: Reply, run: Run) -> None:
        if response.status_code != 201:
            run.error(f"message {response.status_code}: {response.text[:200]}")
            return
        body = response.json()
        run.ai_replies += any(reply["author"] == "ai" for reply in body["replies"])
        run.escalated += body["status"] != "bot"


class Echo:
    """The same client and payload against the bare reference's /echo."""

    def __init__(self, index: int, _per_conversation: int) -> None:
        self._rng = random.Random(index)
        self._language = "en" if index % 2 == 0 else "fr"
        self._headers = {"Authorization": f"Bearer {secrets.token_urlsafe(180)}"}  # a token of Tandem's size

    async def send(self, client: Client, run: Run, timed: bool) -> tuple[float, Reply] | None:
        payload = {"text": self._rng.choice(QUESTIONS[self._language]), "client_message_id": str(uuid.uuid4())}
        start = time.perf_counter()
        response = await client.post("/echo", json=payload, headers=self._headers)
        return (time.perf_counter() - start) * 1000, response

    @staticmethod
    def check(response: Reply, run: Run) -> None:
        if response.status_code != 201:
            run.error(f"echo {response.status_code}: {response.text[:200]}")


async def drive(
    base: str,
    kind: type[Customer] | type[Echo],
    args: argparse.Namespace,
    run: Run,
    warmed_up: Callable[[], None],
    advance: Callable[[], None],
) -> None:
    each = -(-args.messages // args.customers)
    async with contextlib.AsyncExitStack() as stack:
        if args.client == "raw":  # a connection of its own for every customer (bench/raw_http.py says why)
            clients: list[Client] = [
                await stack.enter_async_context(RawClient(base, timeout=120)) for _ in range(args.customers)
            ]
        else:
            # uvicorn drops a connection idle for 5 s: reusing one at that moment fails with ReadError, so give it
            # up first.
            limits = httpx.Limits(
                max_connections=args.customers, max_keepalive_connections=args.customers, keepalive_expiry=KEEPALIVE_S
            )
            shared = await stack.enter_async_context(httpx.AsyncClient(base_url=base, limits=limits, timeout=120))
            clients = [shared] * args.customers
        customers = [kind(i, args.per_conversation) for i in range(args.customers)]

        async def one(customer: Customer | Echo, client: Client, count: int, timed: bool) -> None:
            for _ in range(count):
                try:
                    sent = await customer.send(client, run, timed)
                except RawError as exc:
                    run.error(str(exc))
                    continue
                except httpx.HTTPError as exc:
                    request = (
                        f"{exc.request.method} {exc.request.url.path}" if isinstance(exc, httpx.RequestError) else ""
                    )
                    run.error(f"{type(exc).__name__} on {request}: {exc.__context__!r}")
                    continue
                if sent is None:
                    continue
                elapsed, response = sent
                if timed:
                    run.latencies_ms.append(elapsed)
                    customer.check(response, run)
                    advance()
                else:
                    run.cold_ms.append(elapsed)
                    if response.status_code != 201:  # not timed, but an error all the same
                        run.error(f"warm-up {response.status_code}: {response.text[:200]}")
                if args.think:
                    await asyncio.sleep(args.think)

        pairs = list(zip(customers, clients, strict=True))
        await asyncio.gather(*(one(c, client, args.warmup, False) for c, client in pairs))
        warmed_up()
        probe = asyncio.create_task(probe_health(base, run))
        try:
            await asyncio.gather(*(one(c, client, each, True) for c, client in pairs))
        finally:
            probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await probe


async def probe_health(base: str, run: Run) -> None:
    """What a load balancer's health check sees during the load: GET /healthz twice a second, own connection."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        while True:
            start = time.perf_counter()
            try:
                ok = (await client.get("/healthz")).status_code == 200
            except httpx.HTTPError:
                ok = False
            run.health_ms.append((time.perf_counter() - start) * 1000)
            run.health_failures += not ok
            await asyncio.sleep(0.5)


@dataclass
class Clocks:
    """Wall clock and CPU counters, read when the timed phase starts and again when it ends."""

    wall: float
    server: float | None
    machine: float | None
    client: float

    @classmethod
    def read(cls, pid: int) -> "Clocks":
        return cls(time.perf_counter(), tree_cpu_s(pid), machine_busy_s(), time.process_time())


def measure(name: str, base: str, pid: int, kind: type, args: argparse.Namespace, progress: Progress) -> Run:
    run = Run(name)
    each = -(-args.messages // args.customers)
    task = progress.add_task(name, total=each * args.customers)
    marks: list[Clocks] = []
    profiler: list[subprocess.Popen] = []

    def warmed_up() -> None:
        if args.profile:
            profiler.append(start_profiler(pid, args.profile / f"{name.replace(', ', '-').replace(' ', '-')}.txt"))
        marks.append(Clocks.read(pid))

    try:
        asyncio.run(drive(base, kind, args, run, warmed_up=warmed_up, advance=lambda: progress.advance(task)))
    finally:
        for proc in profiler:
            stop(proc, STOP_TIMEOUT_S)
    start, end = marks[0], Clocks.read(pid)
    run.memory_mb = tree_memory_mb(pid)
    run.wall_s = end.wall - start.wall
    run.client_cpu_s = end.client - start.client
    if start.server is not None and end.server is not None:
        run.server_cpu_s = end.server - start.server
        if start.machine is not None and end.machine is not None:
            run.others_cpu_s = max(0.0, end.machine - start.machine - run.server_cpu_s - run.client_cpu_s)
    return run


# ------------------------------------------------------------------ main


def product_env(
    args: argparse.Namespace, data_dir: Path, database_url: str | None, also: dict[str, str] | None = None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    env.update(
        HF_HUB_OFFLINE="1",
        TANDEM_DOMAINS="ecommerce",
        TANDEM_DATA_DIR=str(data_dir),
        TANDEM_MODEL_DIR=str(args.model_dir),
        # Every simulated customer comes from 127.0.0.1: per-address rate limits would refuse most of them.
        TANDEM_RATE_ADDRESS_MESSAGES="0",
        TANDEM_RATE_ADDRESS_CONVERSATIONS="0",
    )
    if database_url:
        env["TANDEM_DATABASE_URL"] = database_url
    return {**env, **args.server_env, **(also or {})}


def run_product(
    db: str,
    workers: int,
    args: argparse.Namespace,
    progress: Progress,
    console: Console,
    source: Path | None = None,
    also: dict[str, str] | None = None,
) -> Run:
    """One `tandem serve` on `db` under the load; `source`: another checkout's src/ (the code before a change);
    `also`: more environment for this server only (`--compare-env`)."""
    command = [str(VENV_BIN / "tandem"), "serve", "--demo", "--workers", str(workers)]
    name = f"tandem, {'SQLite' if db == 'sqlite' else 'PostgreSQL'}" + (f", {workers} workers" if workers > 1 else "")
    name += f" (code of {source.parent.name})" if source else ""
    name += "".join(f" ({key}={value})" for key, value in (also or {}).items())
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as tmp:
        data_dir = Path(tmp)
        log = data_dir / "server.log"
        if db == "sqlite":
            env = with_source(product_env(args, data_dir, None, also), source)
            with serving(name, command, env, log, console) as (base, pid):
                run = measure(name, base, pid, Customer, args, progress)
        else:
            with pg_schema(args.pg_url) as schema:
                env = with_source(product_env(args, data_dir, tandem_url(args.pg_url, schema), also), source)
                with serving(name, command, env, log, console) as (base, pid):
                    run = measure(name, base, pid, Customer, args, progress)
        keep_log(run, log, console)
        return run


def run_bare(args: argparse.Namespace, progress: Progress, console: Console) -> Run:
    command = [sys.executable, "-m", "uvicorn", "bare_fastapi:app", "--app-dir", str(BENCH_DIR)]
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as tmp:
        log = Path(tmp) / "server.log"
        with serving("bare FastAPI", command, {**os.environ, **args.server_env}, log, console) as (base, pid):
            run = measure("bare FastAPI", base, pid, Echo, args, progress)
        keep_log(run, log, console)
        return run


def with_source(env: dict[str, str], source: Path | None) -> dict[str, str]:
    return {**env, "PYTHONPATH": str(source)} if source else env


def run_triage(args: argparse.Namespace, console: Console) -> dict[str, float]:
    """bench/triage_latency.py on the ecommerce model, one message at a time, with the servers' BLAS threads."""
    threads = args.server_env.get("TANDEM_BLAS_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as tmp:
        out = Path(tmp) / "triage.json"
        command = [sys.executable, str(BENCH_DIR / "triage_latency.py"), "--domain", "ecommerce"]
        command += ["--messages", str(TRIAGE_MESSAGES), "--blas-threads", threads, "--json", str(out)]
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TANDEM_MODEL_DIR": str(args.model_dir)}
        with console.status("triage alone (bench/triage_latency.py)"):
            subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        figures: dict[str, float] = json.loads(out.read_text())
        return figures


def keep_log(run: Run, log: Path, console: Console) -> None:
    """A run with errors keeps its server's log (the temporary directory goes)."""
    if run.errors:
        kept = Path(tempfile.gettempdir()) / f"api_roundtrip-{run.name.replace(', ', '-').replace(' ', '-')}.log"
        shutil.copyfile(log, kept)
        console.print(f"[red]{run.name}: {run.errors} errors; server log kept at {kept}[/]")


def table(rows: list[dict], triage: dict[str, float] | None) -> Table:
    out = Table(title="message POST round trip, ms (healthz: GET /healthz twice a second during the load)")
    columns = ("server", "msgs", "p50", "p95", "p99", "max", "cold max", "msgs/s", "÷ bare", "errors", "AI reply")
    columns += ("srv CPU/msg", "÷ triage", "cores srv/client/rest", "RSS/PSS/USS MB (procs)", "healthz p50/max")
    for column in columns:
        out.add_column(column, justify="left" if column == "server" else "right")
    for r in rows:
        cpu = ("server_cpu_cores", "client_cpu_cores", "others_cpu_cores")
        memory = ("rss_mb", "pss_mb", "uss_mb")
        out.add_row(
            r["name"],
            str(r["messages"]),
            *(f"{r[k]:.1f}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")),
            "" if r["cold_max_ms"] is None else f"{r['cold_max_ms']:.0f}",
            f"{r['throughput_per_s']}",
            "" if r.get("throughput_vs_bare") is None else f"{100 * r['throughput_vs_bare']:.0f}%",
            str(r["errors"]),
            "" if r["ai_reply_share"] is None or r["name"] == "bare FastAPI" else f"{100 * r['ai_reply_share']:.1f}%",
            "" if r["server_cpu_ms_per_msg"] is None else f"{r['server_cpu_ms_per_msg']:.1f}",
            "" if r.get("cpu_vs_triage") is None else f"{r['cpu_vs_triage']:.2f}×",
            "/".join("?" if r[k] is None else f"{r[k]:.2f}" for k in cpu),
            "" if r["rss_mb"] is None else "/".join(f"{r[k]:.0f}" for k in memory) + f" ({r['processes']})",
            "" if r["healthz_p50_ms"] is None else f"{r['healthz_p50_ms']:.0f}/{r['healthz_max_ms']:.0f}",
        )
    if triage is not None:
        out.caption = (
            f"triage alone (bench/triage_latency.py, ecommerce, {triage['messages']} messages one at a time, "
            f"{triage['blas_threads']} BLAS thread): CPU {triage['cpu_ms_per_msg']:.2f} ms/msg, "
            f"p50 {triage['p50_ms']:.2f} ms, p99 {triage['p99_ms']:.2f} ms, at the start; "
            "÷ triage: over the mean of the triage measured just before and just after that server"
        )
    return out


def compare(rows: list[dict], triage: dict[str, float] | None) -> None:
    """Each Tandem row's throughput as a share of the bare endpoint's and its CPU per message over the triage's."""
    bare = next((r for r in rows if r["name"] == "bare FastAPI"), None)
    for r in rows:
        if r is bare:
            continue
        if bare is not None and bare["throughput_per_s"]:
            r["throughput_vs_bare"] = round(r["throughput_per_s"] / bare["throughput_per_s"], 3)
            r["p50_vs_bare"] = round(r["p50_ms"] / bare["p50_ms"], 2)
            r["p99_vs_bare"] = round(r["p99_ms"] / bare["p99_ms"], 2)
        # The triage measured on both sides of the server: the machine's own speed drifts by a fifth in minutes.
        sides = [r[key] for key in ("triage_cpu_ms_before", "triage_cpu_ms_after") if r.get(key)]
        reference = sum(sides) / len(sides) if sides else (triage or {}).get("cpu_ms_per_msg")
        if reference and r["server_cpu_ms_per_msg"]:
            r["cpu_vs_triage"] = round(r["server_cpu_ms_per_msg"] / reference, 2)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "all"), default="all")
    parser.add_argument("--customers", type=int, default=50, help="concurrent simulated customers")
    parser.add_argument("--messages", type=int, default=1000, help="timed messages per server, all customers")
    parser.add_argument("--warmup", type=int, default=2, help="untimed messages per customer first")
    parser.add_argument("--per-conversation", type=int, default=5, help="questions before a new conversation")
    parser.add_argument(
        "--client", choices=("raw", "httpx"), default="raw", help="the load's HTTP client (bench/raw_http.py)"
    )
    parser.add_argument("--think", type=float, default=0.0, help="seconds a customer waits between messages")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare FastAPI reference")
    parser.add_argument("--no-triage", action="store_true", help="skip the triage-alone reference")
    parser.add_argument(
        "--workers", type=int, action="append", help="`tandem serve --workers N`, one server per value (default 1)"
    )
    parser.add_argument(
        "--before", type=Path, help="also serve (one worker) the code in this src/ directory, e.g. an older commit's"
    )
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL database for a throw-away schema")
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR, help="model cache kept across runs")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--profile", type=Path, help="py-spy each server's timed phase into this folder (raw stacks)")
    parser.add_argument(
        "--server-env", action="append", default=[], metavar="NAME=VALUE", help="extra environment of the servers"
    )
    parser.add_argument(
        "--compare-env",
        action="append",
        default=[],
        metavar="NAME=VALUE[,NAME=VALUE...]",
        help="also serve today's code (one worker) with this environment, e.g. TANDEM_PIN_CPU=true; each use of the "
        "option is one more server",
    )
    args = parser.parse_args()
    try:
        args.server_env = dict(item.split("=", 1) for item in args.server_env)
        args.compare_env = [dict(part.split("=", 1) for part in item.split(",")) for item in args.compare_env]
    except ValueError:
        parser.error("--server-env and --compare-env take NAME=VALUE")
    if not 1 <= args.per_conversation <= len(QUESTIONS["en"]):
        parser.error(f"--per-conversation must be 1 to {len(QUESTIONS['en'])}")
    args.workers = args.workers or [1]
    args.model_dir.mkdir(parents=True, exist_ok=True)
    return args


def main() -> None:
    args = parse()
    console = Console(highlight=False, width=max(Console().width, 150))
    databases = ("sqlite", "postgresql") if args.db == "all" else (args.db,)
    load_before = os.getloadavg()
    started = datetime.now(UTC)
    runs: list[Run] = []
    triage = None if args.no_triage else run_triage(args, console)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        if not args.no_bare:
            runs.append(run_bare(args, progress, console))
        servers = [(db, 1, args.before.resolve(), None) for db in databases if args.before]
        servers += [(db, workers, None, None) for db in databases for workers in args.workers]
        servers += [(db, 1, None, also) for db in databases for also in args.compare_env]
        servers.sort(key=lambda server: databases.index(server[0]))  # each database's runs together
        for db, workers, source, also in servers:
            # The triage alone again just before each server: the machine's load changes during a run.
            before = None if triage is None else run_triage(args, console)["cpu_ms_per_msg"]
            runs.append(run_product(db, workers, args, progress, console, source, also))
            runs[-1].triage_cpu_ms = before
    # The triage again at the end: the machine's load may have changed during the run.
    triage_end = run_triage(args, console) if triage is not None else None
    products = [run for run in runs if run.triage_cpu_ms is not None]
    for run, following in itertools.pairwise(products):
        run.triage_cpu_ms_after = following.triage_cpu_ms
    if products and triage_end is not None:
        products[-1].triage_cpu_ms_after = triage_end["cpu_ms_per_msg"]

    rows = [r.summary() for r in runs]
    compare(rows, triage)
    console.print(table(rows, triage))
    load_after = os.getloadavg()
    console.print(
        f"{args.customers} customers, {args.warmup} warm-up messages each, closed loop"
        f"{f' with {args.think} s think time' if args.think else ''}; {os.cpu_count()} CPUs; load average (1 min) "
        f"before {load_before[0]:.2f}, after {load_after[0]:.2f}; cores: CPU used by the server (all its processes), "
        "this client and the rest of the machine during the timed phase; memory of the server's processes after it"
    )
    for run in runs:
        for sample in run.error_samples:
            console.print(f"[red]{run.name}: {sample}[/]")
    if args.json:
        report = {
            "started": started.isoformat(timespec="seconds"),
            "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "triage": triage,
            "triage_end": triage_end,
            "runs": rows,
            "memory_mb": {r.name: r.memory_mb for r in runs},
            "latencies_ms": {r.name: [round(x, 3) for x in r.latencies_ms] for r in runs},
            "error_samples": {r.name: r.error_samples for r in runs if r.error_samples},
        }
        args.json.write_text(json.dumps(report, indent=1))
        console.print(f"figures written to {args.json}")
    if any(r.errors for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
