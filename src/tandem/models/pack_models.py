"""Intent models for the built-in packs: trained on first use, cached on disk, reused while the packs are unchanged."""

import hashlib
from importlib.resources import files
from pathlib import Path

from tandem.domain.packs import Pack, check_domain
from tandem.models.training import choose_representations, train_model
from tandem.nlu.atomic import made_once
from tandem.nlu.dataset import Dataset, from_packs
from tandem.nlu.intent_model import FORMAT_VERSION, IntentModel, Progress
from tandem.packs.loader import builtin_pack, builtin_pack_names

ALL = "all"
PACK_FOLDS = 5  # packs are small: calibrate on out-of-fold predictions of every example


def packs_for(domain: str | None) -> list[Pack]:
    """The built-in pack called `domain`, or every built-in pack for None/"all"."""
    if domain in (None, ALL):
        return [builtin_pack(name) for name in builtin_pack_names()]
    return [builtin_pack(check_domain(domain, builtin_pack_names()))]


def pack_dataset(domain: str | None) -> Dataset:
    return from_packs(packs_for(domain))


def pack_model(domain: str | None, cache_dir: Path, progress: Progress | None = None) -> IntentModel:
    """The model for `domain` (None: all built-in packs), from `cache_dir` if its packs have not changed.

    Processes sharing `cache_dir` (a server's workers, several servers on one disk) train a missing model once:
    the first takes a lock file beside it and trains, the others wait for it and load what it saved."""
    data = pack_dataset(domain)
    representations = choose_representations(data)
    path = pack_model_path(domain, cache_dir, representations)
    return made_once(
        path, IntentModel.load, lambda: train_pack_model(data, representations, progress=progress), IntentModel.save
    )


def pack_model_path(domain: str | None, cache_dir: Path, representations: tuple[str, ...]) -> Path:
    """Where `pack_model` caches the model of `domain` trained with `representations`."""
    return cache_dir / f"{domain or ALL}-{pack_fingerprint(representations)}.joblib"


def train_pack_model(
    data: Dataset, representations: tuple[str, ...], target_precision: float = 0.97, progress: Progress | None = None
) -> IntentModel:
    """How every pack model is trained: with its own out-of-scope class and out-of-fold calibration."""
    return train_model(data, representations, target_precision, progress=progress, oos_class=True, folds=PACK_FOLDS)


def pack_fingerprint(representations: tuple[str, ...]) -> str:
    """Changes whenever pack files, the representations or the model format change."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}:oos-class:folds{PACK_FOLDS}:{','.join(representations)}".encode())
    root = files("tandem.packs")
    for pack_dir in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name):
        for item in sorted((f for f in pack_dir.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name):
            digest.update(f"{pack_dir.name}/{item.name}".encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()[:12]
