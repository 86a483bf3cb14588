from pathlib import Path

import pytest

from tandem.domain.errors import InvalidInput
from tandem.packs.importing.html import read_html
from tandem.packs.importing.html_text import readable_text
from tandem.packs.importing.html_tree import parse_html

LANGUAGES = ("en", "fr")

PAGE = """<!doctype html>
<html lang="fr-FR">
<head>
  <title>Aide &amp; contact | Boutique</title>
  <meta name="tandem:tags" content="colis, suivi">
  <meta name="tandem:intents" content="track_parcel">
  <meta name="tandem:questions" content="Où est mon colis ? | Comment suivre ma commande">
  <style>p { color: red }</style>
  <script>var tracking = "secret";</script>
</head>
<body>
  <header><h1>Boutique</h1><nav><a href="/">Accueil</a> <a href="/aide">Aide</a></nav></header>
  <aside>Articles liés</aside>
  <main>
    <h1>Suivre mon colis</h1>
    <p>Ouvrez   <b>Mes commandes</b>
       puis cliquez sur <a href="https://shop.example/suivi">Suivre</a> &mdash; c&#39;est tout.</p>
    <script>track()</script><noscript>Activez JavaScript</noscript>
    <div hidden>brouillon</div><span aria-hidden="true">★</span>
    <h2>Délais</h2>
    <ul><li>France : 2 jours<li>Belgique : 3 jours</ul>
    <p>Encore une question ?<br>Écrivez-nous.</p>
    <form><button>Envoyer</button></form>
  </main>
  <footer>© Boutique</footer>
</body>
</html>
"""


def test_a_page_gives_its_title_readable_body_and_metadata() -> None:
    source = read_html(PAGE, Path("Suivre-mon colis.html"), "aide/Suivre-mon colis.html", LANGUAGES)
    assert source.id == "suivre_mon_colis"  # the file name, slugified
    assert source.language == "fr"  # <html lang="fr-FR">
    assert source.title == "Suivre mon colis"  # main's h1, not the site header's
    assert source.body == (
        "Ouvrez Mes commandes puis cliquez sur Suivre (https://shop.example/suivi) — c'est tout.\n"
        "\n"
        "Délais\n"
        "\n"
        "- France : 2 jours\n"
        "- Belgique : 3 jours\n"
        "\n"
        "Encore une question ?\n"
        "Écrivez-nous."
    )
    assert source.tags == ("colis", "suivi")
    assert source.intents == ("track_parcel",)
    assert source.questions == ("Où est mon colis ?", "Comment suivre ma commande")


def test_without_main_or_article_the_whole_page_is_read_and_title_is_the_fallback() -> None:
    page = "<html><head><title>Returns</title></head><body><nav>Menu</nav><div>Within <i>30</i> days.</div></body>"
    source = read_html(page, Path("returns.en.htm"), "returns.en.htm", LANGUAGES)
    assert (source.id, source.language, source.title, source.body) == ("returns", "en", "Returns", "Within 30 days.")


def test_the_first_article_is_the_body_and_its_h1_the_title() -> None:
    page = (
        "<html lang=en><body><p>Cookie banner</p><article><header><h1>Payments</h1><p>Updated today</p></header>"
        "<p>We take cards.</p></article><article><p>Related: returns</p></article></body></html>"
    )
    source = read_html(page, Path("pay.html"), "pay.html", LANGUAGES)
    assert (source.title, source.body) == ("Payments", "We take cards.")


def test_tandem_id_meta_wins_over_the_file_name() -> None:
    page = '<html lang="en"><head><meta name="tandem:id" content="return_policy"></head><h1>R</h1><p>Text</p>'
    assert read_html(page, Path("page-12.html"), "page-12.html", LANGUAGES).id == "return_policy"


def test_the_file_name_without_its_language_suffix_is_the_id() -> None:
    page = "<h1>Suivi</h1><p>Texte</p>"
    source = read_html(page, Path("Track-my parcel.fr.html"), "Track-my parcel.fr.html", LANGUAGES)
    assert (source.id, source.language) == ("track_my_parcel", "fr")


def test_nested_blocks_tables_and_preformatted_text_keep_their_lines() -> None:
    root = parse_html(
        "<div><div>One</div>two<ul><li>a<ul><li>b</li></ul></li></ul></div>"
        "<table><tr><th>Zone</th><th>Price</th></tr><tr><td>EU</td><td>5 &euro;</td></tr></table>"
        "<pre>  code\n    indented</pre>"
    )
    assert readable_text(root) == "One\ntwo\n\n- a\n- b\n\nZone | Price\nEU | 5 €\n\n  code\n    indented"


@pytest.mark.parametrize(
    ("page", "name", "message"),
    [
        ("<p>No heading</p>", "x.en.html", "x.en.html: no title: the page has no <h1> or <title> with text"),
        ("<h1>T</h1><p>b</p>", "faq.html", 'faq.html: no language: add <html lang="en"> or name it faq.en.html'),
        ('<html lang="de"><h1>T</h1><p>b</p>', "x.html", "x.html: language 'de' is not one of the pack's (en, fr)"),
        ('<meta name="tandem:colour" content="red"><h1>T</h1>', "x.en.html", "unknown name"),
        ("<h1>T</h1><p>b</p>", "404.en.html", "x: id (the file name, or tandem:id): '404' is not a valid id"),
    ],
)
def test_bad_pages_are_refused_naming_the_file(page: str, name: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_html(page, Path(name), name, LANGUAGES)
    assert message.removeprefix("x: ") in str(caught.value)
    assert str(caught.value).startswith(f"{name}: ")
