"""The live events the service sends to browsers, the channels they go to, and their JSON (the pages' contract).

Every event is one of the dataclasses of `LiveEvent`, built where something changed and turned into JSON only
by the sink that sends it (`as_json`). Services gather them in an `Outbox` during a transaction and send them
once it has committed, so no one hears of a change that was rolled back.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from tandem.domain.conversations import Conversation, ConversationStatus, Message
from tandem.domain.shielding import for_staff

if TYPE_CHECKING:
    from tandem.domain.ports import EventSink

AGENTS: Final = "agents"  # every logged-in agent (queue length)
SUPERVISORS: Final = "supervisors"  # dashboards: everything


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def agent_channel(agent_id: int) -> str:
    return f"agent:{agent_id}"


def utc_json(moment: datetime) -> str:
    """A time as every response gives it (pydantic's form): ISO 8601 in UTC with a "Z"."""
    return moment.isoformat().replace("+00:00", "Z")


def message_json(message: Message) -> dict[str, Any]:
    """The public shape of a message: what customers, agents and the API see."""
    return {
        "id": message.id,
        "author": message.author.value,
        "text": message.text,
        "created_at": utc_json(message.created_at),
        "masked": message.masked,
    }


@dataclass(frozen=True, slots=True)
class QueueInfo:
    """A queued customer's place: `wait_seconds` is None when nobody who could take it is at work."""

    position: int
    wait_seconds: int | None

    def as_json(self) -> dict[str, int | None]:
        return {"position": self.position, "wait_seconds": self.wait_seconds}


@dataclass(frozen=True, slots=True)
class MessageEvent:
    message: Message

    def as_json(self) -> dict[str, Any]:
        return {
            "type": "message",
            "conversation_id": self.message.conversation_id,
            "message": message_json(self.message),
        }


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """A conversation's status changed, or (queued) its place in the queue did."""

    conversation_id: str
    status: ConversationStatus
    queue: QueueInfo | None = None

    def as_json(self) -> dict[str, Any]:
        queue = self.queue.as_json() if self.queue is not None else None
        return {"type": "status", "conversation_id": self.conversation_id, "status": self.status.value, "queue": queue}


@dataclass(frozen=True, slots=True)
class AssignedEvent:
    """To an agent: a conversation is now theirs."""

    conversation_id: str

    def as_json(self) -> dict[str, Any]:
        return {"type": "assigned", "conversation_id": self.conversation_id}


@dataclass(frozen=True, slots=True)
class QueueEvent:
    length: int

    def as_json(self) -> dict[str, Any]:
        return {"type": "queue", "length": self.length}


@dataclass(frozen=True, slots=True)
class AgentsEvent:
    """The team's states or figures changed: dashboards read them again."""

    def as_json(self) -> dict[str, Any]:
        return {"type": "agents"}


@dataclass(frozen=True, slots=True)
class CandidatesEvent:
    """A lesson waits for review."""

    def as_json(self) -> dict[str, Any]:
        return {"type": "candidates"}


@dataclass(frozen=True, slots=True)
class WellbeingEvent:
    """To an agent: the router starts (`reason` set) or stops turning them away for their working time."""

    reason: str | None
    break_due_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        due_at = None if self.break_due_at is None else utc_json(self.break_due_at)
        return {
            "type": "wellbeing",
            "break_due": self.reason is not None,
            "reason": self.reason,
            "break_due_at": due_at,
        }


@dataclass(frozen=True, slots=True)
class CheckInEvent:
    """To an agent: a good moment to ask how they are (skippable)."""

    after: str

    def as_json(self) -> dict[str, Any]:
        return {"type": "check_in", "after": self.after}


@dataclass(frozen=True, slots=True)
class AlertEvent:
    """To supervisors: an agent needs attention."""

    agent_id: int
    alert: str

    def as_json(self) -> dict[str, Any]:
        return {"type": "alert", "agent_id": self.agent_id, "alert": self.alert}


@dataclass(frozen=True, slots=True)
class MyStatusEvent:
    """To every tab of one agent: their status changed, and `requeued` of their chats went back to the queue."""

    status: str
    requeued: int

    def as_json(self) -> dict[str, Any]:
        return {"type": "my_status", "status": self.status, "requeued": self.requeued}


@dataclass(frozen=True, slots=True)
class SupervisorNeededEvent:
    """To supervisors: a conversation kept for them (the customer stayed insulting after a warning) waits for one
    to take it over; it is ended if nobody does in time."""

    conversation_id: str

    def as_json(self) -> dict[str, Any]:
        return {"type": "supervisor_needed", "conversation_id": self.conversation_id}


LiveEvent = (
    MessageEvent
    | StatusEvent
    | AssignedEvent
    | QueueEvent
    | AgentsEvent
    | CandidatesEvent
    | WellbeingEvent
    | CheckInEvent
    | AlertEvent
    | MyStatusEvent
    | SupervisorNeededEvent
)


class Outbox:
    """Events gathered during a transaction and sent only once it has committed."""

    def __init__(self) -> None:
        self._pending: list[tuple[tuple[str, ...], LiveEvent]] = []

    def add(self, channels: tuple[str, ...], event: LiveEvent) -> None:
        self._pending.append((channels, event))

    def message(self, message: Message, agent_id: int | None) -> None:
        """A new message, to the customer as it is and to the staff shielded (insults masked)."""
        staff: tuple[str, ...] = (SUPERVISORS,) if agent_id is None else (SUPERVISORS, agent_channel(agent_id))
        shielded = for_staff(message)
        if shielded is message:
            self.add((conversation_channel(message.conversation_id), *staff), MessageEvent(message))
        else:
            self.add((conversation_channel(message.conversation_id),), MessageEvent(message))
            self.add(staff, MessageEvent(shielded))

    def status(self, conversation_id: str, status: ConversationStatus, *channels: str) -> None:
        """The conversation's new status, to its customer and to `channels`."""
        self.add((conversation_channel(conversation_id), *channels), StatusEvent(conversation_id, status))

    def supervisor_needed(self, conversation: Conversation) -> None:
        """Alert the supervisors when `conversation` now waits for one of them (kept for supervisors)."""
        if conversation.supervisor_only and conversation.status == ConversationStatus.QUEUED:
            self.add((SUPERVISORS,), SupervisorNeededEvent(conversation.id))

    def flush(self, sink: "EventSink") -> None:
        pending, self._pending = self._pending, []
        for channels, event in pending:
            for channel in channels:
                sink.publish(channel, event)


class NullSink:
    """No live updates (CLI tools, tests that do not look at them)."""

    def publish(self, channel: str, event: LiveEvent) -> None:
        return None
