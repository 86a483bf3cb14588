"""The live events the service sends to browsers, and the channels they go to."""

from typing import Any

from tandem.domain.conversations import Message
from tandem.domain.ports import EventSink
from tandem.domain.shielding import for_staff

AGENTS = "agents"  # every logged-in agent (queue length)
SUPERVISORS = "supervisors"  # dashboards: everything


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def agent_channel(agent_id: int) -> str:
    return f"agent:{agent_id}"


def message_json(message: Message) -> dict[str, Any]:
    """The public shape of a message: what customers, agents and the API see."""
    return {
        "id": message.id,
        "author": message.author.value,
        "text": message.text,
        # The same form as the REST responses (pydantic): UTC with a "Z".
        "created_at": message.created_at.isoformat().replace("+00:00", "Z"),
        "masked": message.masked,
    }


def _message_event(message: Message) -> dict[str, Any]:
    return {"type": "message", "conversation_id": message.conversation_id, "message": message_json(message)}


class Outbox:
    """Events gathered during a transaction and sent only once it has committed, so no one hears of a change
    that was rolled back."""

    def __init__(self) -> None:
        self._pending: list[tuple[tuple[str, ...], dict[str, Any]]] = []

    def add(self, channels: tuple[str, ...], event: dict[str, Any]) -> None:
        self._pending.append((channels, event))

    def message(self, message: Message, agent_id: int | None) -> None:
        """A new message, to the customer as it is and to the staff shielded (insults masked)."""
        staff: tuple[str, ...] = (SUPERVISORS,) if agent_id is None else (SUPERVISORS, agent_channel(agent_id))
        shielded = for_staff(message)
        if shielded is message:
            self.add((conversation_channel(message.conversation_id), *staff), _message_event(message))
        else:
            self.add((conversation_channel(message.conversation_id),), _message_event(message))
            self.add(staff, _message_event(shielded))

    def flush(self, sink: EventSink) -> None:
        pending, self._pending = self._pending, []
        for channels, event in pending:
            for channel in channels:
                sink.publish(channel, event)


class NullSink:
    """No live updates (CLI tools, tests that do not look at them)."""

    def publish(self, channel: str, event: dict[str, Any]) -> None:
        return None
