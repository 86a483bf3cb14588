"""`tandem serve --workers 2`: two worker processes forked after the models are loaded, sharing them, each
answering customers on a CPU of its own; SIGINT stops them all. `tandem serve` with one worker, by default: its
threads on one CPU, its loaded heap frozen."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tandem.nlu.intent_model import IntentModel

REDIS_URL = "redis://127.0.0.1:6379/0"
START_TIMEOUT_S = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]


def shared_mb(pid: int) -> float:
    """Memory of `pid` that other processes map too (shared clean + shared dirty), MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    return sum(int(fields[key].split()[0]) for key in ("Shared_Clean", "Shared_Dirty")) / 1024


def thread_cpus(pid: int) -> set[str]:
    """The CPUs each thread of `pid` may run on, as /proc says them ("0", "0-1")."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        status = dict(line.split(":", 1) for line in (task / "status").read_text().splitlines() if ":" in line)
        found.add(status["Cpus_allowed_list"].strip())
    return found


def wait_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    pytest.fail("the server did not become healthy")


def ask(base: str, question: str) -> dict[str, object]:
    opened = httpx.post(f"{base}/api/v1/conversations", json={"domain": "ecommerce", "customer": {"name": "A"}})
    assert opened.status_code == 201, opened.text
    body = opened.json()
    posted = httpx.post(
        f"{base}/api/v1/conversations/{body['id']}/messages",
        json={"text": question},
        headers={"Authorization": f"Bearer {body['token']}"},
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    reply: dict[str, object] = posted.json()
    return reply


@contextmanager
def serving(
    tmp_path: Path, database_url: str, model_dir: Path, workers: int, **extra: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`tandem serve --demo --workers N` on the ecommerce pack, healthy; its log in tmp_path/serve.log. `extra`: more
    TANDEM_* settings (TANDEM_PIN_CPU at its default unless one sets it). A failed check kills it and its forked
    workers."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "TANDEM_PIN_CPU"}
    env |= {
        "TANDEM_DATABASE_URL": database_url,
        "TANDEM_DATA_DIR": str(tmp_path),
        "TANDEM_MODEL_DIR": str(model_dir),
        "TANDEM_DOMAINS": "ecommerce",
        **{f"TANDEM_{name.upper()}": value for name, value in extra.items()},
    }
    command = [sys.executable, "-m", "tandem", "serve", "--demo", "--workers", str(workers), "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, server)
        yield server, base
    finally:
        if server.poll() is None:  # a failed check: its forked workers go too, not only the parent
            for worker in children(server.pid):
                os.kill(worker, signal.SIGKILL)
            server.kill()
            server.wait()
        log.close()


def test_two_forked_workers_share_the_models_answer_and_stop_on_sigint(
    fresh_database_url: str, tmp_path: Path, ecommerce_model: IntentModel, model_dir: Path
) -> None:
    # pin_cpu on: each worker stays where it started (auto may move one: test_cpu_follow.py)
    with serving(tmp_path, fresh_database_url, model_dir, 2, redis_url=REDIS_URL, pin_cpu="on") as (server, base):
        workers = children(server.pid)
        assert len(workers) == 2
        # The encoder's weights (tens of MB) and the models were loaded before the fork: both workers map them.
        assert all(shared_mb(worker) > 50 for worker in workers)
        if len(os.sched_getaffinity(0)) >= 2:  # every thread of a worker on one CPU, each worker on its own
            pinned = [thread_cpus(worker) for worker in workers]
            assert all(len(cpus) == 1 and "-" not in next(iter(cpus)) for cpus in pinned), pinned
            assert pinned[0] != pinned[1]
        for question in ("what is your return policy?", "quelle est votre politique de retour ?"):
            reply = ask(base, question)
            assert reply["status"] == "bot"
            assert [r["author"] for r in reply["replies"]] == ["ai"]  # type: ignore[index, union-attr]
        server.send_signal(signal.SIGINT)
        assert server.wait(60) == 0
        assert not any(Path(f"/proc/{worker}").exists() for worker in workers)
    assert "Application shutdown complete" in (tmp_path / "serve.log").read_text()


def test_one_worker_keeps_its_threads_on_one_cpu_by_default(
    fresh_database_url: str, tmp_path: Path, ecommerce_model: IntentModel, model_dir: Path
) -> None:
    with serving(tmp_path, fresh_database_url, model_dir, 1) as (server, base):
        assert ask(base, "what is your return policy?")["status"] == "bot"
        cpus = thread_cpus(server.pid)
        if len(os.sched_getaffinity(0)) >= 2:
            assert len(cpus) == 1 and "-" not in next(iter(cpus)) and "," not in next(iter(cpus)), cpus
        server.send_signal(signal.SIGINT)
        assert server.wait(60) == 0
    log = (tmp_path / "serve.log").read_text()
    assert "worker 0 on CPU" in log
    # Its models, encoders and lexicons out of the garbage collector's reach (tandem.api.heap).
    frozen = re.search(r"worker 0: (\d+) objects out of the garbage collector's reach", log)
    assert frozen is not None and int(frozen[1]) > 50_000, log[-2000:]
