"""Ports: what the inner layers need from the outside, as Protocols. Adapters live outside `domain`."""

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from tandem.domain.conversations import (
    Agent,
    Conversation,
    ConversationStatus,
    Message,
    NewAgent,
    NewMessage,
    Role,
)
from tandem.domain.events import LiveEvent
from tandem.domain.learning import (
    Candidate,
    CandidateStatus,
    LearnedAnswer,
    ModelArtifact,
    ModelStatus,
    ModelVersion,
    NewCandidate,
)
from tandem.domain.routing import ChatSpan


@runtime_checkable
class Connector(Protocol):
    """A company's business system (orders, parcels, billing).

    `call` returns a flat mapping of result fields (see docs/packs.md for the operations).
    Raises `NotFound` when the record does not exist and `ConnectorError` for any other failure.
    """

    def call(self, operation: str, params: Mapping[str, str]) -> dict[str, Any]: ...


class ConversationRepository(Protocol):
    def add(self, conversation: Conversation) -> Conversation: ...

    def get(self, conversation_id: str) -> Conversation:
        """Raises NotFound."""
        ...

    def lock(self, conversation_id: str) -> Conversation:
        """`get`, holding a row lock until the transaction ends (PostgreSQL). Raises NotFound."""
        ...

    def update(self, conversation: Conversation) -> None: ...

    def queued(self) -> list[Conversation]:
        """Conversations waiting for a person, oldest first."""
        ...

    def claim(self, conversation_id: str, agent_id: int, at: datetime) -> bool:
        """Assign a queued conversation, unless another transaction holds it or it is no longer queued.

        Never blocks: a row another worker has locked is skipped (`FOR UPDATE SKIP LOCKED`), and the
        assignment is recorded in the assignment log. True when this call assigned it.
        """
        ...

    def assigned_to(self, agent_id: int) -> list[Conversation]: ...

    def hold_routing(self) -> None:
        """Serialise routing passes across workers until the transaction ends."""
        ...

    def count_assigned(self) -> dict[int, int]:
        """Agent id -> conversations assigned to them now."""
        ...

    def assignment_counts(self) -> dict[str, int]:
        """Conversation id -> times it was assigned (rows in the assignment log); never-assigned ones absent."""
        ...

    def created_since(self, since: datetime | None) -> list[Conversation]: ...

    def with_status(self, status: ConversationStatus) -> list[Conversation]: ...

    def set_waiting_reasons(self, conversation_id: str, reasons: tuple[str, ...]) -> None:
        """Record why the router left it waiting, touching nothing else (a routing pass must not overwrite
        what another transaction changed meanwhile)."""
        ...

    def chat_spans(self, since: datetime, until: datetime) -> list[ChatSpan]:
        """From the assignment log: each time an agent had a conversation, overlapping `since`..`until`
        (end None: they still have it). For agents' occupancy (tandem.wellbeing.occupancy)."""
        ...


class MessageRepository(Protocol):
    def add(self, message: NewMessage) -> tuple[Message, bool]:
        """Store a message, redacting payment data. With a `client_message_id` the conversation already has,
        nothing is stored and the existing message comes back. The bool says whether it was created."""
        ...

    def find(self, conversation_id: str, client_message_id: str) -> Message | None:
        """The message the client already sent with that id, if any."""
        ...

    def in_conversation(self, conversation_id: str, after_id: int | None = None) -> list[Message]: ...


class AgentRepository(Protocol):
    def add(self, agent: NewAgent) -> Agent:
        """Raises Conflict when the username is taken."""
        ...

    def get(self, agent_id: int) -> Agent:
        """Raises NotFound."""
        ...

    def lock(self, agent_id: int) -> Agent:
        """`get`, holding a row lock until the transaction ends (PostgreSQL), for a read-modify-write.
        Raises NotFound."""
        ...

    def set_notice(self, agent_id: int, notice: str | None) -> None:
        """Record the working-time notice the agent was given, touching nothing else."""
        ...

    def by_username(self, username: str) -> Agent | None: ...

    def all(self, role: Role | None = None) -> list[Agent]: ...

    def update(self, agent: Agent) -> None: ...


class CandidateRepository(Protocol):
    def add(self, candidate: NewCandidate) -> Candidate:
        """Store a pending candidate, its texts redacted of PII."""
        ...

    def get(self, candidate_id: int) -> Candidate:
        """Raises NotFound."""
        ...

    def lock(self, candidate_id: int) -> Candidate:
        """`get`, holding a row lock until the transaction ends (PostgreSQL). Raises NotFound."""
        ...

    def update(self, candidate: Candidate) -> None:
        """Save a review (status, intent, edited texts redacted again, reviewer)."""
        ...

    def with_status(self, status: CandidateStatus, domain: str | None = None) -> list[Candidate]:
        """Oldest first."""
        ...

    def for_conversation(self, conversation_id: str) -> list[Candidate]: ...

    def learned(self, domain: str) -> list[LearnedAnswer]:
        """The approved candidates of `domain` with an intent, oldest first."""
        ...


