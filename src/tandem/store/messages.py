"""Messages: stored redacted of payment data, idempotent on the client's message id."""

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tandem.domain.conversations import Author, Message, NewMessage
from tandem.domain.errors import NotFound
from tandem.domain.meta import dump_meta, load_meta
from tandem.nlu.pii import PAYMENT, redact
from tandem.store.tables import ConversationRow, MessageRow


def to_domain(row: MessageRow) -> Message:
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


class SqlMessageRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, message: NewMessage) -> tuple[Message, bool]:
        """Store `message` with card numbers and IBANs redacted; (message, created).

        With a `client_message_id` the conversation already has, nothing is stored and the existing message
        comes back with False. Raises NotFound when the conversation does not exist.
        """
        if message.client_message_id is not None:
            # The idempotency key is free text too: redacted before the lookup as before the insert, a resend
            # of the same id still finds the stored one.
            message = replace(message, client_message_id=redact(message.client_message_id, PAYMENT))
        existing = self._existing(message)
        if existing is not None:
            return existing, False
        row = MessageRow(
            conversation_id=message.conversation_id,
            author=message.author.value,
            text=redact(message.text, PAYMENT),
            created_at=message.created_at,
            client_message_id=message.client_message_id,
            agent_id=message.agent_id,
            meta=dump_meta(message.meta),
        )
        try:
            # The savepoint keeps the caller's transaction usable when the insert fails.
            with self._session.begin_nested():
                self._session.add(row)
        except IntegrityError:
            # Lost a race: another transaction stored the same client message id after our read.
            existing = self._existing(message)
            if existing is not None:
                return existing, False
            if self._session.get(ConversationRow, message.conversation_id) is None:
                raise NotFound(f"conversation {message.conversation_id}") from None
            raise
        return to_domain(row), True

    def in_conversation(self, conversation_id: str, after_id: int | None = None) -> list[Message]:
        """The conversation's messages in the order they were stored; only those after `after_id` if given."""
        query = select(MessageRow).where(MessageRow.conversation_id == conversation_id).order_by(MessageRow.id)
        if after_id is not None:
            query = query.where(MessageRow.id > after_id)
        return [to_domain(row) for row in self._session.scalars(query)]

    def find(self, conversation_id: str, client_message_id: str) -> Message | None:
        """The message the client already sent with that id, if any (the id is stored redacted)."""
        row = self._session.scalar(
            select(MessageRow)
            .where(MessageRow.conversation_id == conversation_id)
            .where(MessageRow.client_message_id == redact(client_message_id, PAYMENT))
        )
        return None if row is None else to_domain(row)

    def _existing(self, message: NewMessage) -> Message | None:
        if message.client_message_id is None:
            return None
        return self.find(message.conversation_id, message.client_message_id)
