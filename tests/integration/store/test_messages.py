from datetime import timedelta

import pytest

from tandem.domain.conversations import Author, NewMessage
from tandem.domain.errors import NotFound
from tandem.domain.meta import Mention, MessageMeta, Reading, SourceArticle
from tandem.store import SqlUnitOfWork

from .builders import T0, conversation, new_agent


def message(text: str = "Bonjour", client_id: str | None = None, conversation_id: str = "c1", **fields) -> NewMessage:
    return NewMessage(conversation_id, Author.CUSTOMER, text, T0, client_message_id=client_id, **fields)


@pytest.fixture
def uow_with_conversation(uow: SqlUnitOfWork) -> SqlUnitOfWork:
    with uow() as tx:
        tx.conversations.add(conversation("c1"))
        tx.conversations.add(conversation("c2"))
        tx.commit()
    return uow


def test_every_field_round_trips(uow_with_conversation: SqlUnitOfWork) -> None:
    uow = uow_with_conversation
    with uow() as tx:
        agent = tx.agents.add(new_agent())
        sent = NewMessage(
            "c1",
            Author.AGENT,
            "Votre colis arrive demain.",
            T0 + timedelta(seconds=30),
            client_message_id="m-1",
            agent_id=agent.id,
            meta=MessageMeta(
                reading=Reading(
                    "fr",
                    "where_is_my_parcel",
                    0.9,
                    entities=(Mention("tracking_number", "1Z999AA10123456784", "1z999aa10123456784"),),
                    sentiment=-0.4,
                    frustration=0.5,
                    abuse=True,
                    abuse_terms=("idiots",),
                    decision="escalate",
                    reasons=("frustration", "abuse"),
                ),
                reply_to=3,
                phrased_by="llm",
                article=SourceArticle("delivery", "Delivery", "Two days."),
                routing=("skills", "least_loaded"),
            ),
        )
        stored, created = tx.messages.add(sent)
        tx.commit()
    assert created
    with uow() as tx:
        (loaded,) = tx.messages.in_conversation("c1")
    assert loaded == stored
    assert (loaded.conversation_id, loaded.author, loaded.text, loaded.created_at) == (
        "c1",
        Author.AGENT,
        sent.text,
        sent.created_at,
    )
    assert (loaded.client_message_id, loaded.agent_id, loaded.meta) == ("m-1", agent.id, sent.meta)
    assert loaded.created_at.tzinfo is not None


def test_same_client_id_twice_stores_one_message(uow_with_conversation: SqlUnitOfWork) -> None:
    with uow_with_conversation() as tx:
        first, created_first = tx.messages.add(message("Où est ma commande ?", "m-1"))
        again, created_again = tx.messages.add(message("Où est ma commande ?", "m-1"))
        assert (created_first, created_again) == (True, False)
        assert again == first
        assert tx.messages.in_conversation("c1") == [first]
        assert tx.messages.find("c1", "m-1") == first
        assert tx.messages.find("c1", "m-2") is None
        assert tx.messages.find("c2", "m-1") is None


def test_client_ids_are_per_conversation_and_none_never_clashes(uow_with_conversation: SqlUnitOfWork) -> None:
    with uow_with_conversation() as tx:
        assert tx.messages.add(message(client_id="m-1"))[1]
        assert tx.messages.add(message(client_id="m-1", conversation_id="c2"))[1]
        assert tx.messages.add(message())[1]
        assert tx.messages.add(message())[1]
        assert len(tx.messages.in_conversation("c1")) == 3


def test_a_stored_client_id_leaves_the_transaction_usable(uow_with_conversation: SqlUnitOfWork) -> None:
    # The insert of a known client id does nothing rather than fail (on PostgreSQL a failed statement would
    # abort the whole transaction); the real race, two transactions at once, is in test_concurrency.py.
    with uow_with_conversation() as tx:
        winner, _ = tx.messages.add(message("first", "m-1"))
        assert tx.messages.add(message("second", "m-1")) == (winner, False)
        assert tx.messages.add(message("third", "m-2"))[1]
        assert [m.text for m in tx.messages.in_conversation("c1")] == ["first", "third"]


def test_payment_data_is_redacted_before_storage(uow_with_conversation: SqlUnitOfWork) -> None:
    text = (
        "Commande A-12345678, carte 4111 1111 1111 1111, IBAN FR76 3000 6000 0112 3456 7890 189, "
        "écrivez à zoe@example.fr ou au 06 12 34 56 78"
    )
    with uow_with_conversation() as tx:
        stored, _ = tx.messages.add(message(text))
        (loaded,) = tx.messages.in_conversation("c1")
    for kept in ("A-12345678", "zoe@example.fr", "06 12 34 56 78", "[CARD]", "[IBAN]"):
        assert kept in loaded.text
    for removed in ("4111", "FR76", "3000 6000"):
        assert removed not in loaded.text
    assert stored == loaded


def test_in_conversation_pages_after_an_id(uow_with_conversation: SqlUnitOfWork) -> None:
    with uow_with_conversation() as tx:
        ids = [tx.messages.add(message(f"m{index}"))[0].id for index in range(4)]
        tx.messages.add(message("elsewhere", conversation_id="c2"))
        assert [m.id for m in tx.messages.in_conversation("c1")] == ids
        assert [m.text for m in tx.messages.in_conversation("c1", after_id=ids[1])] == ["m2", "m3"]
        assert tx.messages.in_conversation("c1", after_id=ids[-1]) == []
        assert tx.messages.in_conversation("unknown") == []


def test_message_for_a_missing_conversation_is_not_found(uow_with_conversation: SqlUnitOfWork) -> None:
    with uow_with_conversation() as tx:
        with pytest.raises(NotFound):
            tx.messages.add(message(conversation_id="nope"))
        assert tx.messages.add(message())[1]  # still usable
