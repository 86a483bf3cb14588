"""A pinned worker moves to a quieter CPU (tandem.api.cpu_follow): what counts as busy, when it moves, where to."""

import pytest

from tandem.api.cpu_follow import MARGIN, CpuFollower, busy_seconds, quietest

TICKS = 100  # /proc/stat counts in clock ticks (USER_HZ, 100 on Linux)


def stat(*cpus: tuple[int, int, int]) -> str:
    """A /proc/stat text: per CPU its (user, nice, system) ticks, the rest idle."""
    total = [sum(c[i] for c in cpus) for i in range(3)]
    lines = [f"cpu  {total[0]} {total[1]} {total[2]} 1000 0 0 0 0 0 0"]
    lines += [f"cpu{n} {u} {ni} {s} 1000 7 0 0 0 0 0" for n, (u, ni, s) in enumerate(cpus)]
    return "\n".join([*lines, "intr 12345 0 1", "ctxt 999", "procs_running 3"]) + "\n"


def test_busy_time_counts_user_system_irq_and_steal_but_not_nice_idle_or_iowait() -> None:
    text = "cpu  9 9 9 9 9 9 9 9 0 0\ncpu0 100 500 50 9000 300 10 20 30 0 0\ncpu1 1 2 3 4 5 6 7 8 0 0\nctxt 5\n"
    assert busy_seconds(text) == pytest.approx({0: (100 + 50 + 10 + 20 + 30) / TICKS, 1: (1 + 3 + 6 + 7 + 8) / TICKS})


def test_the_quietest_cpus_are_taken_only_when_quieter_by_more_than_the_margin() -> None:
    assert quietest({0: 0.9, 1: 0.1}, {0}, 1, MARGIN) == {1}
    assert quietest({0: 0.3, 1: 0.1}, {0}, 1, MARGIN) is None  # 0.2 core apart: not worth a move
    assert quietest({0: 0.1, 1: 0.9}, {0}, 1, MARGIN) is None  # already on the quietest
    assert quietest({0: 0.5, 1: 0.5}, {1}, 1, MARGIN) is None  # a tie keeps the current CPU


def test_a_worker_on_several_cpus_moves_to_the_quietest_group() -> None:
    others = {0: 0.9, 1: 0.8, 2: 0.0, 3: 0.1}
    assert quietest(others, {0, 1}, 2, MARGIN) == {2, 3}
    assert quietest(others, {1, 2}, 2, MARGIN) == {2, 3}  # 0.8 + 0.0 against 0.1 + 0.0


class Machine:
    """A fake machine: each CPU's busy ticks, the worker's own CPU time, the clock, and where it was pinned."""

    def __init__(self) -> None:
        self.ticks = [[0, 0, 0], [0, 0, 0]]
        self.own = 0.0
        self.now = 0.0
        self.pinned: list[set[int]] = []

    def run(self, seconds: float, on: list[float], mine: float = 0.0, niced: list[float] | None = None) -> None:
        """`seconds` pass; CPU n is busy for on[n] of them (the worker's `mine` included), niced[n] at low priority."""
        self.now += seconds
        self.own += mine * seconds
        for n, share in enumerate(on):
            self.ticks[n][0] += round(share * seconds * TICKS)
            self.ticks[n][1] += round((niced or [0.0, 0.0])[n] * seconds * TICKS)

    def follower(self, cpus: set[int]) -> CpuFollower:
        text = lambda: stat(*(tuple(t) for t in self.ticks))  # noqa: E731
        return CpuFollower(cpus, {0, 1}, text, lambda: self.own, self.pinned.append, lambda: self.now)


def test_the_worker_leaves_a_cpu_another_program_keeps_busy() -> None:
    machine = Machine()
    follower = machine.follower({0})
    machine.run(2.0, on=[1.0, 0.1], mine=0.4)  # the worker used 0.4 of CPU 0, something else 0.6
    assert follower.step() == {1}
    assert follower.cpus == {1}
    assert machine.pinned == [{1}]


def test_the_worker_does_not_count_its_own_use_against_its_cpu() -> None:
    machine = Machine()
    follower = machine.follower({0})
    machine.run(2.0, on=[0.95, 0.0], mine=0.95)  # busy with the worker alone
    assert follower.step() is None
    assert follower.cpus == {0}
    assert machine.pinned == [{0}]  # its threads pinned again where they are: one started meanwhile joins them


def test_a_cpu_busy_only_with_work_at_a_lower_priority_counts_as_free() -> None:
    machine = Machine()
    follower = machine.follower({0})
    machine.run(2.0, on=[1.0, 0.0], mine=0.5, niced=[0.0, 1.0])  # a program shares CPU 0; a nice job fills CPU 1
    assert follower.step() == {1}  # the nice job gives way to the worker at once


def test_each_check_looks_only_at_the_time_since_the_last_one() -> None:
    machine = Machine()
    follower = machine.follower({0})
    machine.run(2.0, on=[1.0, 0.0], mine=0.2)
    assert follower.step() == {1}
    machine.run(2.0, on=[0.0, 1.0], mine=0.3)  # the other program moved to CPU 1 too
    assert follower.step() == {0}  # CPU 0's busy past no longer counts
    assert machine.pinned == [{1}, {0}]
