"""`tandem pack new | check | import`, run as a company's admin runs them: a real process, exit codes, output."""

import json
from pathlib import Path

from .test_cli import assert_clean_error, tandem


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_new_pack_checks_and_triages_as_it_is(tmp_path: Path) -> None:
    created = tandem("pack", "new", "bikes", "--dir", str(tmp_path))
    assert created.returncode == 0, created.stderr
    assert f"pack bikes written to {tmp_path / 'bikes'}" in created.stdout
    checked = tandem("pack", "check", str(tmp_path / "bikes"))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("bikes: 2 intents (+3 shared), 1 article, 0 flows, 0 connector operations")
    assert "warning: en: 2 intents with fewer than 25 examples (opening_hours 4, complaint 3)" in checked.stderr
    env = {"TANDEM_PACK_DIRS": str(tmp_path), "TANDEM_DATA_DIR": str(tmp_path / "var")}
    triaged = tandem("triage", "--domain", "bikes", "I want to make a complaint", env=env)
    assert triaged.returncode == 0, triaged.stderr
    line = json.loads(triaged.stdout)
    assert (line["intent"], line["language"]) == ("complaint", "en")


def test_new_refuses_a_built_in_name_a_bad_name_and_an_existing_folder(tmp_path: Path) -> None:
    assert_clean_error(tandem("pack", "new", "telecom", "--dir", str(tmp_path)), "a built-in pack is named")
    assert_clean_error(tandem("pack", "new", "../up", "--dir", str(tmp_path)), "is not a pack name")
    assert_clean_error(tandem("pack", "new", "shop", "--languages", "de", "--dir", str(tmp_path)), "--languages")
    assert tandem("pack", "new", "shop", "--languages", "fr", "--dir", str(tmp_path)).returncode == 0
    assert_clean_error(tandem("pack", "new", "shop", "--dir", str(tmp_path)), "already exists")


def test_check_names_each_broken_file_and_key(tmp_path: Path) -> None:
    assert tandem("pack", "new", "bikes", "--dir", str(tmp_path)).returncode == 0
    folder = tmp_path / "bikes"
    intents = (folder / "intents.yaml").read_text(encoding="utf-8")
    (folder / "intents.yaml").write_text(intents.replace("handler: human", "handler: person"), encoding="utf-8")
    (folder / "knowledge.yaml").write_text("articles:\n  - id: hours\n    title: {en: Hours}\n", encoding="utf-8")
    result = tandem("pack", "check", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {folder / 'intents.yaml'}: intents.complaint.handler: "
        "'person' is not one of flow:<id>, article:<id>, reply:<id>, human",
        f"error: {folder / 'knowledge.yaml'}: articles.hours.title: missing language 'fr'",
    ]
    assert_clean_error(tandem("pack", "check", str(tmp_path / "nowhere")), "pack.yaml: file missing")


def test_import_a_help_center_then_refuse_a_broken_one_without_touching_the_pack(tmp_path: Path) -> None:
    assert tandem("pack", "new", "bikes", "--dir", str(tmp_path)).returncode == 0
    folder, center = tmp_path / "bikes", tmp_path / "center"
    center.mkdir()
    (center / "brakes.en.md").write_text(
        "---\nid: brakes\ntitle: Adjusting your brakes\nquestions: [my brakes squeak]\n---\nTurn the barrel.\n",
        encoding="utf-8",
    )
    (center / "brakes.fr.html").write_text(
        '<html lang="fr"><head><meta name="tandem:id" content="brakes"><script>x()</script></head>'
        "<body><nav>Menu</nav><main><h1>Régler vos freins</h1><p>Tournez la molette.</p></main></body></html>",
        encoding="utf-8",
    )
    imported = tandem("pack", "import", str(folder), str(center))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "2 files, 1 article (1 new, 0 updated), languages en, fr"
    checked = tandem("pack", "check", str(folder))
    assert "2 articles" in checked.stdout and "1 intent from help-center articles, on probation" in checked.stdout
    before = _files(folder)
    (center / "chains.en.md").write_text("---\nid: chains\ntitle: Chains\n---\nOil it.\n", encoding="utf-8")
    refused = tandem("pack", "import", str(folder), str(center))
    assert_clean_error(refused, "chains.en.md")
    assert "fr" in refused.stderr and _files(folder) == before
