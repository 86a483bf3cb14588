"""A pinned worker that moves to a quieter CPU (`TANDEM_PIN_CPU=auto`, the default).

Kept on one CPU, a worker's threads stop handing its lock (the GIL) from core to core (tandem.api.affinity). Kept
there for good, it would also stay on a CPU that something else keeps busy, and two servers on one host, or two
containers that both see the host's CPUs, would each put their first worker on the first CPU. So every
`CHECK_EVERY_SECONDS` the worker reads what each CPU did meanwhile (`/proc/stat`, the whole machine: other
programs, other containers, the database, other workers) less what it used itself (`os.times`), and moves its
threads to the CPUs the others used least when those were quieter than its own by more than `MARGIN` of a core.
The margin keeps it from moving back and forth when the machine is evenly busy; two workers that landed on one
CPU see each other as "others" and part at the next checks.
"""

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from tandem.api import affinity

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 2.0
MARGIN = 0.25  # of a core: how much less the others must have used other CPUs for the worker to move there
# user, system, irq, softirq, steal; not idle nor iowait, and not nice: work at a lower priority (a positive nice
# value) gives way to the worker's at once, so a CPU it keeps busy is as good as free.
_BUSY_FIELDS = (0, 2, 5, 6, 7)
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def busy_seconds(stat: str) -> dict[int, float]:
    """Each CPU's busy time so far, in seconds, from the text of `/proc/stat`."""
    busy: dict[int, float] = {}
    for line in stat.splitlines():
        name, _, rest = line.partition(" ")
        if name.startswith("cpu") and name[3:].isdigit():
            fields = rest.split()
            busy[int(name[3:])] = sum(int(fields[i]) for i in _BUSY_FIELDS if i < len(fields)) / _TICKS
    return busy


def quietest(others: dict[int, float], current: set[int], width: int, margin: float) -> set[int] | None:
    """The `width` CPUs of `others` (each CPU's use by everything but this worker, in cores) the others used least,
    if they used at least `margin` less than on `current`; None to stay. On a tie the current CPUs are kept."""
    ranked = sorted(others, key=lambda cpu: (others[cpu], cpu not in current, cpu))
    best = set(ranked[:width])
    if best == current:
        return None
    here = sum(others.get(cpu, 0.0) for cpu in current)
    there = sum(others[cpu] for cpu in best)
    return best if here - there > margin else None


def _read_stat() -> str:
    return Path("/proc/stat").read_text()


def _own_seconds() -> float:
    times = os.times()
    return times.user + times.system


class CpuFollower:
    """Moves this worker's threads to quieter CPUs of `allowed` (see the module's docstring); `step` is one check."""

    def __init__(
        self,
        cpus: set[int],
        allowed: set[int],
        read_stat: Callable[[], str] = _read_stat,
        own_seconds: Callable[[], float] = _own_seconds,
        pin: Callable[[set[int]], None] = affinity.pin_threads,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cpus, self.allowed = set(cpus), set(allowed)
        self._read_stat, self._own_seconds, self._pin, self._clock = read_stat, own_seconds, pin, clock
        self._last = self._reading()

    def _reading(self) -> tuple[float, dict[int, float], float]:
        return self._clock(), busy_seconds(self._read_stat()), self._own_seconds()

    def step(self) -> set[int] | None:
        """Check once: the CPUs moved to, or None when the worker stays."""
        (then, busy_then, own_then), (now, busy_now, own_now) = self._last, self._reading()
        self._last = (now, busy_now, own_now)
        elapsed = now - then
        if elapsed <= 0:
            return None
        others = {cpu: (busy_now.get(cpu, 0.0) - busy_then.get(cpu, 0.0)) / elapsed for cpu in self.allowed}
        mine = (own_now - own_then) / elapsed
        for cpu in self.cpus & others.keys():  # what the worker used, spread over the CPUs it was on
            others[cpu] = max(0.0, others[cpu] - mine / len(self.cpus))
        target = quietest(others, self.cpus, len(self.cpus), MARGIN)
        # Every check pins every thread again: one started while the last move went through keeps its old CPUs.
        self._pin(target or self.cpus)
        if target is not None:
            used = sum(others[cpu] for cpu in self.cpus)
            log.info("worker %s moves from CPU %s to CPU %s: other programs used %.2f core there",
                     affinity.worker_index, sorted(self.cpus), sorted(target), used)  # fmt: skip
            self.cpus = target
        return target
