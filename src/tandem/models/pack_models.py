"""Intent models for the packs: trained on first use, cached on disk, reused while the packs are unchanged."""

import hashlib
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from tandem.domain.packs import Pack, check_domain
from tandem.models.probation import on_probation
from tandem.models.training import choose_representations, train_model
from tandem.nlu.atomic import made_once
from tandem.nlu.dataset import Dataset, from_packs
from tandem.nlu.intent_model import FORMAT_VERSION, IntentModel, Progress
from tandem.packs.catalog import find_pack, pack_names, pack_source
from tandem.packs.loader import COMMON_PACK

ALL = "all"
PACK_FOLDS = 5  # packs are small: calibrate on out-of-fold predictions of every example


def packs_for(domain: str | None) -> list[Pack]:
    """The pack called `domain`, or every pack (built in and found in the pack directories) for None/"all"."""
    if domain in (None, ALL):
        return [find_pack(name) for name in pack_names()]
    return [find_pack(check_domain(domain, pack_names()))]


def pack_dataset(domain: str | None) -> Dataset:
    return from_packs(packs_for(domain))


def pack_model(domain: str | None, cache_dir: Path, progress: Progress | None = None) -> IntentModel:
    """The model for `domain` (None: all packs), from `cache_dir` if its packs have not changed.

    Intents the packs do not vouch for (made from help-center articles) start on probation. Processes sharing
    `cache_dir` (a server's workers, several servers on one disk) train a missing model once: the first takes a
    lock file beside it and trains, the others wait for it and load what it saved."""
    path = pack_model_path(domain, cache_dir, pack_representations(domain))
    return made_once(path, IntentModel.load, lambda: new_pack_model(domain, progress), IntentModel.save)


def pack_representations(domain: str | None) -> tuple[str, ...]:
    """The representations the model of `domain` (None: all packs) is trained with."""
    return choose_representations(pack_dataset(domain))


def new_pack_model(domain: str | None, progress: Progress | None = None) -> IntentModel:
    """The model of `domain` (None: all packs), trained now; what `pack_model` caches."""
    packs = packs_for(domain)
    data = from_packs(packs)
    vouched = [name for pack in packs for name, intent in pack.intents.items() if intent.vouched]
    model = train_pack_model(data, choose_representations(data), progress=progress)
    model.probation = on_probation(model.labels, {}, vouched)
    return model


def pack_model_path(domain: str | None, cache_dir: Path, representations: tuple[str, ...]) -> Path:
    """Where `pack_model` caches the model of `domain` trained with `representations`."""
    return cache_dir / f"{domain or ALL}-{pack_fingerprint(representations, domain)}.joblib"


def train_pack_model(
    data: Dataset, representations: tuple[str, ...], target_precision: float = 0.97, progress: Progress | None = None
) -> IntentModel:
    """How every pack model is trained: with its own out-of-scope class and out-of-fold calibration."""
    return train_model(data, representations, target_precision, progress=progress, oos_class=True, folds=PACK_FOLDS)


def pack_fingerprint(representations: tuple[str, ...], domain: str | None = None) -> str:
    """Changes whenever the files of `domain`'s pack (None: of every pack) or of the common pack, the
    representations or the model format change."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}:oos-class:folds{PACK_FOLDS}:{','.join(representations)}".encode())
    names = pack_names() if domain in (None, ALL) else (domain,)
    folders: list[tuple[str, Path | Traversable]] = [(COMMON_PACK, files("tandem.packs") / COMMON_PACK)]
    folders += [(name, pack_source(name).location) for name in sorted(names)]
    for name, folder in folders:
        if not folder.is_dir():
            continue
        for item in sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name):
            digest.update(f"{name}/{item.name}".encode())
            digest.update(item.read_bytes())
    return digest.hexdigest()[:12]
