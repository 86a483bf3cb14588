from pathlib import Path

import pytest
import yaml

from tandem.domain.errors import InvalidInput, NotFound
from tandem.packs.importing import ImportResult, import_help_center
from tandem.packs.loader import load_pack

from .conftest import article, write

HTML_FR = """<html lang="fr"><head><meta name="tandem:id" content="track_parcel">
<meta name="tandem:tags" content="suivi"></head>
<body><main><h1>Suivre un colis</h1><p>Ouvrez <b>Commandes</b>.</p></main></body></html>
"""


def help_center(pack: Path) -> dict[str, dict[str, object]]:
    """The articles of the pack's help_center.yaml by id."""
    data = yaml.safe_load((pack / "help_center.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in data["articles"]}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and modification time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def refused(shop: Path, paths: list[Path]) -> list[str]:
    """The problem lines of an import that must fail, after checking it left the pack as it was."""
    before = snapshot(shop)
    with pytest.raises(InvalidInput) as caught:
        import_help_center(shop, paths)
    assert snapshot(shop) == before
    assert "Traceback" not in str(caught.value)
    return str(caught.value).split("\n")


def test_files_sharing_an_id_are_one_article_in_two_languages(shop: Path, docs: Path) -> None:
    write(docs / "track.en.md", article("track_parcel", "en", "Track a parcel", "Open **Orders**.", "tags: [parcel]\n"))
    write(docs / "track.fr.html", HTML_FR)
    result = import_help_center(shop, [docs])
    assert result == ImportResult(created=("track_parcel",), updated=(), languages=("en", "fr"), files=2)
    assert help_center(shop) == {
        "track_parcel": {
            "id": "track_parcel",
            "title": {"en": "Track a parcel", "fr": "Suivre un colis"},
            "body": {"en": "Open Orders.", "fr": "Ouvrez Commandes."},
            "tags": ["parcel", "suivi"],
        }
    }
    text = (shop / "help_center.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Written by `tandem pack import`")
    assert "edit the source files" in text
    assert load_pack(shop).intents  # the pack still loads


def test_the_summary_counts_files_articles_and_languages() -> None:
    result = ImportResult(created=("a", "b", "c", "d"), updated=("e", "f"), languages=("en", "fr"), files=12)
    assert result.summary() == "12 files, 6 articles (4 new, 2 updated), languages en, fr"
    assert ImportResult(("a",), (), ("fr",), 1).summary() == "1 file, 1 article (1 new, 0 updated), language fr"


def test_reimporting_updates_and_never_duplicates(shop: Path, docs: Path) -> None:
    write(docs / "a.en.md", article("a", "en", "A", "First."))
    write(docs / "a.fr.md", article("a", "fr", "A", "Premier."))
    import_help_center(shop, [docs])
    write(docs / "a.en.md", article("a", "en", "A", "Changed."))
    other = write(shop.parent / "more" / "b.md", "---\nid: b\nlang: en\n---\n# B\nText.\n")
    write(other.with_name("b.fr.md"), "---\nid: b\n---\n# B\nTexte.\n")
    result = import_help_center(shop, [docs])
    assert (result.created, result.updated) == ((), ("a",))
    result = import_help_center(shop, [other.parent])
    assert (result.created, result.updated) == (("b",), ())
    articles = help_center(shop)
    assert list(articles) == ["a", "b"]  # `a` kept although this import did not name it
    assert articles["a"]["body"] == {"en": "Changed.", "fr": "Premier."}


def test_multi_line_bodies_are_literal_blocks_and_every_text_reads_back(shop: Path, docs: Path) -> None:
    body = "## Steps\n- one\n- two: now\n\nThen wait."
    write(docs / "yes.en.md", article("a", "en", "'yes'", body, "tags: ['12', 'null', 'on', 'a: b']\n"))
    write(docs / "yes.fr.md", article("a", "fr", "'123'", "'no'"))
    import_help_center(shop, [docs])
    text = (shop / "help_center.yaml").read_text(encoding="utf-8")
    assert "en: |-\n      Steps\n      - one\n      - two: now\n\n      Then wait." in text
    entry = help_center(shop)["a"]
    assert entry["title"] == {"en": "yes", "fr": "123"}
    assert entry["body"] == {"en": "Steps\n- one\n- two: now\n\nThen wait.", "fr": "'no'"}
    assert entry["tags"] == ["12", "null", "on", "a: b"]


def test_questions_are_kept_per_language(shop: Path, docs: Path) -> None:
    write(docs / "t.en.md", article("t", "en", "T", "Text.", "questions: ['where is it?']\nintents: [track_parcel]\n"))
    write(docs / "t.fr.md", article("t", "fr", "T", "Texte.", "intents: [track_parcel, greeting]\n"))
    import_help_center(shop, [docs])
    entry = help_center(shop)["t"]
    assert entry["questions"] == {"en": ["where is it?"]}
    assert entry["intents"] == ["track_parcel", "greeting"]
    assert load_pack(shop).articles["t"].questions == {"en": ("where is it?",)}  # the loader reads them back


def test_directories_are_read_recursively_and_other_files_ignored(shop: Path, docs: Path) -> None:
    write(docs / "b" / "deep" / "x.en.markdown", article("x", "en", "X", "Text."))
    write(docs / "a" / "x.fr.htm", '<html lang="fr"><meta name="tandem:id" content="x"><h1>X</h1><p>Texte</p>')
    write(docs / "a" / "notes.txt", "not an article")
    write(docs / "a" / "logo.png", "\x89PNG")
    write(docs / ".drafts" / "y.en.md", article("y", "en", "Y", "Draft."))
    result = import_help_center(shop, [docs])
    assert (result.files, result.created) == (2, ("x",))
    assert set(help_center(shop)) == {"x"}


def test_a_missing_translation_is_refused_and_the_pack_untouched(shop: Path, docs: Path) -> None:
    write(docs / "a.en.md", article("a", "en", "A", "First."))
    write(docs / "a.fr.md", article("a", "fr", "A", "Premier."))
    import_help_center(shop, [docs])
    write(docs / "b.en.md", article("b", "en", "B", "Second."))
    lines = refused(shop, [docs])
    assert lines == [f"{docs / 'b.en.md'}: article 'b' has no fr version (add a file with the same id in that "
                     "language, e.g. b.fr.md)"]  # fmt: skip
    assert set(help_center(shop)) == {"a"}


def test_every_problem_is_reported_at_once(shop: Path, docs: Path) -> None:
    write(docs / "empty.en.md", article("e", "en", "E", "<!-- nothing yet -->"))
    (docs / "latin1.en.md").write_bytes("---\nid: l\ntitle: Café\n---\nDéjà.\n".encode("latin-1"))
    write(docs / "broken.en.md", "---\nid: [b\n---\nText.\n")
    write(docs / "one.en.md", article("d", "en", "D", "One."))
    write(docs / "two.md", article("d", "en", "D", "Two."))
    write(docs / "d.fr.md", article("d", "fr", "D", "Un."))
    lines = refused(shop, [docs, docs.parent / "nowhere"])
    assert lines == [
        f"{docs.parent / 'nowhere'}: no such file or directory",
        f"{docs / 'broken.en.md'}: front matter: invalid YAML at line 3: expected ',' or ']', but got '<stream end>'",
        f"{docs / 'empty.en.md'}: empty body: there is no text besides the title",
        f"{docs / 'latin1.en.md'}: not UTF-8 text (byte 21): save it as UTF-8",
        f"{docs / 'two.md'}: article 'd' in 'en' is also given by {docs / 'one.en.md'}",
    ]
    assert not (shop / "help_center.yaml").exists()


def test_an_id_of_a_hand_written_article_is_refused_naming_both_files(shop: Path, docs: Path) -> None:
    write(
        shop / "knowledge.yaml",
        "articles:\n  - id: returns\n    title: {en: R, fr: R}\n    body: {en: Text, fr: Texte}\n",
    )
    write(docs / "r.en.md", article("returns", "en", "R", "Text."))
    write(docs / "r.fr.md", article("returns", "fr", "R", "Texte."))
    lines = refused(shop, [docs / "r.en.md", docs / "r.fr.md"])
    assert lines == [
        f"{docs / 'r.en.md'}, {docs / 'r.fr.md'}: article id 'returns' is also an article of "
        f"{shop / 'knowledge.yaml'} (hand-written): give one of them another id"
    ]


def test_an_intent_the_pack_does_not_have_is_refused(shop: Path, docs: Path) -> None:
    write(docs / "r.en.md", article("r", "en", "R", "Text.", "intents: [refund]\n"))
    write(docs / "r.fr.md", article("r", "fr", "R", "Texte."))
    lines = refused(shop, [docs])
    assert lines == [f"{docs / 'r.en.md'}, {docs / 'r.fr.md'}: intents: no intent named 'refund' in the pack"]


def test_in_a_pack_without_intents_yaml_every_intent_named_is_unknown(shop: Path, docs: Path) -> None:
    (shop / "intents.yaml").unlink()
    write(docs / "r.en.md", article("r", "en", "R", "Text.", "intents: [greeting]\n"))
    write(docs / "r.fr.md", article("r", "fr", "R", "Texte."))
    lines = refused(shop, [docs])
    assert lines == [f"{docs / 'r.en.md'}, {docs / 'r.fr.md'}: intents: no intent named 'greeting' in the pack"]


def test_a_pack_the_loader_refuses_is_not_written_and_the_message_names_the_real_pack(shop: Path, docs: Path) -> None:
    write(shop / "flows.yaml", "flows:\n  f:\n    action: launch_rocket\n")
    write(docs / "a.en.md", article("a", "en", "A", "Text."))
    write(docs / "a.fr.md", article("a", "fr", "A", "Texte."))
    lines = refused(shop, [docs])
    assert len(lines) == 1
    assert lines[0].startswith(f"{shop / 'flows.yaml'}: flows.f.")  # the pack's path, not the copy's
    assert "tandem-import-" not in lines[0]


def test_a_help_center_file_that_cannot_be_read_back_is_not_overwritten(shop: Path, docs: Path) -> None:
    write(shop / "help_center.yaml", "articles: {not: a list}\n")
    write(docs / "a.en.md", article("a", "en", "A", "Text."))
    write(docs / "a.fr.md", article("a", "fr", "A", "Texte."))
    lines = refused(shop, [docs])
    assert lines[0].startswith(f"{shop / 'help_center.yaml'}: expected `articles:` and a list of articles")


def test_a_file_that_is_not_markdown_or_html_and_an_empty_folder_are_refused(shop: Path, docs: Path) -> None:
    notes = write(docs / "notes.txt", "text")
    empty = docs / "empty"
    empty.mkdir()
    assert refused(shop, [notes, empty]) == [
        f"{notes}: not a Markdown or HTML file (.md, .markdown, .html, .htm)",
        f"{empty}: no Markdown or HTML file (.md, .markdown, .html, .htm) in this directory",
    ]


def test_a_folder_without_pack_yaml_is_not_a_pack(tmp_path: Path, docs: Path) -> None:
    with pytest.raises(NotFound, match=r"pack\.yaml missing"):
        import_help_center(tmp_path, [docs])


def test_an_unreadable_file_is_reported(shop: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(docs / "a.en.md", article("a", "en", "A", "Text."))
    read_bytes = Path.read_bytes

    def refuse_locked(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_locked)
    assert refused(shop, [locked]) == [f"{locked}: cannot read it: Permission denied"]
