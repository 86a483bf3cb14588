"""Files that several processes share (the model cache of every worker and host): written whole or not at all."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from filelock import FileLock

T = TypeVar("T")


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """`write(tmp)` on a temporary file of its own beside `path`, then renamed onto it: a reader never sees a
    half-written file, and two processes writing the same path at once never share a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def made_once(path: Path, load: Callable[[Path], T], make: Callable[[], T], save: Callable[[T, Path], object]) -> T:
    """What `path` holds (`load`), made (`make`) and saved (`save`) first if it is missing: processes sharing the
    directory make it once, the first under a lock file beside it, the others waiting for it and loading it."""
    if path.exists():
        return load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path.with_name(path.name + ".lock"))):
        if path.exists():  # made by another process while this one waited
            return load(path)
        made = make()
        save(made, path)
        return made
