"""What the AI learns from people: candidates proposed when an agent resolves a case, the approved items a
supervisor accepted, and the model versions trained from them."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class CandidateStatus(StrEnum):
    PENDING = "pending"  # waiting for a supervisor
    APPROVED = "approved"  # teaches the AI: an intent example and, with an answer, a knowledge entry
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One thing the AI could learn from a resolved conversation. Texts are stored PII-redacted.

    `question` is what the customer asked; `intent` the intent the agent confirmed (an existing one or a new
    name), `suggested_intent` what the model thought; `answer` the agent's reply, a candidate knowledge entry.
    `checks_intent`: the AI would have answered the question with `suggested_intent` (triage held it back
    because that intent was on probation, or the AI answered and the customer rejected it), so approving it is
    a check of that intent (`tandem.domain.probation`): right if the approved intent is the same, else wrong.
    """

    id: int
    conversation_id: str
    domain: str
    language: str
    question: str
    intent: str | None
    suggested_intent: str | None
    answer: str
    status: CandidateStatus
    created_at: datetime
    proposed_by: int | None = None  # the agent who resolved the case
    reviewed_by: int | None = None
    reviewed_at: datetime | None = None
    checks_intent: bool = False


@dataclass(frozen=True, slots=True)
class NewCandidate:
    conversation_id: str
    domain: str
    language: str
    question: str
    intent: str | None
    suggested_intent: str | None
    answer: str
    created_at: datetime
    proposed_by: int | None = None
    checks_intent: bool = False


@dataclass(frozen=True, slots=True)
class LearnedAnswer:
    """An approved candidate as the AI and agent assist use it: a verified question -> intent -> answer."""

    id: int
    domain: str
    language: str
    intent: str
    question: str
    answer: str
    suggested_intent: str | None = None  # what the model thought, when the question checks it
    checks_intent: bool = False  # a check of `suggested_intent`: right iff `intent` is the same


class ModelStatus(StrEnum):
    ACTIVE = "active"  # what the workers serve (one per domain)
    RETIRED = "retired"  # served before; a rollback target
    REJECTED = "rejected"  # scored worse on the held-out split than the model it would replace; never served
    FAILED = "failed"  # training failed; `metrics["error"]` says why


@dataclass(frozen=True, slots=True)
class ModelVersion:
    """One trained intent model of a domain: its file, the data it learned from, its scores and calibration."""

    id: int
    domain: str
    path: str
    status: ModelStatus
    created_at: datetime
    data: dict[str, Any] = field(default_factory=dict)  # pack fingerprint, example counts, approved item ids
    metrics: dict[str, Any] = field(default_factory=dict)  # held-out scores the promotion compared
    calibration: dict[str, Any] = field(default_factory=dict)  # thresholds and target precision
    promoted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ModelArtifact:
    """The stored bytes of a model version (the intent model file), so that every host loads the same model.
    `size` and `sha256` were computed when it was stored; a reader checks them before trusting `data`."""

    version_id: int
    size: int
    sha256: str
    data: bytes = b""  # empty when only the digest was read (`ModelArtifactRepository.digest`)
