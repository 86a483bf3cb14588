"""A server process's heap, once loaded, is out of the garbage collector's reach (tandem.api.heap)."""

import gc
import weakref
from collections.abc import Iterator

import pytest

from tandem.api import heap


@pytest.fixture
def thawed() -> Iterator[None]:
    assert gc.get_freeze_count() == 0, "something froze the test process's heap"
    yield
    gc.unfreeze()  # the test process's objects go back to the collector


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only a collection can reclaim it


def test_what_is_alive_is_frozen_and_the_garbage_collected_first(thawed: None) -> None:
    kept = Node()
    garbage = weakref.ref(Node())  # nothing else holds it, but its cycle keeps it until a collection
    assert garbage() is not None and any(o is kept for o in gc.get_objects())

    frozen = heap.settle()

    assert garbage() is None
    assert frozen == gc.get_freeze_count() > 0
    assert not any(o is kept for o in gc.get_objects()), "a frozen object is out of the collector's sight"
