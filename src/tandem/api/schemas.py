"""Request and response bodies: the public contract (OpenAPI at /openapi.json)."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Domain = Literal["ecommerce", "logistics", "telecom"]
Language = Literal["fr", "en"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
    text: str = Field(max_length=20_000)  # the service's own limit (413) is lower; this stops abuse early
    client_message_id: str | None = Field(default=None, max_length=100)


class MessageOut(BaseModel):
    id: int
    author: str
    text: str
    created_at: datetime


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


class ThreadOut(BaseModel):
    status: str
    messages: list[MessageOut]
    queue: QueueOut | None = None


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


class CustomerOut(BaseModel):
    name: str
    email: str | None


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


class QueuedOut(BaseModel):
    id: str
    domain: str
    language: str | None
    priority: int
    waited_seconds: int
    reasons: list[str]


class StatusOut(BaseModel):
    status: str


class TransferIn(Strict):
    domain: Domain
    language: Language | None = None


class CsatOut(BaseModel):
    csat: int
