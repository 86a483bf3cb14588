"""The learning loop's records: candidates from resolved conversations and the intent model versions."""

from copy import deepcopy
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from tandem.domain.errors import NotFound
from tandem.domain.learning import (
    Candidate,
    CandidateStatus,
    LearnedAnswer,
    ModelStatus,
    ModelVersion,
    NewCandidate,
)
from tandem.nlu.pii import redact
from tandem.store.tables import CandidateRow, ModelVersionRow

_PROMOTION_LOCK = 0x7A4D_0003  # any constant shared by all workers (0x7A4D_0001 migrates, routing has its own)


def candidate_to_domain(row: CandidateRow) -> Candidate:
    return Candidate(
        id=row.id,
        conversation_id=row.conversation_id,
        domain=row.domain,
        language=row.language,
        question=row.question,
        intent=row.intent,
        suggested_intent=row.suggested_intent,
        answer=row.answer,
        status=CandidateStatus(row.status),
        created_at=row.created_at,
        proposed_by=row.proposed_by,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at,
        checks_intent=row.checks_intent,
    )


class SqlCandidateRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, candidate: NewCandidate) -> Candidate:
        """Store a pending candidate, its texts redacted of every kind of PII (they may become training data)."""
        row = CandidateRow(
            conversation_id=candidate.conversation_id,
            domain=candidate.domain,
            language=candidate.language,
            question=redact(candidate.question),
            intent=candidate.intent,
            suggested_intent=candidate.suggested_intent,
            answer=redact(candidate.answer),
            status=CandidateStatus.PENDING.value,
            created_at=candidate.created_at,
            proposed_by=candidate.proposed_by,
            checks_intent=candidate.checks_intent,
        )
        self._session.add(row)
        self._session.flush()
        return candidate_to_domain(row)

    def get(self, candidate_id: int) -> Candidate:
        return candidate_to_domain(self._row(candidate_id))

    def lock(self, candidate_id: int) -> Candidate:
        row = self._session.scalars(
            select(CandidateRow).where(CandidateRow.id == candidate_id).with_for_update()
        ).one_or_none()
        if row is None:
            raise NotFound(f"learning candidate {candidate_id}")
        return candidate_to_domain(row)

    def update(self, candidate: Candidate) -> None:
        """Save a review; edited texts are redacted again (a supervisor may paste PII too)."""
        row = self._row(candidate.id)
        row.question = redact(candidate.question)
        row.answer = redact(candidate.answer)
        row.intent = candidate.intent
        row.status = candidate.status.value
        row.reviewed_by = candidate.reviewed_by
        row.reviewed_at = candidate.reviewed_at
        self._session.flush()

    def with_status(self, status: CandidateStatus, domain: str | None = None) -> list[Candidate]:
        """Oldest first."""
        query = select(CandidateRow).where(CandidateRow.status == status.value)
        if domain is not None:
            query = query.where(CandidateRow.domain == domain)
        return [candidate_to_domain(row) for row in self._session.scalars(query.order_by(CandidateRow.id))]

    def for_conversation(self, conversation_id: str) -> list[Candidate]:
        query = select(CandidateRow).where(CandidateRow.conversation_id == conversation_id).order_by(CandidateRow.id)
        return [candidate_to_domain(row) for row in self._session.scalars(query)]

    def learned(self, domain: str) -> list[LearnedAnswer]:
        """The approved candidates of `domain`, oldest first: what the AI and agent assist learn from."""
        return [
            LearnedAnswer(
                c.id, c.domain, c.language, c.intent, c.question, c.answer, c.suggested_intent, c.checks_intent
            )
            for c in self.with_status(CandidateStatus.APPROVED, domain)
            if c.intent is not None
        ]

    def _row(self, candidate_id: int) -> CandidateRow:
        row = self._session.get(CandidateRow, candidate_id)
        if row is None:
            raise NotFound(f"learning candidate {candidate_id}")
        return row


def version_to_domain(row: ModelVersionRow) -> ModelVersion:
    return ModelVersion(
        id=row.id,
        domain=row.domain,
        path=row.path,
        status=ModelStatus(row.status),
        created_at=row.created_at,
        data=deepcopy(row.data),
        metrics=deepcopy(row.metrics),
        calibration=deepcopy(row.calibration),
        promoted_at=row.promoted_at,
    )


class SqlModelVersionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, version: ModelVersion) -> ModelVersion:
        """Record a trained model (its `id` is ignored and assigned here)."""
        row = ModelVersionRow(
            domain=version.domain,
            path=version.path,
            status=version.status.value,
            created_at=version.created_at,
            promoted_at=version.promoted_at,
            data=deepcopy(version.data),
            metrics=deepcopy(version.metrics),
            calibration=deepcopy(version.calibration),
        )
        self._session.add(row)
        self._session.flush()
        return replace(version, id=row.id)

    def get(self, version_id: int) -> ModelVersion:
        row = self._session.get(ModelVersionRow, version_id)
        if row is None:
            raise NotFound(f"model version {version_id}")
        return version_to_domain(row)

    def active(self, domain: str) -> ModelVersion | None:
        query = select(ModelVersionRow).where(
            ModelVersionRow.domain == domain, ModelVersionRow.status == ModelStatus.ACTIVE.value
        )
        row = self._session.scalars(query.order_by(ModelVersionRow.id.desc()).limit(1)).one_or_none()
        return version_to_domain(row) if row is not None else None

    def of_domain(self, domain: str) -> list[ModelVersion]:
        """Newest first."""
        query = select(ModelVersionRow).where(ModelVersionRow.domain == domain).order_by(ModelVersionRow.id.desc())
        return [version_to_domain(row) for row in self._session.scalars(query)]

    def hold(self) -> None:
        """Serialise promotions and rollbacks across workers until the transaction ends (SQLite's single
        writer already does)."""
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PROMOTION_LOCK})

    def set_metrics(self, version_id: int, metrics: dict[str, Any]) -> None:
        """Record scores measured after the fact (the first version's held-out score)."""
        self._session.execute(
            update(ModelVersionRow).where(ModelVersionRow.id == version_id).values(metrics=deepcopy(metrics))
        )

    def set_status(self, version_id: int, status: ModelStatus, promoted_at: datetime | None = None) -> None:
        values: dict[str, object] = {"status": status.value}
        if promoted_at is not None:
            values["promoted_at"] = promoted_at
        self._session.execute(update(ModelVersionRow).where(ModelVersionRow.id == version_id).values(**values))
