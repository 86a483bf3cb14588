"""Which CPUs a web worker keeps its threads on (tandem.api.affinity), and the setting that says how."""

import pytest
from pydantic import ValidationError

from tandem.api import affinity
from tandem.api.affinity import choose
from tandem.settings import PinCpu, Settings


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


@pytest.mark.parametrize(
    ("written", "mode"),
    [("auto", PinCpu.AUTO), ("on", PinCpu.ON), ("true", PinCpu.ON), ("1", PinCpu.ON), ("OFF", PinCpu.OFF),
     ("false", PinCpu.OFF), (" no ", PinCpu.OFF)],
)  # fmt: skip
def test_pin_cpu_reads_a_mode_or_a_switch(written: str, mode: PinCpu, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANDEM_PIN_CPU", written)
    assert Settings().pin_cpu is mode


def test_pin_cpu_is_auto_unless_set_and_refuses_other_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TANDEM_PIN_CPU", raising=False)
    assert Settings().pin_cpu is PinCpu.AUTO
    monkeypatch.setenv("TANDEM_PIN_CPU", "sometimes")
    with pytest.raises(ValidationError, match="'auto', 'on' or 'off'"):
        Settings()


def test_an_app_built_inside_another_program_pins_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(affinity, "worker_index", None)  # no server entry point said which worker this is
    assert affinity.pin_worker() is None
