"""Where packs are found: the built-in ones and TANDEM_PACK_DIRS (a pack, or a folder of packs)."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tandem.domain.errors import InvalidInput, NotFound
from tandem.packs.catalog import find_pack, pack_names, pack_source, use_pack_dirs
from tandem.packs.loader import load_pack
from tandem.settings import Settings

from ..conftest import SHOP


@pytest.fixture(autouse=True)
def _back_to_the_environment() -> Iterator[None]:
    yield
    use_pack_dirs(None)


def copy_of_shop(parent: Path, name: str) -> Path:
    """The fixture shop pack copied under another name (folder and pack.yaml renamed together)."""
    target = parent / name
    shutil.copytree(SHOP, target)
    manifest = yaml.safe_load((target / "pack.yaml").read_text())
    (target / "pack.yaml").write_text(yaml.safe_dump({**manifest, "name": name}), encoding="utf-8")
    return target


def test_a_folder_of_packs_and_a_pack_folder_are_both_found(tmp_path: Path) -> None:
    copy_of_shop(tmp_path / "company", "bikes")
    copy_of_shop(tmp_path / "company", "boats")
    single = copy_of_shop(tmp_path / "other", "trains")
    use_pack_dirs([str(tmp_path / "company"), str(single)])
    assert pack_names() == ("ecommerce", "logistics", "telecom", "bikes", "boats", "trains")
    pack = find_pack("boats")
    assert pack.name == "boats" and "thanks" in pack.intents  # merged with the common pack like a built-in
    assert not pack_source("boats").builtin and pack_source("telecom").builtin


def test_the_environment_variable_is_read_when_nothing_was_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_of_shop(tmp_path, "bikes")
    monkeypatch.setenv("TANDEM_PACK_DIRS", f"{tmp_path}:")
    use_pack_dirs(None)
    assert "bikes" in pack_names()


def test_a_name_found_twice_names_both_paths(tmp_path: Path) -> None:
    first = copy_of_shop(tmp_path / "a", "bikes")
    second = copy_of_shop(tmp_path / "b", "bikes")
    use_pack_dirs([str(tmp_path / "a"), str(tmp_path / "b")])
    with pytest.raises(InvalidInput) as caught:
        pack_names()
    assert str(first.resolve()) in str(caught.value) and str(second) in str(caught.value)


def test_a_pack_named_like_a_built_in_one_is_refused(tmp_path: Path) -> None:
    copy_of_shop(tmp_path, "telecom")
    with pytest.raises(InvalidInput, match="two packs are named 'telecom': built in and "):
        pack_names([str(tmp_path)])


@pytest.mark.parametrize(("make", "problem"), [("missing", "is not a directory"), ("empty", "holds no pack")])
def test_a_pack_directory_that_is_not_one_is_refused(tmp_path: Path, make: str, problem: str) -> None:
    if make == "empty":
        (tmp_path / make).mkdir()
    with pytest.raises(InvalidInput, match=problem):
        pack_names([str(tmp_path / make)])


def test_an_unknown_pack_names_the_packs_found(tmp_path: Path) -> None:
    copy_of_shop(tmp_path, "bikes")
    use_pack_dirs([str(tmp_path)])
    with pytest.raises(NotFound, match="available: ecommerce, logistics, telecom, bikes"):
        find_pack("boats")


def test_the_pack_name_is_its_folder_name(tmp_path: Path) -> None:
    shutil.copytree(SHOP, tmp_path / "bikes")  # pack.yaml still says shop
    with pytest.raises(InvalidInput, match="name: 'shop' but the folder is named 'bikes'"):
        load_pack(tmp_path / "bikes")


def test_settings_serve_every_pack_found_and_refuse_an_unknown_one(tmp_path: Path) -> None:
    copy_of_shop(tmp_path, "bikes")
    settings = Settings(pack_dirs=str(tmp_path), secret_key="x" * 40)
    assert settings.served_domains == ("ecommerce", "logistics", "telecom", "bikes")
    assert Settings(pack_dirs=str(tmp_path), domains="bikes,telecom").served_domains == ("bikes", "telecom")
    with pytest.raises(ValueError, match=r"TANDEM_DOMAINS: no pack named boats; found: ecommerce, .*bikes"):
        Settings(pack_dirs=str(tmp_path), domains="boats")


def test_a_connector_endpoint_is_per_pack_and_its_key_never_shows(tmp_path: Path) -> None:
    copy_of_shop(tmp_path, "bikes")
    settings = Settings(
        pack_dirs=str(tmp_path), connectors={"bikes": {"url": "http://127.0.0.1:9/", "key": "sk-bikes-secret"}}
    )
    assert settings.endpoints["bikes"].url == "http://127.0.0.1:9/"
    assert settings.endpoints["bikes"].key == "sk-bikes-secret"
    assert "sk-bikes-secret" not in repr(settings) and "sk-bikes-secret" not in str(settings.connectors)
    with pytest.raises(ValueError, match="TANDEM_CONNECTORS: no pack named 'boats'"):
        Settings(pack_dirs=str(tmp_path), connectors={"boats": {"url": "http://127.0.0.1:9/"}})


def test_connector_settings_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_of_shop(tmp_path, "bikes")
    monkeypatch.setenv("TANDEM_PACK_DIRS", str(tmp_path))
    monkeypatch.setenv("TANDEM_CONNECTORS__BIKES__URL", "https://systems.example.com/tandem")
    monkeypatch.setenv("TANDEM_CONNECTORS__BIKES__TIMEOUT_SECONDS", "5")
    endpoint = Settings().endpoints["bikes"]
    assert (endpoint.url, endpoint.key, endpoint.timeout) == ("https://systems.example.com/tandem", None, 5.0)
