"""Starting and stopping a real `tandem serve` for the benchmarks that measure it over HTTP."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    """Until /healthz answers 200; raises with the log's tail if the server exits, or after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server not healthy after {timeout_s:.0f} s; see {log}")


def stop(proc: subprocess.Popen[bytes], timeout_s: float = 20.0) -> None:
    """uvicorn's graceful shutdown (the app's lifespan closes the engine), killed if it does not end in time."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants (a server's workers and their encoder processes)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of one process (all its threads); None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu_s(pid: int) -> float | None:
    """CPU seconds of `pid` and its descendants alive now."""
    times = [cpu_s(p) for p in tree(pid)]
    return sum(t for t in times if t is not None) if times[0] is not None else None


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + private dirty) of one process in MB, from /proc/<pid>/smaps_rollup."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        values[key] = int(rest.split()[0]) / 1024
    return {
        "rss": round(values["Rss"], 1),
        "pss": round(values["Pss"], 1),
        "uss": round(values["Private_Clean"] + values["Private_Dirty"], 1),
    }


def tree_memory_mb(pid: int) -> list[dict[str, float | int]]:
    """`memory_mb` of `pid` and each descendant, with its pid."""
    out: list[dict[str, float | int]] = []
    for p in tree(pid):
        try:
            out.append({"pid": p, **memory_mb(p)})
        except OSError:
            continue
    return out