class ModelVersionRepository(Protocol):
    def add(self, version: ModelVersion) -> ModelVersion:
        """Record a trained model; the returned copy carries its id."""
        ...

    def get(self, version_id: int) -> ModelVersion:
        """Raises NotFound."""
        ...

    def active(self, domain: str) -> ModelVersion | None: ...

    def of_domain(self, domain: str) -> list[ModelVersion]:
        """Newest first."""
        ...

    def hold(self) -> None:
        """Serialise promotions and rollbacks across workers until the transaction ends."""
        ...

    def set_metrics(self, version_id: int, metrics: dict[str, Any]) -> None: ...

    def set_status(self, version_id: int, status: ModelStatus, promoted_at: datetime | None = None) -> None: ...


class ModelArtifactRepository(Protocol):
    def put(self, version_id: int, data: bytes) -> ModelArtifact:
        """Store the bytes of a recorded version (replacing any), with their size and SHA-256."""
        ...

    def digest(self, version_id: int) -> ModelArtifact | None:
        """The size and SHA-256 of a version's bytes, without the bytes; None if none are stored."""
        ...

    def get(self, version_id: int) -> ModelArtifact | None:
        """The stored bytes of a version, as stored (the caller checks them); None if none are."""
        ...

    def hold_training(self, domain: str) -> None:
        """Until the transaction ends, keep other hosts from training `domain`'s pack model at the same time
        (processes sharing a model directory are kept apart by its lock files)."""
        ...


class ConversationFacts(Protocol):
    """A conversation's outcome facts for the metrics (docs/metrics.md), recorded as its events happen."""

    def opened(self, conversation_id: str, at: datetime, team: str, email: str | None) -> None: ...

    def customer_wrote(
        self, conversation_id: str, at: datetime, intent: str | None, answered: bool, open_question: bool
    ) -> None:
        """A customer message; `answered`: the AI gave an actual answer (to `intent`); `open_question`: the
        AI's turn asked something back (a clarifying question, a flow's step)."""
        ...

    def handed(self, conversation_id: str, at: datetime, reasons: Sequence[str]) -> None: ...

    def answered(self, conversation_id: str, at: datetime) -> None:
        """A person took it."""
        ...

    def closed(self, conversation_id: str, at: datetime, abuse: bool = False) -> None: ...

    def reopened(self, conversation_id: str, at: datetime) -> None: ...

    def transferred(self, conversation_id: str, team: str) -> None: ...

    def rated(self, conversation_id: str, score: int) -> None: ...

    def confirmed(self, conversation_id: str, answered: bool, at: datetime) -> bool:
        """The customer's "did this answer your question?"; False when the AI gave no answer or people took it."""
        ...

    def said_answered(self, conversation_id: str) -> bool:
        """Whether the customer said "yes, this answered my question" (and has not said otherwise since)."""
        ...

    def can_confirm(self, conversation_id: str) -> bool:
        """Whether the customer may be asked "did this answer your question?" now: the AI gave an answer, no
        person was handed the conversation, and the AI's last turn does not ask the customer something."""
        ...


class AgentHourLog(Protocol):
    """Agents' work per clock hour for the metrics, booked when each stretch ends."""

    def worked(self, agent_id: int, start: datetime, end: datetime) -> None: ...

    def seated(self, agent_id: int, start: datetime, end: datetime, capacity: int) -> None: ...

    def contact_ended(self, agent_id: int, at: datetime, hard: bool, abusive: bool) -> None: ...

    def break_taken(self, agent_id: int, start: datetime) -> None: ...

    def break_due(self, agent_id: int, at: datetime) -> None: ...

    def worked_in_hour(self, hour: datetime) -> dict[int, float]:
        """Seconds at work booked in the clock hour starting at `hour`, by agent (those with none left out)."""
        ...


class Transaction(Protocol):
    # Read-only members: an adapter's own repository classes satisfy them (a plain attribute would be invariant).
    @property
    def conversations(self) -> ConversationRepository: ...

    @property
    def messages(self) -> MessageRepository: ...

    @property
    def agents(self) -> AgentRepository: ...

    @property
    def candidates(self) -> CandidateRepository: ...

    @property
    def models(self) -> ModelVersionRepository: ...

    @property
    def artifacts(self) -> ModelArtifactRepository: ...

    @property
    def facts(self) -> ConversationFacts: ...

    @property
    def agent_hours(self) -> AgentHourLog: ...

    def commit(self) -> None: ...


class UnitOfWork(Protocol):
    """Opens one transaction; leaving the block without `commit()` rolls it back."""

    def __call__(self, read_only: bool = False) -> AbstractContextManager[Transaction]: ...


class EventSink(Protocol):
    """Live updates to browsers. `channel` is `conversation:<id>`, `agent:<id>`, `agents` or `supervisors`."""

    def publish(self, channel: str, event: LiveEvent) -> None: ...
