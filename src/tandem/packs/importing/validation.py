"""Check a new help_center.yaml with the pack loader before it replaces the real one."""

import shutil
import tempfile
from pathlib import Path

from tandem.domain.errors import InvalidInput
from tandem.packs.loader import load_pack


def check_in_copy(pack_dir: Path, file_name: str, text: str) -> None:
    """Load a copy of the pack whose `file_name` holds `text`; the pack itself is not touched. The copy's folder
    has the pack's folder name (the loader may compare it with pack.yaml's `name`). Raises the loader's
    `InvalidInput`, its paths naming the real pack directory instead of the copy."""
    with tempfile.TemporaryDirectory(prefix="tandem-import-") as tmp:
        copy = Path(tmp) / pack_dir.name
        shutil.copytree(pack_dir, copy, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        (copy / file_name).write_text(text, encoding="utf-8")
        try:
            _validate(copy)
        except InvalidInput as exc:
            raise InvalidInput(str(exc).replace(str(copy), str(pack_dir))) from None


def _validate(pack_dir_copy: Path) -> None:
    """The loader's verdict on the pack in `pack_dir_copy`: `InvalidInput` naming file and key if it is invalid."""
    load_pack(pack_dir_copy)
