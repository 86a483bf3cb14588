import logging

import pytest

from tandem.domain.errors import InvalidInput
from tandem.packs.templates import render, template_fields


def test_fields_in_order() -> None:
    assert template_fields("Order {order_id} is {status_label} ({total:.2f} {currency})") == (
        "order_id",
        "status_label",
        "total",
        "currency",
    )
    assert template_fields("no fields, {{literal}} braces") == ()


@pytest.mark.parametrize("template", ["{a.b}", "{a[0]}", "{}", "{0}", "{a", "a}", "{a:{b}}"])
def test_bad_templates_are_refused(template: str) -> None:
    with pytest.raises(InvalidInput):
        template_fields(template)


def test_render_fills_fields_and_keeps_missing_ones_visible(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        text = render("{name}: {total:.2f} due {due!r}", {"name": "Jane Doe"}, "test")
    assert text == "Jane Doe: {total} due {due}"
    assert "no value for due, total" in caplog.text and "Jane" not in caplog.text


def test_render_survives_a_spec_that_does_not_fit_the_value() -> None:
    assert render("{total:.2f} / {n:.1f}", {"total": "59.90", "n": 2}) == "59.90 / 2.0"


def test_render_never_follows_attributes() -> None:
    assert render("{x.__class__}", {"x": "a"}) == "{x.__class__}"


def test_render_of_bad_syntax_sends_the_text_as_is() -> None:
    assert render("Hello {name", {"name": "x"}) == "Hello {name"
