import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.nlu.payment import iban_valid, luhn_valid
from tandem.nlu.pii import PiiKind, PiiSpan, find_pii, redact, redacted_url


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5555 5555 5555 4444",
        "3782 822463 10005",  # Amex, 15 digits in 4-6-5 groups
        "6011 1111 1111 1117",
    ],
)
def test_luhn_valid_cards_are_redacted(card: str) -> None:
    assert redact(f"Ma carte {card}, merci") == "Ma carte [CARD], merci"
    assert redact(f"my card is {card}.") == "my card is [CARD]."


@pytest.mark.parametrize("text", ["carte 4111 1111 1111 1112", "card 4242424242424241", "card 4970 1012 3456 7890"])
def test_card_look_alikes_with_bad_luhn_survive(text: str) -> None:
    assert redact(text) == text


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")


@pytest.mark.parametrize(
    "iban",
    [
        "FR76 3000 6000 0112 3456 7890 189",
        "FR7630006000011234567890189",
        "fr76 3000 6000 0112 3456 7890 189",
        "GB82 WEST 1234 5698 7654 32",
        "DE89370400440532013000",
        "BE68 5390 0754 7034",
        "NL91ABNA0417164300",
    ],
)
def test_iban_with_valid_checksum_is_redacted(iban: str) -> None:
    assert redact(f"Remboursez sur {iban} svp") == "Remboursez sur [IBAN] svp"
    assert redact(f"IBAN: {iban}.") == "IBAN: [IBAN]."


@pytest.mark.parametrize(
    "text", ["IBAN FR76 3000 6000 0112 3456 7890 188 merci", "IBAN GB82 WEST 1234 5698 7654 33 thanks"]
)
def test_iban_with_bad_checksum_survives(text: str) -> None:
    assert redact(text) == text


def test_iban_checksum() -> None:
    assert iban_valid("GB82WEST12345698765432")
    assert not iban_valid("GB82WEST12345698765433")
    assert not iban_valid("GB82WEST1234569876543")  # one character short for a British IBAN
    assert not iban_valid("XX82WEST12345698765432")  # not an IBAN country


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rappelez-moi au 06 12 34 56 78 svp", "Rappelez-moi au [PHONE] svp"),
        ("tél. : +33 (0)6 12 34 56 78.", "tél. : [PHONE]."),
        ("call 07911 123456 today", "call [PHONE] today"),
        ("US office +1 415-555-2671", "US office [PHONE]"),
        ("deux numéros 0612345678 et 0123456789", "deux numéros [PHONE] et [PHONE]"),
    ],
)
def test_phones_are_redacted_in_both_home_regions(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_emails_are_redacted_but_not_trailing_punctuation() -> None:
    assert redact("écrivez à Jean.Dupont@Example.fr.") == "écrivez à [EMAIL]."
    assert redact("(mail: a.b+tag@mail.co.uk)") == "(mail: [EMAIL])"


@pytest.mark.parametrize(
    "text",
    [
        "Ma commande #100234 n'est pas arrivée",
        "order no. 100234 and order 1234567890",
        "commandes ORD-12345 et CMD-2024-0042",
        "colis 6A12345678901 et RR123456785FR",
        "UPS 1Z999AA10123456784, suivi JD0146000062",
        "payé 49,90 € le 12/03/2025",
        "reference 1234567890",  # a "UK landline" for phonenumbers, but not written like a phone
    ],
)
def test_order_and_tracking_numbers_survive(text: str) -> None:
    assert find_pii(text) == []
    assert redact(text) == text


def test_find_pii_spans_are_sorted_and_typed() -> None:
    text = "mail a@b.fr, carte 4111 1111 1111 1111, tel 06 12 34 56 78, IBAN GB82 WEST 1234 5698 7654 32"
    spans = find_pii(text)
    assert [span.kind for span in spans] == [PiiKind.EMAIL, PiiKind.CARD, PiiKind.PHONE, PiiKind.IBAN]
    assert text[spans[0].start : spans[0].end] == "a@b.fr"
    assert spans[1] == PiiSpan(PiiKind.CARD, 19, 38)
    assert redact(text) == "mail [EMAIL], carte [CARD], tel [PHONE], IBAN [IBAN]"


def test_iban_body_is_not_split_into_phone_or_card() -> None:
    # Digits inside an IBAN can form a valid French landline ("01 12 34 56 78"); the IBAN must win whole.
    assert redact("FR76 3000 6000 0112 3456 7890 189") == "[IBAN]"


def test_number_freed_by_a_redaction_is_redacted_too() -> None:
    # The second "+" number is glued to the first one, so it only stands alone once the first is replaced.
    assert redact("+33612345678+447911123456") == "[PHONE][PHONE]"


def test_mixed_message_keeps_business_entities() -> None:
    text = (
        "Commande #100234, colis 6A12345678901. Payé 49,90 € avec 4111 1111 1111 1111, "
        "rappelez le 06 12 34 56 78 ou écrivez à jean@example.fr"
    )
    assert redact(text) == (
        "Commande #100234, colis 6A12345678901. Payé 49,90 € avec [CARD], rappelez le [PHONE] ou écrivez à [EMAIL]"
    )


# --- properties ------------------------------------------------------------------------------------------


@st.composite
def luhn_cards(draw: st.DrawFn) -> str:
    """A Luhn-valid 13–19 digit number with a real-looking first digit, written plain or in groups."""
    length = draw(st.integers(13, 19))
    body = str(draw(st.integers(3, 6))) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=length - 2, max_size=length - 2))
    )
    check = next(str(digit) for digit in range(10) if luhn_valid(body + str(digit)))
    digits = body + check
    separator = draw(st.sampled_from(["", " ", "-"]))
    return separator.join(digits[index : index + 4] for index in range(0, len(digits), 4))


MESSAGE_PIECES = st.one_of(
    st.sampled_from(
        [
            " ",
            "+",
            "4111 1111 1111 1111",
            "06 12 34 56 78",
            "+44 7911 123456",
            "FR76 3000 6000 0112 3456 7890 189",
            "jean@example.fr",
            "#100234",
            "RR123456785FR",
            "[CARD]",
        ]
    ),
    st.text(alphabet="0123456789 +-.@()[]abcFRGB", max_size=10),
    st.text(max_size=5),
)


@given(st.lists(MESSAGE_PIECES, max_size=12).map("".join))
def test_redaction_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    assert find_pii(once) == []


@given(card=luhn_cards(), before=st.text(), after=st.text())
def test_luhn_valid_card_in_random_text_is_always_removed(card: str, before: str, after: str) -> None:
    redacted = redact(f"{before}\n{card}\n{after}")
    assert card not in redacted
    assert "[CARD]" in redacted


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:sk-secret@llm.example.com:8443/v1?key=sk-secret#sk-secret", "https://llm.example.com:8443/v1"),
        ("http://127.0.0.1:11434/v1/", "http://127.0.0.1:11434/v1/"),
        ("https://crm.example.com/api?token=abc", "https://crm.example.com/api"),
        ("https://:pass@Shop.Example.com", "https://shop.example.com"),
    ],
)
def test_a_url_is_logged_without_credentials(url: str, shown: str) -> None:
    assert redacted_url(url) == shown
