import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.nlu.textnorm import canonical, deobfuscate, fold, normalize, squeeze


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Crétin", "cretin"),
        ("ÇA NE RÉPOND PAS", "ca ne repond pas"),
        ("Œuvre", "oeuvre"),
        ("Straße", "strasse"),
        ("l’agent", "l'agent"),
        ("c`est", "c'est"),
        ("rendez‑vous — demain", "rendez-vous - demain"),
        ("con\u200bnard", "connard"),  # zero-width space slipped inside a word
        ("ｆｕｃｋ", "fuck"),  # full-width letters
        ("naïve Noël", "naive noel"),
        ("ORDER #123 paid 3.5€", "order #123 paid 3.5€"),
        ("line\r\nbreak", "line \nbreak"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "squeezed"),
    [("idiiiot", "idiot"), ("connnnnard", "conard"), ("nooooo!!!", "no!!!"), ("1000 euros", "1000 euros")],
)
def test_squeeze_collapses_letters_only(text: str, squeezed: str) -> None:
    assert squeeze(text) == squeezed


def test_canonical_folds_squeezes_and_single_spaces() -> None:
    assert canonical("  Passez-MOI   un  CONSEILLER ") == "pasez-moi un conseiler"
    assert canonical("Connard") == canonical("CONNNARD") == canonical("conard")


@pytest.mark.parametrize(
    ("text", "revealed"),
    [
        ("c0nnard", "connard"),
        ("C0NN4RD", "connard"),
        ("con.nard", "connard"),
        ("f.u.c.k", "fuck"),
        ("F U C K you", "fuck you"),
        ("f-u-c-k", "fuck"),
        ("a$$hole", "asshole"),
        ("sh!t", "shit"),
        ("you 1d10t", "you idiot"),
        ("f*ck", "f*ck"),  # a mask stays a mask: matchers treat it as a wildcard
        ("f#ck", "f*ck"),
        ("c*nn*rd", "c*nn*rd"),
    ],
)
def test_deobfuscate_reveals_dodges(text: str, revealed: str) -> None:
    assert deobfuscate(text) == revealed


@pytest.mark.parametrize(
    "text",
    [
        "3 items for 3.5 euros",
        "hello!!! anyone?",
        "order #123",
        "il y a un colis",
        "e-mail",  # hyphen inside a word becomes a space, nothing else changes
    ],
)
def test_deobfuscate_leaves_ordinary_text_alone(text: str) -> None:
    assert deobfuscate(text) == text.replace("-", " ")


def test_plain_normalize_keeps_obfuscation_and_repeats() -> None:
    assert normalize("C0NNNARD!!").text == "c0nnnard!!"


@pytest.mark.parametrize(
    ("text", "word", "typed"),
    [
        ("Tu es un C0NNNARD !!", "conard", "C0NNNARD"),
        ("espèce de con.nard", "conard", "con.nard"),
        ("F U C K off", "fuck of", "F U C K off"),
        ("Œuvre idiiiote", "idiote", "idiiiote"),
        ("you stupid f*cking idiot", "f*cking", "f*cking"),
    ],
)
def test_source_text_gives_back_what_the_customer_typed(text: str, word: str, typed: str) -> None:
    norm = normalize(text, deobfuscate=True, squeeze=True)
    start = norm.text.index(word)
    assert norm.source_text(start, start + len(word)) == typed


def test_source_span_of_an_empty_span_is_empty() -> None:
    norm = normalize("Œil", deobfuscate=True)
    assert norm.source_span(1, 1) == (0, 0)  # "o" and "e" both come from "Œ"
    assert norm.source_span(len(norm.text), len(norm.text)) == (3, 3)


@given(st.text(max_size=80), st.booleans(), st.booleans())
def test_origin_maps_every_character_back_in_order(text: str, deob: bool, squeezed: bool) -> None:
    norm = normalize(text, deobfuscate=deob, squeeze=squeezed)
    assert len(norm.origin) == len(norm.text)
    assert list(norm.origin) == sorted(norm.origin)
    assert all(0 <= i < len(text) for i in norm.origin)
    if norm.text:
        start, end = norm.source_span(0, len(norm.text))
        assert 0 <= start <= end <= len(text)


@given(st.text(alphabet="abcdeéèêàçôœABCÉÀ ’'-.*013!", max_size=60))
def test_fold_is_idempotent_on_latin_text(text: str) -> None:
    assert fold(fold(text)) == fold(text)
