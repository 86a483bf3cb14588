"""The background retrainer: one training at a time, requests during a training coalesce, failures survive."""

import threading
from typing import Any

from tandem.models.live import Retrainer


class Registry:
    """Stands in for the model registry: records what it was asked to train, can block and fail."""

    def __init__(self, fail: set[str] | None = None) -> None:
        self.trained: list[str] = []
        self.release = threading.Event()
        self.started = threading.Event()
        self.fail = fail or set()

    def train(self, domain: str) -> Any:
        self.started.set()
        self.release.wait(5)
        self.trained.append(domain)
        if domain in self.fail:
            raise RuntimeError("boom")


def test_requests_during_a_training_coalesce_into_one_more() -> None:
    registry = Registry()
    swaps: list[int] = []
    retrainer = Retrainer(registry, after=lambda: swaps.append(1))  # type: ignore[arg-type]
    retrainer.request(["ecommerce"])
    assert registry.started.wait(5)
    retrainer.request(["telecom"])
    retrainer.request(["telecom", "ecommerce"])
    assert retrainer.busy
    registry.release.set()
    assert retrainer.wait(10)
    assert registry.trained == ["ecommerce", "ecommerce", "telecom"]
    assert len(swaps) == 3 and not retrainer.busy


def test_a_failed_training_does_not_stop_the_next() -> None:
    registry = Registry(fail={"ecommerce"})
    registry.release.set()
    retrainer = Retrainer(registry, after=lambda: None, background=False)  # type: ignore[arg-type]
    retrainer.request(["ecommerce", "telecom"])
    assert registry.trained == ["ecommerce", "telecom"]
    assert not retrainer.busy
