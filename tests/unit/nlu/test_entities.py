from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.domain.understanding import Entity, EntityKind
from tandem.nlu.entities import extract_entities
from tandem.nlu.tracking import s10_valid, ups_valid

WEDNESDAY = date(2025, 3, 5)
MONDAY = date(2025, 3, 10)


def of_kind(text: str, kind: EntityKind, language: str = "en", today: date | None = None) -> list[Entity]:
    return [e for e in extract_entities(text, language, today=today) if e.kind == kind]


def values(text: str, kind: EntityKind, language: str = "en", today: date | None = None) -> list[str]:
    return [e.value for e in of_kind(text, kind, language, today)]


# --- order ids -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "surface"),
    [
        ("Ma commande #100234 n'est pas arrivée", "fr", "#100234"),
        ("commande n°100234 toujours en attente", "fr", "n°100234"),
        ("J'ai passé la commande 100234 hier", "fr", "100234"),
        ("Where is my order no. 100234?", "en", "no. 100234"),
        ("I ordered 100234 last week", "en", "100234"),  # demo-range id needs no cue
    ],
)
def test_numeric_order_id_value_has_no_prefix_symbol(text: str, language: str, surface: str) -> None:
    [order] = of_kind(text, EntityKind.ORDER_ID, language)
    assert order.value == "100234"
    assert order.text == surface
    assert text[order.start : order.end] == surface


@pytest.mark.parametrize("order_id", ["ORD-12345", "CMD-2024-0042"])
def test_prefixed_order_id(order_id: str) -> None:
    assert values(f"Suivi de la commande {order_id} svp", EntityKind.ORDER_ID, "fr") == [order_id]
    assert values(f"status of {order_id.lower()}?", EntityKind.ORDER_ID) == [order_id]


def test_longer_order_number_needs_a_cue() -> None:
    assert values("my order 12345678 is late", EntityKind.ORDER_ID) == ["12345678"]
    assert values("see #12345678", EntityKind.ORDER_ID) == ["12345678"]
    assert values("le code 12345678 ne marche pas", EntityKind.ORDER_ID, "fr") == []


def test_ten_digit_non_phone_is_not_a_phone() -> None:
    # phonenumbers accepts "1234567890" as a UK landline; without a leading 0 or + it is not a phone here.
    assert of_kind("reference 1234567890", EntityKind.PHONE) == []
    assert of_kind("référence 1234567890", EntityKind.PHONE, "fr") == []
    assert values("order 1234567890 never came", EntityKind.ORDER_ID) == ["1234567890"]


def test_order_number_never_taken_from_phone_amount_date_iban_or_card() -> None:
    assert [e.kind for e in extract_entities("commande: rappelez le 0612345678", "fr")] == [EntityKind.PHONE]
    assert [e.kind for e in extract_entities("commande payée 150000 €", "fr")] == [EntityKind.AMOUNT]
    assert [e.kind for e in extract_entities("commande du 12/03/2025", "fr")] == [EntityKind.DATE]
    assert extract_entities("commande remboursée sur FR76 3000 6000 0112 3456 7890 189", "fr") == ()
    # The Amex test number has a 6-digit group that would otherwise pass as a cue-backed order number.
    assert extract_entities("commande payée avec la carte 3782 822463 10005", "fr") == ()


# --- tracking numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value", "carrier"),
    [
        ("UPS tracking 1Z999AA10123456784 please", "en", "1Z999AA10123456784", "ups"),
        ("my parcel 1z999aa10123456784", "en", "1Z999AA10123456784", "ups"),
        ("Colis RR123456785FR bloqué", "fr", "RR123456785FR", "laposte"),
        ("Mon colis 6A12345678901 n'avance pas", "fr", "6A12345678901", "colissimo"),
        ("numéro 8R12345678901", "fr", "8R12345678901", "colissimo"),
        ("Numéro de suivi : JD0146000062", "fr", "JD0146000062", "generic"),
        ("package ABC123456789XYZ is lost", "en", "ABC123456789XYZ", "generic"),
        ("Colissimo : XY1234567890", "fr", "XY1234567890", "generic"),
    ],
)
def test_tracking_numbers(text: str, language: str, value: str, carrier: str) -> None:
    [tracking] = of_kind(text, EntityKind.TRACKING_NUMBER, language)
    assert (tracking.value, tracking.detail) == (value, carrier)


def test_ups_check_digit() -> None:
    assert ups_valid("1Z999AA10123456784")
    assert ups_valid("1Z12345E6605272234")
    assert not ups_valid("1Z999AA10123456785")
    assert not ups_valid("1Z999AA1012345678")


