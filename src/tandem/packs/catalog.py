"""Which packs exist: the built-in ones and those found in `TANDEM_PACK_DIRS` (docs/packs.md).

`TANDEM_PACK_DIRS` lists directories separated by `:`; each is a pack (it holds `pack.yaml`) or holds pack
folders. A pack's name is its folder's name; a name found twice (two directories, or a directory and a built-in
pack) is refused with both paths. The directories come from the environment unless `use_pack_dirs` set them
(the server and the commands pass their settings' value), and each found pack is loaded once per process:
editing one takes effect on the next start.
"""

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from tandem.domain.errors import InvalidInput, NotFound
from tandem.domain.packs import Pack
from tandem.packs.loader import COMMON_PACK, MANIFEST, builtin_pack_names, load_pack

PACK_DIRS_VARIABLE = "TANDEM_PACK_DIRS"

_configured: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class PackSource:
    name: str
    location: Path | Traversable
    builtin: bool


def split_pack_dirs(value: str) -> tuple[str, ...]:
    """`a:b:c` -> its non-empty parts."""
    return tuple(part.strip() for part in value.split(os.pathsep) if part.strip())


def use_pack_dirs(dirs: Sequence[str] | None) -> None:
    """Look for packs in `dirs` from now on (None: `TANDEM_PACK_DIRS` again)."""
    global _configured
    _configured = None if dirs is None else tuple(dirs)


def pack_dirs() -> tuple[str, ...]:
    if _configured is not None:
        return _configured
    return split_pack_dirs(os.environ.get(PACK_DIRS_VARIABLE, ""))


def pack_names(dirs: Sequence[str] | None = None) -> tuple[str, ...]:
    """Every pack's name: the built-in ones, then those of the pack directories, each group sorted."""
    return tuple(_sources(tuple(pack_dirs() if dirs is None else dirs)))


def pack_source(name: str) -> PackSource:
    sources = _sources(pack_dirs())
    if name not in sources:
        raise NotFound(f"no pack named {name!r} (available: {', '.join(sources) or 'none'})")
    return sources[name]


def find_pack(name: str) -> Pack:
    """The pack called `name`, merged with the common pack. Loaded once per process: treat it as read-only."""
    return _load(pack_source(name))


@functools.cache
def shared_intent_names() -> frozenset[str]:
    """The intents of the common pack (small talk), merged into every pack."""
    common = files("tandem.packs") / COMMON_PACK / "intents.yaml"
    if not common.is_file():
        return frozenset()
    raw = yaml.safe_load(common.read_text(encoding="utf-8")) or {}
    return frozenset(raw.get("intents") or {})


@functools.cache
def _load(source: PackSource) -> Pack:
    common = files("tandem.packs") / COMMON_PACK
    return load_pack(source.location, common if common.is_dir() else None)


@functools.cache
def _sources(dirs: tuple[str, ...]) -> dict[str, PackSource]:
    root = files("tandem.packs")
    found = {name: PackSource(name, root / name, True) for name in builtin_pack_names()}
    extra: dict[str, PackSource] = {}
    for entry in dirs:
        for location in _packs_in(Path(entry).expanduser()):
            name = location.name
            clash = found.get(name) or extra.get(name)
            if clash is not None:
                first = "built in" if clash.builtin else str(clash.location)
                raise InvalidInput(f"{PACK_DIRS_VARIABLE}: two packs are named {name!r}: {first} and {location}")
            extra[name] = PackSource(name, location.resolve(), False)
    return found | dict(sorted(extra.items()))


def _packs_in(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InvalidInput(f"{PACK_DIRS_VARIABLE}: {directory} is not a directory")
    if (directory / MANIFEST).is_file():
        return [directory]
    packs = sorted(p for p in directory.iterdir() if p.is_dir() and (p / MANIFEST).is_file())
    if not packs:
        raise InvalidInput(f"{PACK_DIRS_VARIABLE}: {directory} holds no pack (no {MANIFEST} in it or its folders)")
    return packs
