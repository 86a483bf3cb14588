"""The model cache's files are written whole or not at all, each writer on a temporary file of its own."""

from pathlib import Path

import pytest

from tandem.nlu.atomic import write_atomically


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "ecommerce.heldout.json"
    target.write_text("old")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_fail)

    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_two_writers_of_one_path_never_share_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "models" / "ecommerce.joblib"
    seen: list[Path] = []

    def inner(tmp: Path) -> None:
        seen.append(tmp)
        tmp.write_text("second")

    def outer(tmp: Path) -> None:
        seen.append(tmp)
        tmp.write_text("first")
        write_atomically(target, inner)  # another worker saves the same model meanwhile

    write_atomically(target, outer)

    assert seen[0] != seen[1] and all(p.parent == target.parent for p in seen)
    assert target.read_text() == "first"  # the last rename wins, whole
    assert [p.name for p in target.parent.iterdir()] == [target.name]
