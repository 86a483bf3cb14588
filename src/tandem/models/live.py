"""Keeping each worker on its domains' active model, and retraining in the background when lessons arrive."""

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Protocol

from tandem.domain.errors import ModelError
from tandem.domain.packs import Pack
from tandem.models.registry import ModelRegistry
from tandem.nlu.intent_model import IntentModel

log = logging.getLogger(__name__)


class ServedModels(Protocol):
    """What a worker answers with, one model per domain (`tandem.dialogue.assistants.Assistants`)."""

    @property
    def domains(self) -> tuple[str, ...]: ...

    def model(self, domain: str) -> IntentModel: ...

    def swap(self, domain: str, pack: Pack, model: IntentModel) -> None: ...


class LiveModels:
    """Swaps a worker's assistants to whatever version is active in the database (after a promotion or a
    rollback, by this worker or another). Cheap when nothing changed: one query per domain."""

    def __init__(self, assistants: ServedModels, registry: ModelRegistry) -> None:
        self._assistants, self._registry = assistants, registry
        self._loaded: dict[str, int | None] = {domain: None for domain in assistants.domains}
        self._lock = threading.Lock()

    def record_baselines(self) -> None:
        """Record each served domain's pack model (what the assistants start with) as its first version, once
        per database; a domain whose active version is another gets it at the next `sync`."""
        for domain in self._assistants.domains:
            self._loaded[domain] = self._registry.baseline(domain, self._assistants.model(domain))

    def loaded(self, domain: str) -> int | None:
        return self._loaded.get(domain)

    def sync(self) -> list[str]:
        """Load the active version of every domain whose version changed; the domains swapped."""
        swapped = []
        with self._lock:
            for domain in self._assistants.domains:
                active = self._registry.active(domain)
                if active is None or active.id == self._loaded[domain]:
                    continue
                try:
                    served = self._registry.load(active)
                except ModelError as exc:  # keep serving what we have; a broken file must not stop the service
                    log.error("cannot load model version %s of %s: %s", active.id, domain, exc)
                    self._loaded[domain] = active.id  # do not retry the same broken file every pass
                    continue
                self._assistants.swap(domain, served.pack, served.model)
                self._loaded[domain] = active.id
                swapped.append(domain)
                log.info("now serving model version %s for %s", active.id, domain)
        return swapped


class Retrainer:
    """One background thread retraining the domains asked for; asks during a training coalesce into one more."""

    def __init__(self, registry: ModelRegistry, after: Callable[[], object], background: bool = True) -> None:
        self._registry, self._after, self._background = registry, after, background
        self._pending: set[str] = set()
        self._current: str | None = None  # the domain being trained now
        self._running = False
        self._closed = False
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()

    def close(self) -> None:
        """Drop what is pending and refuse new requests; a training under way finishes but is not swapped in by
        this worker (the others pick it up if it was promoted)."""
        with self._lock:
            self._closed = True
            self._pending.clear()

    def request(self, domains: Iterable[str]) -> None:
        """Retrain `domains` soon (in the calling thread when not in the background)."""
        with self._lock:
            if self._closed:
                return
            self._pending.update(domains)
            if not self._pending or self._running:
                return  # a running drain picks the new domains up
            self._running = True
            self._idle.clear()
        if self._background:
            threading.Thread(target=self._drain, name="tandem-retrain", daemon=True).start()
        else:
            self._drain()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no training is pending or running; False on timeout."""
        return self._idle.wait(timeout)

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def training(self, domain: str) -> bool:
        """Whether `domain` is being retrained or waits for its turn (the other domains are not)."""
        with self._lock:
            return domain == self._current or domain in self._pending

    def _drain(self) -> None:
        while True:
            with self._lock:
                self._current = None
                if not self._pending:
                    self._running = False
                    self._idle.set()
                    return
                domain = min(self._pending)
                self._pending.discard(domain)
                self._current = domain
            try:
                self._registry.train(domain)
                if not self._closed:
                    self._after()
            except Exception:  # the thread must outlive one failed training; the next lesson retries
                log.exception("retraining %s failed", domain)
