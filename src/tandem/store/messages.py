"""Messages: stored redacted of payment data, idempotent on the client's message id.

Written and read with SQLAlchemy Core, not the ORM: a customer message stores two or three of them, and the ORM's
unit of work cost more CPU than the statements themselves (docs/benchmarks.md, "Server CPU per message")."""

from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Insert, Table, bindparam, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tandem.domain.conversations import Author, Message, NewMessage
from tandem.domain.errors import NotFound
from tandem.domain.meta import dump_meta, load_meta
from tandem.nlu.pii import PAYMENT, redact
from tandem.store.tables import ConversationRow, MessageRow

_MESSAGES = cast(Table, MessageRow.__table__)
_CONVERSATIONS = cast(Table, ConversationRow.__table__)
_IDEMPOTENCY_KEY = ("conversation_id", "client_message_id")  # the unique constraint of the table
_INSERTED = ("conversation_id", "author", "text", "created_at", "client_message_id", "agent_id", "meta")


def to_domain(row: Any) -> Message:
    """A message from a row of the messages table (an ORM row or a Core one)."""
    return Message(
        id=row.id,
        conversation_id=row.conversation_id,
        author=Author(row.author),
        text=row.text,
        created_at=row.created_at,
        client_message_id=row.client_message_id,
        agent_id=row.agent_id,
        meta=load_meta(row.meta),
    )


def _insert_statement(dialect: Any) -> Insert:
    """INSERT … SELECT the values WHERE the conversation exists, ON CONFLICT (same client id) DO NOTHING,
    RETURNING the new id: no row back when either stopped it. Built once per dialect, the values bound by name."""
    columns = _MESSAGES.c
    found = exists().where(_CONVERSATIONS.c.id == bindparam("conversation_id"))
    source = select(*(bindparam(name, type_=columns[name].type) for name in _INSERTED)).where(found)
    statement = dialect.insert(_MESSAGES).from_select(list(_INSERTED), source)
    returning: Insert = statement.on_conflict_do_nothing(index_elements=list(_IDEMPOTENCY_KEY)).returning(columns.id)
    return returning


_INSERT = {"postgresql": _insert_statement(postgresql), "sqlite": _insert_statement(sqlite)}
_FIND = select(_MESSAGES).where(
    _MESSAGES.c.conversation_id == bindparam("conversation_id"),
    _MESSAGES.c.client_message_id == bindparam("client_message_id"),
)
_IN_CONVERSATION = (
    select(_MESSAGES).where(_MESSAGES.c.conversation_id == bindparam("conversation_id")).order_by(_MESSAGES.c.id)
)


class SqlMessageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, message: NewMessage) -> tuple[Message, bool]:
        """Store `message` with card numbers and IBANs redacted; (message, created).

        With a `client_message_id` the conversation already has, nothing is stored and the existing message
        comes back with False (also when another transaction stored it meanwhile: the insert waits for that
        one). Raises NotFound when the conversation does not exist. One statement that cannot fail on either
        case, so the caller's transaction stays usable without a savepoint.
        """
        if message.client_message_id is not None:
            # The idempotency key is free text too: redacted before the lookup as before the insert, a resend
            # of the same id still finds the stored one.
            message = replace(message, client_message_id=redact(message.client_message_id, PAYMENT))
        message = replace(message, text=redact(message.text, PAYMENT))
        meta = dump_meta(message.meta)
        values = {
            "conversation_id": message.conversation_id,
            "author": message.author.value,
            "text": message.text,
            "created_at": message.created_at,
            "client_message_id": message.client_message_id,
            "agent_id": message.agent_id,
            "meta": meta,
        }
        new_id = self._session.execute(_INSERT[self._session.get_bind().dialect.name], values).scalar()
        if new_id is not None:
            return _stored(new_id, message, meta), True
        key = message.client_message_id
        existing = None if key is None else self.find(message.conversation_id, key)
        if existing is None:
            raise NotFound(f"conversation {message.conversation_id}")
        return existing, False

    def in_conversation(self, conversation_id: str, after_id: int | None = None) -> list[Message]:
        """The conversation's messages in the order they were stored; only those after `after_id` if given."""
        query = _IN_CONVERSATION if after_id is None else _IN_CONVERSATION.where(_MESSAGES.c.id > after_id)
        rows = self._session.execute(query, {"conversation_id": conversation_id})
        return [to_domain(row) for row in rows]

    def find(self, conversation_id: str, client_message_id: str) -> Message | None:
        """The message the client already sent with that id, if any (the id is stored redacted)."""
        key = {"conversation_id": conversation_id, "client_message_id": redact(client_message_id, PAYMENT)}
        row = self._session.execute(_FIND, key).one_or_none()
        return None if row is None else to_domain(row)


def _stored(new_id: int, message: NewMessage, meta: dict[str, Any]) -> Message:
    """The message as `to_domain` would read it back."""
    return Message(
        id=new_id,
        conversation_id=message.conversation_id,
        author=message.author,
        text=message.text,
        created_at=message.created_at,
        client_message_id=message.client_message_id,
        agent_id=message.agent_id,
        meta=load_meta(meta),
    )
