"""A model version's file as bytes in the database, and back: the bytes are written to a local cache file named
by the version and its SHA-256 (checked first), which `IntentModel.load` reads. A host reads the bytes once per
version; later loads of the same version (another worker, a restart, a rollback) read the cache file."""

import hashlib
import logging
import tempfile
from pathlib import Path

from tandem.domain.errors import ModelError
from tandem.domain.learning import ModelVersion
from tandem.domain.ports import UnitOfWork
from tandem.nlu.atomic import write_atomically
from tandem.nlu.intent_model import IntentModel

log = logging.getLogger(__name__)
CACHE_FOLDER = "artifacts"  # under the model directory


def model_bytes(model: IntentModel) -> bytes:
    """The file `model.save` writes, as bytes (the model file format is the intent model's own)."""
    with tempfile.TemporaryDirectory(prefix="tandem-model-") as folder:
        path = Path(folder) / "model.joblib"
        model.save(path)
        return path.read_bytes()


def cache_path(model_dir: Path, version_id: int, sha256: str) -> Path:
    return model_dir / CACHE_FOLDER / f"{version_id}-{sha256}.joblib"


class ArtifactLoader:
    """Loads the model of a version from its stored bytes, or from its file path when it has none (a version
    recorded before the bytes were stored). A missing or corrupt artifact raises ModelError, like a broken file."""

    def __init__(self, uow: UnitOfWork, model_dir: Path) -> None:
        self._uow, self._model_dir = uow, model_dir

    def load(self, version: ModelVersion) -> IntentModel:
        with self._uow(read_only=True) as tx:
            stored = tx.artifacts.digest(version.id)
        if stored is None:
            if not version.path:
                raise ModelError(f"model version {version.id} has no stored artifact")
            return IntentModel.load(Path(version.path))  # recorded before 0005: this host's file, if it has it
        path = cache_path(self._model_dir, version.id, stored.sha256)
        if not path.exists():
            self.fetch(version.id, path)
        return IntentModel.load(path)

    def fetch(self, version_id: int, path: Path) -> None:
        """Write the stored bytes of `version_id` to `path` once they match their recorded size and SHA-256."""
        with self._uow(read_only=True) as tx:
            artifact = tx.artifacts.get(version_id)
        if artifact is None:
            raise ModelError(f"model version {version_id} has no stored artifact")
        if len(artifact.data) != artifact.size or hashlib.sha256(artifact.data).hexdigest() != artifact.sha256:
            raise ModelError(f"the stored artifact of model version {version_id} does not match its SHA-256")
        write_atomically(path, lambda tmp: tmp.write_bytes(artifact.data))
        log.info("model version %s loaded from the database (%d bytes)", version_id, artifact.size)
