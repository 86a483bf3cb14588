"""Dates in the AI's answers are written in the conversation's language, never as ISO strings."""

import re
from datetime import date

import pytest

from tandem.connectors import DemoConnector
from tandem.dialogue.dates import long_date, with_long_dates
from tandem.dialogue.flows import StepKind, advance
from tandem.domain.dialogue import FlowState
from tandem.domain.understanding import Entity, EntityKind, Understanding
from tandem.packs.catalog import find_pack

ISO = re.compile(r"\d{4}-\d{2}(-\d{2})?")


@pytest.mark.parametrize(
    ("value", "language", "written"),
    [
        ("2026-12-04", "en", "4 December 2026"),
        ("2026-12-04", "fr", "4 décembre 2026"),
        ("2027-01-01", "fr", "1er janvier 2027"),
        ("2027-01-01", "en", "1 January 2027"),
        ("2026-08-15", "fr", "15 août 2026"),
        ("2026-11", "en", "November 2026"),
        ("2026-02", "fr", "février 2026"),
        ("2026-02-30", "en", "2026-02-30"),  # no such day: left as it is
        ("2026-13", "en", "2026-13"),
        ("100234", "en", "100234"),
        ("2026-12-04", "de", "4 December 2026"),  # a language without its own names: English
    ],
)
def test_a_date_is_written_out(value: str, language: str, written: str) -> None:
    assert long_date(value, language) == written


def test_only_dates_change_in_a_record() -> None:
    record = {"eta": "2026-12-04", "order_id": "100234", "total": "59.00", "items": 2, "period": "2026-11"}
    assert with_long_dates(record, "fr") == {
        "eta": "4 décembre 2026",
        "order_id": "100234",
        "total": "59.00",
        "items": 2,
        "period": "novembre 2026",
    }


def _said(text: str, language: str, **entities: str) -> Understanding:
    found = tuple(Entity(EntityKind(kind), value, value, 0, len(value)) for kind, value in entities.items())
    return Understanding(text=text, language=language, intent=None, confidence=1.0, entities=found)


@pytest.mark.parametrize(
    ("language", "eta"),
    [("en", "Delivery date: 8 December 2026."), ("fr", "Date de livraison : 8 décembre 2026.")],
)
def test_the_order_answer_gives_the_delivery_date_in_words(language: str, eta: str) -> None:
    demo = DemoConnector(size=20, reference_date=date(2026, 12, 6))  # order 100234 arrives two days later
    pack = find_pack("ecommerce")
    flow = pack.flows["order_status"]
    understanding = _said("100234 jane.doe@example.com", language, order_id="100234", email="jane.doe@example.com")

    step = advance(flow, FlowState(flow.id), understanding, demo, language, pack)

    assert step.kind == StepKind.REPLY
    assert eta in step.text
    assert not ISO.search(step.text)
