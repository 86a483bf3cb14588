"""The packs' own models (the baselines), shared by every host through the database: trained once.

A host needing a domain's pack model takes it from its model directory's cache; else from the bytes another host
stored with the baseline version of the same pack fingerprint; else it trains it, holding the domain's training
lock (PostgreSQL) so that a host starting at the same time waits and then loads the stored bytes instead, and
stores what it trained before letting go of the lock.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tandem.domain.errors import ModelError
from tandem.domain.learning import ModelStatus, ModelVersion
from tandem.domain.ports import Transaction, UnitOfWork
from tandem.models.artifacts import ArtifactLoader
from tandem.models.pack_models import new_pack_model, pack_fingerprint, pack_model_path, pack_representations
from tandem.models.version_record import new_version
from tandem.nlu.atomic import made_once
from tandem.nlu.intent_model import IntentModel, Progress

log = logging.getLogger(__name__)


def stored_baseline(tx: Transaction, domain: str, fingerprint: str) -> ModelVersion | None:
    """The baseline version of `domain` trained on the pack with `fingerprint` whose bytes are stored."""
    for version in tx.models.of_domain(domain):
        matches = version.data.get("baseline") and version.data.get("pack_fingerprint") == fingerprint
        if matches and tx.artifacts.digest(version.id) is not None:
            return version
    return None


class SharedBaselines:
    def __init__(
        self, uow: UnitOfWork, model_dir: Path, clock: Callable[[], datetime], target_precision: float = 0.97
    ) -> None:
        self._uow, self._model_dir, self._clock, self._target = uow, model_dir, clock, target_precision
        self._loader = ArtifactLoader(uow, model_dir)
        # Where each domain's model came from the last time `model` was asked: "cache", "database" or "trained".
        self.origins: dict[str, str] = {}

    def model(self, domain: str, progress: Progress | None = None) -> IntentModel:
        """The pack model of `domain`, the same on every host: see the module's docstring. The host that has it
        in its cache stores it if the database has not got it yet."""
        self.origins[domain] = "cache"
        representations = pack_representations(domain)
        path = pack_model_path(domain, self._model_dir, representations)
        fingerprint = pack_fingerprint(representations, domain)

        def make() -> IntentModel:
            return self._fetch_or_train(domain, fingerprint, path, progress)

        def save(made: IntentModel, at: Path) -> None:
            if not at.exists():  # `make` wrote the bytes it fetched, or the model it trained, already
                made.save(at)

        # The model directory's lock file keeps this host's processes apart; the database lock, the hosts.
        model = made_once(path, IntentModel.load, make, save)
        self.record(domain, model, path.read_bytes)
        return model

    def record(self, domain: str, model: IntentModel, data: Callable[[], bytes] | None = None) -> int | None:
        """Record `model`, the pack's own, with its bytes (`data`, else the file `pack_model` cached it in, if this
        host has it): as the active version of a domain that has none, else as a retired one if no baseline of
        its pack is recorded, else only its bytes if they are missing. The active version's id if it is a
        baseline, else None."""
        fingerprint = pack_fingerprint(model.representations, domain)
        with self._uow(read_only=True) as tx:
            active = tx.models.active(domain)
            if active is not None and stored_baseline(tx, domain, fingerprint) is not None:
                return active.id if active.data.get("baseline") else None
        stored = data() if data is not None else self._cached(domain, model)  # before the lock: files are slow
        with self._uow() as tx:
            tx.models.hold()
            active = tx.models.active(domain)
            found = [v for v in tx.models.of_domain(domain) if v.data.get("baseline")]
            found = [v for v in found if v.data.get("pack_fingerprint") == fingerprint]
            version = found[0] if found else None
            if version is None:
                status = ModelStatus.ACTIVE if active is None else ModelStatus.RETIRED
                first = active is None
                built = new_version(domain, None, status, model, [], {}, self._clock(), self._target, first, True)
                version = tx.models.add(built)
                active = active or version
            if stored is not None and tx.artifacts.digest(version.id) is None:
                tx.artifacts.put(version.id, stored)
            tx.commit()
        return active.id if active is not None and active.data.get("baseline") else None

    def _cached(self, domain: str, model: IntentModel) -> bytes | None:
        """The bytes of `model` as `pack_model` cached it in this host's model directory; None if it is not there
        (a model handed in by a test): saving it again would take seconds, and the host that has it stores it."""
        path = pack_model_path(domain, self._model_dir, model.representations)
        return path.read_bytes() if path.exists() else None

    def _fetch_or_train(self, domain: str, fingerprint: str, path: Path, progress: Progress | None) -> IntentModel:
        with self._uow(read_only=True) as tx:
            tx.artifacts.hold_training(domain)  # until this block ends: another host waits here
            stored = stored_baseline(tx, domain, fingerprint)
            if stored is not None:
                try:
                    self._loader.fetch(stored.id, path)
                    model = IntentModel.load(path)
                    self.origins[domain] = "database"
                    log.info("pack model of %s loaded from the database (version %s)", domain, stored.id)
                    return model
                except ModelError as exc:  # corrupt: this host trains it and stores good bytes in their place
                    log.error("the stored pack model of %s cannot be used: %s", domain, exc)
            else:
                log.info("training the pack model of %s (no host stored it yet)", domain)
            model = new_pack_model(domain, progress)
            self.origins[domain] = "trained"
            model.save(path)
            if stored is not None:
                self._replace(stored.id, path.read_bytes())
            self.record(domain, model, path.read_bytes)  # stored before the lock is let go
            return model

    def _replace(self, version_id: int, data: bytes) -> None:
        with self._uow() as tx:
            tx.artifacts.put(version_id, data)
            tx.commit()