def test_s10_check_digit() -> None:
    assert s10_valid("RR123456785FR")
    assert not s10_valid("RR123456784FR")
    # Check-digit edge cases: a remainder of 1 gives 10 -> 0, a remainder of 0 gives 11 -> 5.
    assert s10_valid("LA000000080FR")
    assert s10_valid("LA000000155FR")
    assert not s10_valid("LA000000081FR")


@pytest.mark.parametrize(
    "text",
    [
        "tracking number 1Z999AA10123456785",  # bad UPS check digit: not even a generic tracking number
        "suivi du colis RR123456784FR",  # bad S10 check digit
    ],
)
def test_invalid_tracking_look_alikes_are_rejected(text: str) -> None:
    assert extract_entities(text, "fr") == ()


def test_generic_tracking_needs_cue_letters_and_digits() -> None:
    assert of_kind("the reference JD0146000062 is wrong", EntityKind.TRACKING_NUMBER) == []
    assert of_kind("tracking 1234567890123", EntityKind.TRACKING_NUMBER) == []
    assert of_kind("tracking ABCDEFGHIJKL", EntityKind.TRACKING_NUMBER) == []


# --- phones ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "e164"),
    [
        ("Rappelez-moi au 06 12 34 56 78 svp", "fr", "+33612345678"),
        ("mon numéro: 06.12.34.56.78.", "fr", "+33612345678"),
        ("tel +33 (0)6 12 34 56 78", "fr", "+33612345678"),
        ("appelez le 0033 6 12 34 56 78", "fr", "+33612345678"),
        ("call me on 07911 123456", "en", "+447911123456"),
        ("office: (020) 7946 0958", "en", "+442079460958"),
        ("my mobile is +44 7911 123456", "en", "+447911123456"),
        ("reach me at +1 415-555-2671", "en", "+14155552671"),
        ("French number +33 6 12 34 56 78 in English", "en", "+33612345678"),
    ],
)
def test_valid_phone_numbers_in_e164(text: str, language: str, e164: str) -> None:
    assert values(text, EntityKind.PHONE, language) == [e164]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("06 12 34", "fr"),  # too short
        ("00 00 00 00 00", "fr"),  # right length, not an allocated number
        ("06 12 34 56 78", "en"),  # a French national number read in the UK
        ("code 0612345678abc", "fr"),  # glued to a word
    ],
)
def test_invalid_phone_numbers_are_rejected(text: str, language: str) -> None:
    assert of_kind(text, EntityKind.PHONE, language) == []


# --- e-mails ---------------------------------------------------------------------------------------------


def test_email_lower_cased_without_trailing_punctuation() -> None:
    text = "Écrivez à Jean.Dupont@Example.FR."
    [email] = of_kind(text, EntityKind.EMAIL, "fr")
    assert email.value == "jean.dupont@example.fr"
    assert email.text == "Jean.Dupont@Example.FR"


def test_email_with_plus_tag_and_subdomain_inside_parentheses() -> None:
    [email] = of_kind("(contact: a.b+tag@mail.example.co.uk)", EntityKind.EMAIL)
    assert email.text == "a.b+tag@mail.example.co.uk"


@pytest.mark.parametrize("text", ["jean@localhost", "jean@@example.com", "@example.com", "jean@example.c"])
def test_invalid_emails_are_rejected(text: str) -> None:
    assert of_kind(text, EntityKind.EMAIL) == []


# --- amounts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "value", "currency"),
    [
        ("J'ai payé 49,90 € pour rien", "fr", "49.90", "EUR"),
        ("remboursement de 49€90", "fr", "49.90", "EUR"),
        ("total 1 234,56 €", "fr", "1234.56", "EUR"),
        ("ça coûte 12 euros", "fr", "12.00", "EUR"),
        ("I was charged €49.90", "en", "49.90", "EUR"),
        ("refund of 49.90 EUR please", "en", "49.90", "EUR"),
        ("it was $12", "en", "12.00", "USD"),
        ("a 1,234.5 dollars bill", "en", "1234.50", "USD"),
        ("only £7.50", "en", "7.50", "GBP"),
    ],
)
def test_amounts(text: str, language: str, value: str, currency: str) -> None:
    [amount] = of_kind(text, EntityKind.AMOUNT, language)
    assert (amount.value, amount.detail) == (value, currency)


def test_number_without_currency_is_not_an_amount() -> None:
    assert of_kind("j'ai 12 articles et 3,5 kg", EntityKind.AMOUNT, "fr") == []


