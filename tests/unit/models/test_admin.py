"""The models view says "training" for the domain being retrained only, not for every domain of the worker."""

import threading
from typing import Any

from tandem.domain.access import Principal, PrincipalKind
from tandem.models.admin import ModelAdmin
from tandem.models.live import Retrainer


class Registry:
    """Stands in for the model registry: a training that waits until released; no versions."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def train(self, domain: str) -> Any:
        self.started.set()
        self.release.wait(5)

    def versions(self, domain: str) -> list[Any]:
        return []


class Live:
    def loaded(self, domain: str) -> int | None:
        return None


def test_only_the_domain_being_retrained_shows_training() -> None:
    registry = Registry()
    retrainer = Retrainer(registry, after=lambda: None)  # type: ignore[arg-type]
    admin = ModelAdmin(registry, Live(), retrainer, ("ecommerce", "logistics", "telecom"))  # type: ignore[arg-type]
    boss = Principal(PrincipalKind.SUPERVISOR, agent_id=1)
    retrainer.request(["telecom"])
    assert registry.started.wait(5)
    retrainer.request(["ecommerce"])  # waits for its turn: it shows too
    try:
        training = {domain: admin.view(boss, domain).training for domain in ("ecommerce", "logistics", "telecom")}
        assert training == {"ecommerce": True, "logistics": False, "telecom": True}
    finally:
        registry.release.set()
        assert retrainer.wait(10)
    assert not any(admin.view(boss, domain).training for domain in ("ecommerce", "logistics", "telecom"))
