"""Builders of domain records for the store tests."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tandem.domain.conversations import Conversation, ConversationStatus, Customer, NewAgent, Role

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def conversation(conversation_id: str = "c1", *, minutes: int = 0, **fields: Any) -> Conversation:
    """A conversation created `minutes` after T0; queued ones are queued at the same time by default."""
    at = T0 + timedelta(minutes=minutes)
    record = Conversation(
        id=conversation_id, domain="ecommerce", language="fr", customer=Customer("Ana"), created_at=at
    )
    if fields.get("status") == ConversationStatus.QUEUED:
        fields.setdefault("queued_at", at)
    return replace(record, **fields)


def new_agent(username: str = "ana", **fields: Any) -> NewAgent:
    return replace(
        NewAgent(username=username, display_name=username.title(), role=Role.AGENT, password_hash="x"), **fields
    )