# --- dates -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "iso"),
    [
        ("livré le 12/03/2025", "fr", "2025-03-12"),
        ("delivered on 12/03/2025", "en", "2025-03-12"),  # en-GB reads day first
        ("delivered on 03/25/2025", "en", "2025-03-25"),  # month first only when day first is impossible
        ("delivered on 12/13/2025", "en", "2025-12-13"),
        ("shipped 2025-03-12", "en", "2025-03-12"),
        ("commande du 12 mars 2025", "fr", "2025-03-12"),
        ("depuis le 1er mai 2025", "fr", "2025-05-01"),
        ("since March 12, 2025", "en", "2025-03-12"),
        ("on the 3rd of June 2025", "en", "2025-06-03"),
        ("le 29/02/2024", "fr", "2024-02-29"),
    ],
)
def test_absolute_dates(text: str, language: str, iso: str) -> None:
    assert values(text, EntityKind.DATE, language) == [iso]


def test_us_english_reads_numeric_dates_month_first() -> None:
    assert values("on 03/04/2025", EntityKind.DATE, "en-US") == ["2025-03-04"]


@pytest.mark.parametrize("text", ["le 31/02/2025", "le 29/02/2025", "le 12/13/2025", "le 2025-02-30"])
def test_impossible_dates_are_rejected(text: str) -> None:
    assert of_kind(text, EntityKind.DATE, "fr") == []


@pytest.mark.parametrize(
    ("text", "language", "today", "iso"),
    [
        ("livraison demain ?", "fr", WEDNESDAY, "2025-03-06"),
        ("coming tomorrow", "en", WEDNESDAY, "2025-03-06"),
        ("reçu hier", "fr", WEDNESDAY, "2025-03-04"),
        ("lundi prochain", "fr", WEDNESDAY, "2025-03-10"),
        ("next monday", "en", MONDAY, "2025-03-17"),  # never today itself
        ("this friday", "en", WEDNESDAY, "2025-03-07"),
        ("le 12 mars", "fr", WEDNESDAY, "2025-03-12"),
        ("on May 5th", "en", WEDNESDAY, "2025-05-05"),
    ],
)
def test_relative_and_yearless_dates_need_today(text: str, language: str, today: date, iso: str) -> None:
    assert values(text, EntityKind.DATE, language, today) == [iso]
    assert values(text, EntityKind.DATE, language) == []


def test_lowercase_may_is_a_verb_before_a_number() -> None:
    assert values("you may 2 times try", EntityKind.DATE, "en", WEDNESDAY) == []


# --- whole messages --------------------------------------------------------------------------------------


def test_french_message_with_every_kind() -> None:
    text = (
        "Bonjour, ma commande #100234 du 12/03/2025 (49,90 €) n'est pas arrivée, colis 6A12345678901. "
        "Joignable au 06 12 34 56 78 ou jean.dupont@example.fr"
    )
    found = extract_entities(text, "fr")
    assert [(e.kind, e.value) for e in found] == [
        (EntityKind.ORDER_ID, "100234"),
        (EntityKind.DATE, "2025-03-12"),
        (EntityKind.AMOUNT, "49.90"),
        (EntityKind.TRACKING_NUMBER, "6A12345678901"),
        (EntityKind.PHONE, "+33612345678"),
        (EntityKind.EMAIL, "jean.dupont@example.fr"),
    ]


def test_english_message_with_every_kind() -> None:
    text = (
        "Hi, order ORD-12345 shipped March 12, 2025 with UPS 1Z999AA10123456784, I paid $12. "
        "Call +44 7911 123456 or mail me: Jane@Example.com."
    )
    found = extract_entities(text, "en")
    assert [e.kind for e in found] == [
        EntityKind.ORDER_ID,
        EntityKind.DATE,
        EntityKind.TRACKING_NUMBER,
        EntityKind.AMOUNT,
        EntityKind.PHONE,
        EntityKind.EMAIL,
    ]


MESSAGE_PIECES = st.one_of(
    st.sampled_from(
        [
            " ",
            "#100234",
            "commande ",
            "order ",
            "06 12 34 56 78",
            "+44 7911 123456",
            "49,90 €",
            "$12",
            "12/03/2025",
            "12 mars",
            "1Z999AA10123456784",
            "RR123456785FR",
            "suivi ",
            "JD0146000062",
            "a@b.fr",
            "FR76 3000 6000 0112 3456 7890 189",
            "4111 1111 1111 1111",
            "ORD-12345",
        ]
    ),
    st.text(alphabet="0123456789 .,-/#€$£+@abcdefXYZ", max_size=8),
)


@given(st.lists(MESSAGE_PIECES, max_size=10).map("".join), st.sampled_from(["fr", "en"]))
def test_entities_are_sorted_disjoint_and_point_into_the_text(text: str, language: str) -> None:
    found = extract_entities(text, language)
    for entity in found:
        assert text[entity.start : entity.end] == entity.text
        assert entity.value
    for left, right in pairwise(found):
        assert left.end <= right.start
