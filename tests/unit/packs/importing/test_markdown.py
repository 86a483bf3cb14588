import re
from pathlib import Path

import pytest

from tandem.domain.errors import InvalidInput
from tandem.packs.importing.markdown import read_markdown
from tandem.packs.importing.markdown_text import markdown_to_text

LANGUAGES = ("en", "fr")


def test_front_matter_gives_the_metadata_and_the_rest_is_the_body() -> None:
    source = read_markdown(
        "---\n"
        "id: track_parcel\n"
        "title: Track a parcel\n"
        "tags: [parcel, tracking]\n"
        "intents: [track_parcel]\n"
        "questions:\n  - where is my parcel?\n  - how do I track my order\n"
        "---\n"
        "Open **Orders** and click *Track*.\n",
        Path("track.en.md"),
        "docs/track.en.md",
        LANGUAGES,
    )
    assert (source.id, source.language, source.title) == ("track_parcel", "en", "Track a parcel")
    assert source.body == "Open Orders and click Track."
    assert source.tags == ("parcel", "tracking")
    assert source.intents == ("track_parcel",)
    assert source.questions == ("where is my parcel?", "how do I track my order")
    assert source.path == "docs/track.en.md"


def test_a_leading_h1_is_the_title_and_leaves_the_body() -> None:
    source = read_markdown(
        "---\nid: returns\nlang: fr\n---\n\n# Retours *gratuits*\n\nSous 30 jours.\n", Path("r.md"), "r.md", LANGUAGES
    )
    assert source.title == "Retours gratuits"
    assert source.body == "Sous 30 jours."
    assert source.language == "fr"


def test_a_leading_h1_repeating_the_title_is_left_out_and_another_one_kept() -> None:
    def body(markdown: str) -> str:
        return read_markdown(f"---\nid: a\ntitle: Returns\n---\n{markdown}", Path("a.en.md"), "a.en.md", LANGUAGES).body

    assert body("# Returns\nWithin 30 days.") == "Within 30 days."
    assert body("# Before you send\nWithin 30 days.") == "Before you send\nWithin 30 days."


def test_markdown_becomes_plain_chat_text() -> None:
    markdown = (
        "## Delivery times\n"
        'We ship **within _two_ days**, see [our rates](https://shop.example/rates "Rates")\n'
        "and `the_order_page`.\n"
        "\n\n\n"
        "<!-- internal note:\nnot for customers -->\n"
        "![a truck](truck.png)\n"
        "- France: 2 days\n"
        "* Belgium:   3 days\n"
        "1. Open <b>Orders</b> &amp; pick one\n"
        "\n"
        "```\n"
        "TRACK  *123*\n"
        "```\n"
        "\n"
        "Questions? Write to <help@shop.example>.\n"
    )
    assert markdown_to_text(markdown) == (
        "Delivery times\n"
        "We ship within two days, see our rates (https://shop.example/rates) and the_order_page.\n"
        "\n"
        "- France: 2 days\n"
        "- Belgium: 3 days\n"
        "- Open Orders & pick one\n"
        "\n"
        "TRACK  *123*\n"
        "\n"
        "Questions? Write to help@shop.example."
    )


def test_escaped_markup_stays_and_words_with_underscores_are_left_alone() -> None:
    assert markdown_to_text(r"Type \*77\# then snake_case_name, not _this_.") == (
        "Type *77# then snake_case_name, not this."
    )


def test_a_link_to_itself_or_to_an_anchor_reads_once() -> None:
    assert markdown_to_text("[https://a.example](https://a.example) and [above](#top)") == (
        "https://a.example and above"
    )


def test_the_language_comes_from_the_file_name_suffix() -> None:
    source = read_markdown("---\nid: a\ntitle: Suivi\n---\nTexte.\n", Path("suivi.fr.md"), "suivi.fr.md", LANGUAGES)
    assert source.language == "fr"


def test_lang_and_the_file_name_suffix_must_agree() -> None:
    with pytest.raises(InvalidInput, match=r"^x\.fr\.md: the file says lang 'en' but its name says 'fr'$"):
        read_markdown("---\nid: a\ntitle: T\nlang: en\n---\nText.\n", Path("x.fr.md"), "x.fr.md", LANGUAGES)


def test_a_file_without_a_language_in_a_two_language_pack_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_markdown("---\nid: a\ntitle: T\n---\nText.\n", Path("faq.md"), "docs/faq.md", LANGUAGES)
    assert str(caught.value) == ("docs/faq.md: no language: add `lang: en` to the front matter or name it faq.en.md")


def test_a_single_language_pack_needs_no_lang() -> None:
    source = read_markdown("---\nid: a\ntitle: T\n---\nText.\n", Path("faq.md"), "faq.md", ("fr",))
    assert source.language == "fr"


def test_a_language_the_pack_does_not_declare_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"faq\.de\.md: language 'de' is not one of the pack's \(en, fr\)"):
        read_markdown("---\nid: a\ntitle: T\n---\nText.\n", Path("faq.de.md"), "faq.de.md", LANGUAGES)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("id: 12\ntitle: T", "id: expected text (quote it)"),
        ("id: a\ntitle: yes", "title: expected text (quote it)"),
        ("id: a\ntitle: T\ncolour: red", "front matter: unknown key 'colour'"),
        ("title: T", "id: missing"),
        ("id: not an id\ntitle: T", "id: 'not an id' is not a valid id"),
        ("id: a\ntitle: T\ntags: parcel", "tags: expected a list of text"),
        ("id: a\ntitle: T\nquestions: [ok, 3]", "questions[1]: expected text (quote it)"),
        ("id: a\ntitle: T: x", "front matter: invalid YAML at line 3: mapping values are not allowed here"),
        ("- id: a", "front matter: expected `key: value` lines"),
        ("id: a", "no title: add `title:` to the front matter or start the text with a `# Title` line"),
    ],
)
def test_bad_front_matter_is_refused_naming_the_file_and_key(front_matter: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=rf"^docs/a\.en\.md: {re.escape(message)}"):
        read_markdown(f"---\n{front_matter}\n---\nSome text.\n", Path("a.en.md"), "docs/a.en.md", LANGUAGES)


def test_a_file_without_front_matter_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^a\.en\.md: no front matter: start the file with\n---\nid:"):
        read_markdown("# Title\n\nText.\n", Path("a.en.md"), "a.en.md", LANGUAGES)


def test_unclosed_front_matter_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^a\.en\.md: front matter not closed"):
        read_markdown("---\nid: a\ntitle: T\nText.\n", Path("a.en.md"), "a.en.md", LANGUAGES)
