"""The signal lexicons are built once per process, however many request threads ask for one at the same time."""

import threading

import pytest

from tandem.nlu import lexicon
from tandem.nlu.lexicon import Lexicon, load_lexicon, warm_lexicons


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A process with no lexicon built yet; the list of the builds that happen."""
    monkeypatch.setattr(lexicon, "_BUILT", {})
    seen: list[str] = []
    build = lexicon._build

    def counted(data: dict) -> Lexicon:  # type: ignore[type-arg]
        seen.append(threading.current_thread().name)
        return build(data)

    monkeypatch.setattr(lexicon, "_build", counted)
    return seen


def test_threads_asking_for_a_lexicon_at_once_share_one_build(builds: list[str]) -> None:
    # A server's first customers arrive on many request threads at once: each used to build its own copy.
    start = threading.Barrier(8)
    got: list[Lexicon] = []

    def ask() -> None:
        start.wait()
        got.append(load_lexicon("en"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(got) == 8 and all(one is got[0] for one in got)


def test_warming_builds_each_language_once_and_the_merged_one_when_asked(builds: list[str]) -> None:
    warm_lexicons()
    assert set(lexicon._BUILT) == {"en", "fr"}  # the languages the triage reads messages in
    assert len(builds) == 2
    assert load_lexicon("fr") is lexicon._BUILT["fr"]
    assert len(builds) == 2
    assert load_lexicon("de") is lexicon._BUILT[""]  # any other language reads with both merged, built then
    assert load_lexicon("it") is lexicon._BUILT[""]
    assert len(builds) == 3
