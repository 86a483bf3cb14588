from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tandem.domain.packs import Pack
from tandem.packs.loader import load_pack

FIXTURES = Path(__file__).parent / "packs" / "fixtures"  # a small shop pack that several folders test with
SHOP = FIXTURES / "shop"
COMMON = FIXTURES / "common"

PackFiles = dict[str, Any]  # file name -> parsed YAML


@pytest.fixture(scope="session")
def shop_pack() -> Pack:
    return load_pack(SHOP, COMMON)


@pytest.fixture
def edited_pack(tmp_path: Path) -> Callable[[Callable[[PackFiles], None]], Path]:
    """Copy the shop fixture pack, let the test change its parsed files, write it back; returns the dir."""

    def make(edit: Callable[[PackFiles], None]) -> Path:
        files = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in SHOP.glob("*.yaml")}
        edit(files)
        target = tmp_path / "shop"
        target.mkdir(exist_ok=True)
        for name, data in files.items():
            if data is not None:
                (target / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return target

    return make
