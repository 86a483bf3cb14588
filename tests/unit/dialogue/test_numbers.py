import pytest

from tandem.dialogue.numbers import local_decimal, with_local_decimals


@pytest.mark.parametrize(
    ("value", "language", "written"),
    [
        ("42.18", "fr", "42,18"),
        ("-3.5", "fr", "-3,5"),
        ("42.18", "en", "42.18"),
        ("1.2.3", "fr", "1.2.3"),  # not a number: a version, an address
        ("EN20481736", "fr", "EN20481736"),
        ("12", "fr", "12"),
        ("3.", "fr", "3."),
    ],
)
def test_plain_decimals_take_the_language_s_separator(value: str, language: str, written: str) -> None:
    assert local_decimal(value, language) == written


def test_only_text_fields_change() -> None:
    assert with_local_decimals({"balance": "42.18", "count": 3, "site": "example.com"}, "fr") == {
        "balance": "42,18",
        "count": 3,
        "site": "example.com",
    }
