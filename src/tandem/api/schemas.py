"""Request and response bodies: the public contract (OpenAPI at /openapi.json)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tandem.wellbeing import LoadLevel
from tandem.wellbeing.records import Alert

# A served pack's name (built in, or a company's from TANDEM_PACK_DIRS): the services refuse one not served.
Domain = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
Language = Literal["fr", "en"]

# Ids in paths are checked before any lookup: out of a database column's range (PostgreSQL's integer ends at
# 2^31 - 1) or malformed, they are a 422 rather than a database error (500).
ConversationId = Annotated[
    str,
    Path(
        min_length=36,
        max_length=36,
        pattern=r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        description="A conversation's id (a UUID).",
    ),
]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
DomainName = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")]


class Refusal(BaseModel):
    """Every refusal but a malformed request: what went wrong, in words."""

    detail: str


class Problem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """422: the request's problems (malformed) or, once it is understood, why it cannot be done."""

    detail: list[Problem] | str


REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": Refusal, "description": "A body that is not even text (invalid UTF-8)"},
    401: {"model": Refusal, "description": "No valid token"},
    403: {"model": Refusal, "description": "Not allowed to this caller"},
    404: {"model": Refusal, "description": "Not found"},
    409: {"model": Refusal, "description": "Conflicts with the current state"},
    413: {"model": Refusal, "description": "Too large"},
    422: {"model": Invalid, "description": "Invalid request"},
    429: {"model": Refusal, "description": "Too many requests"},
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        # PostgreSQL refuses NUL in text, and nothing can encode a lone surrogate: refused here, each is a
        # 422 rather than a database or analysis error (500).
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("text must not contain NUL characters")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate ("\ud800") cannot be stored or analysed
                raise ValueError("text must be valid Unicode") from None
        return value


class CustomerIn(Strict):
    name: str = Field(default="Guest", min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=254)


class ConversationIn(Strict):
    domain: Domain
    language: Language | None = None
    customer: CustomerIn = Field(default_factory=CustomerIn)


class ConversationCreated(BaseModel):
    id: str
    token: str


class MessageIn(Strict):
    text: str  # too long is the service's 413; the app refuses oversized bodies before parsing them
    client_message_id: str | None = Field(default=None, max_length=100)


class MessageOut(BaseModel):
    id: int
    author: str
    text: str
    created_at: datetime
    masked: bool = False  # staff only: the customer's insults are hidden; `reveal` gives the original


class RevealOut(BaseModel):
    id: int
    text: str


class ReplyOut(BaseModel):
    author: str
    text: str


class QueueOut(BaseModel):
    position: int
    wait_seconds: int | None


class Posted(BaseModel):
    message: MessageOut
    replies: list[ReplyOut]
    status: str
    truncated: bool = False  # the customer's message was cut to its first 4,000 characters (a reply says so)


class ThreadOut(BaseModel):
    status: str
    messages: list[MessageOut]
    queue: QueueOut | None = None
    ended_for: str | None = None  # resolved and ended on the spot, e.g. "abuse": no rating is asked for
    # The customer may be asked "did this answer your question?": the AI's last turn answered (docs/metrics.md).
    can_confirm: bool = False


class CsatIn(Strict):
    score: int = Field(ge=1, le=5)


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class LoginOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    role: Literal["agent", "supervisor"]


class StatusIn(Strict):
    status: Literal["available", "break", "offline"]


class AgentOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    status: str
    skills: list[str]
    languages: list[str]
    capacity: int
    active: int
    # Wellbeing (docs/wellbeing.md), as of now.
    load: float
    load_level: LoadLevel
    effective_capacity: int
    recent_hard: int
    hard_today: int
    hard_share: float
    occupancy_last_hour: float = Field(description="Share of the agent's chat seats in use over the last hour at work.")
    worked_minutes_today: float
    worked_minutes_week: float
    break_due: bool
    break_due_at: datetime | None
    break_in_lull: bool = Field(
        default=False, description="The break is asked for early because nobody waits (break_due is then true)."
    )
    breaks_taken_today: int
    overtime_minutes: float
    cooling_down_until: datetime | None
    alerts: list[Alert]
    check_in: int | None = Field(default=None, description="The agent's own valid check-in: /agents/me only.")
    ask_check_in: bool = Field(default=False, description="Ask the agent how they are now (start of the day).")


class CheckInIn(Strict):
    score: int = Field(ge=1, le=5, description="1 (bad) .. 5 (good)")


class EndIn(Strict):
    reason: Literal["abuse"]


class CustomerOut(BaseModel):
    name: str
    email: str | None


class ProposedLessonOut(BaseModel):
    """What resolving proposes to teach when the agent leaves it as it is: the customer's real question and the
    agent's substantive answer ("" when the conversation has none), as of the message `upto`."""

    question: str
    answer: str
    upto: int | None = None  # the id of the last message it was proposed from


class AssignedOut(BaseModel):
    id: str
    domain: str
    language: str | None
    status: str
    customer: CustomerOut
    queued_at: datetime | None
    assigned_at: datetime | None
    handoff: dict[str, Any] | None
    messages: list[MessageOut]
    proposed_lesson: ProposedLessonOut | None = None


class QueuedOut(BaseModel):
    id: str
    domain: str
    language: str | None
    priority: int
    waited_seconds: int
    reasons: list[str]
    waiting_for: list[str] = Field(default_factory=list, description="Why the router left it waiting.")


class StatusOut(BaseModel):
    status: str


class TransferIn(Strict):
    domain: Domain
    language: Language | None = None


class CsatOut(BaseModel):
    csat: int


class WaitingOut(BaseModel):
    """A hostile conversation waiting for a supervisor: the dashboard's alert."""

    id: str
    domain: str
    language: str | None
    waited_seconds: int
    closes_at: datetime = Field(description="When it is closed, flagged as abuse, if no supervisor takes it.")
    closes_in_seconds: int


class TakenOut(BaseModel):
    id: str
    status: str
    agent_id: int
