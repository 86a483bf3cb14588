"""Every free text the API stores is redacted of payment data, read back from the rows themselves."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from tandem.store import make_engine
from tandem.store.tables import CandidateRow, ConversationRow, MessageRow

from .conftest import Api, bearer
from .test_learning import handled_case

CARD = "4111 1111 1111 1111"
IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture
def rows(fresh_database_url: str) -> Iterator[Engine]:
    """The API's database, read directly: what is stored, not what the API chooses to show."""
    engine = make_engine(fresh_database_url)
    yield engine
    engine.dispose()


def test_the_customer_name_is_stored_redacted(api: Api, rows: Engine) -> None:
    chat = api.open(name=f"Jane {CARD} {IBAN}")
    api.escalate(chat)  # the handoff packet names the customer too

    with rows.connect() as connection:
        name, handoff = connection.execute(
            select(ConversationRow.customer_name, ConversationRow.handoff).where(ConversationRow.id == chat.id)
        ).one()
    assert name == "Jane [CARD] [IBAN]"
    assert "Jane [CARD] [IBAN]" in handoff["summary"]


def test_the_client_message_id_is_stored_redacted_and_still_makes_a_resend_idempotent(api: Api, rows: Engine) -> None:
    chat = api.open()
    client_id = f"msg-{CARD.replace(' ', '')}"

    first = api.say(chat, "Where is my parcel?", client_message_id=client_id)
    again = api.say(chat, "Where is my parcel?", client_message_id=client_id)

    assert again["message"]["id"] == first["message"]["id"]
    with rows.connect() as connection:
        stored = connection.execute(
            select(MessageRow.client_message_id).where(MessageRow.conversation_id == chat.id)
        ).all()
    customer_ids = [value for (value,) in stored if value is not None]
    assert customer_ids == ["msg-[CARD]"]


def test_a_lesson_is_stored_redacted(api: Api, rows: Engine) -> None:
    agent, chat = handled_case(api)
    lesson = {"intent": "price_match", "question": f"can you refund card {CARD}", "answer": f"Sent to IBAN {IBAN}."}

    resolved = api.client.post(f"/api/v1/conversations/{chat.id}/resolve", json=lesson, headers=bearer(agent))

    assert resolved.status_code == 200, resolved.text
    with rows.connect() as connection:
        question, answer = connection.execute(
            select(CandidateRow.question, CandidateRow.answer).where(CandidateRow.conversation_id == chat.id)
        ).one()
    assert question == "can you refund card [CARD]"
    assert answer == "Sent to IBAN [IBAN]."
