"""Which CPUs a web worker keeps its threads on (tandem.api.affinity.choose)."""

from tandem.api.affinity import choose


def test_workers_take_the_cpus_in_turn() -> None:
    assert [choose({0, 1}, index, 1) for index in range(3)] == [{0}, {1}, {0}]


def test_only_the_cpus_the_process_may_use_are_taken() -> None:
    assert [choose({2, 5, 7}, index, 1) for index in range(4)] == [{2}, {5}, {7}, {2}]


def test_a_worker_with_several_blas_threads_takes_as_many_cpus() -> None:
    assert choose({0, 1, 2, 3}, 0, 2) == {0, 1}
    assert choose({0, 1, 2, 3}, 1, 2) == {2, 3}


def test_nothing_is_pinned_when_the_worker_would_get_every_cpu_anyway() -> None:
    assert choose({0}, 0, 1) is None
    assert choose({0, 1}, 0, 2) is None
