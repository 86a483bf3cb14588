"""Request and response bodies of agent assist and the learning loop: lessons, the review queue, model versions."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from tandem.api.schemas import Strict
from tandem.assist.suggestions import Suggestions
from tandem.domain.learning import Candidate, ModelVersion


class ResolveIn(Strict):
    """What the agent confirms the AI should learn from the case (all optional; `learn: false` skips it). The
    lesson's own limits are checked after the case is closed (a lesson that does not fit is not saved, and the
    answer says so): the caps here only refuse absurd bodies."""

    learn: bool = True
    intent: str | None = Field(default=None, max_length=1000)
    question: str | None = Field(default=None, max_length=20_000)
    answer: str | None = Field(default=None, max_length=20_000)


class ResolvedOut(BaseModel):
    status: str
    lesson: str  # "proposed" for review, "none", or "not_saved" (then `lesson_problem` says why)
    lesson_problem: str | None = None


class ReviewIn(Strict):
    """A supervisor's edits before approving; omitted fields keep the candidate's."""

    intent: str | None = Field(default=None, max_length=64)
    question: str | None = Field(default=None, max_length=1000)
    answer: str | None = Field(default=None, max_length=4000)


class CandidateOut(BaseModel):
    id: int
    conversation_id: str
    domain: str
    language: str
    question: str
    intent: str | None
    suggested_intent: str | None
    checks_intent: bool  # approving it checks `suggested_intent`, the answer the AI would have given
    answer: str
    status: str
    created_at: datetime
    proposed_by: int | None
    reviewed_by: int | None
    reviewed_at: datetime | None

    @classmethod
    def of(cls, c: Candidate) -> "CandidateOut":
        return cls(
            id=c.id,
            conversation_id=c.conversation_id,
            domain=c.domain,
            language=c.language,
            question=c.question,
            intent=c.intent,
            suggested_intent=c.suggested_intent,
            checks_intent=c.checks_intent,
            answer=c.answer,
            status=c.status.value,
            created_at=c.created_at,
            proposed_by=c.proposed_by,
            reviewed_by=c.reviewed_by,
            reviewed_at=c.reviewed_at,
        )


class FigureFellOut(BaseModel):
    """One held-out figure that made a retrained version fall short of the active one (`tandem.models.rejection`)."""

    measure: str  # score, answer_rate, answer_precision, escalation_recall or missed_escalations
    language: str | None  # None for the overall score
    before: float  # the active version's
    after: float  # the retrained version's
    allowed: float | None = None  # the score: the lowest that would have been promoted


class ModelVersionOut(BaseModel):
    id: int
    status: str
    created_at: datetime
    promoted_at: datetime | None
    data: dict[str, Any]
    metrics: dict[str, Any]
    calibration: dict[str, Any]
    # A rejected version: why it was not promoted, the overall score first (older rejections: null).
    rejection: list[FigureFellOut] | None = None

    @classmethod
    def of(cls, v: ModelVersion) -> "ModelVersionOut":
        rejection = v.metrics.get("rejection")
        return cls(
            id=v.id,
            status=v.status.value,
            created_at=v.created_at,
            promoted_at=v.promoted_at,
            data=v.data,
            metrics=v.metrics,
            calibration=v.calibration,
            rejection=[FigureFellOut(**item) for item in rejection] if isinstance(rejection, list) else None,
        )


class ModelsOut(BaseModel):
    domain: str
    serving: int | None
    training: bool  # this domain is being retrained, or waits its turn, in the worker that answers
    versions: list[ModelVersionOut]


class ArticleHitOut(BaseModel):
    article_id: str
    title: str
    body: str
    score: float


class ReplyHintOut(BaseModel):
    text: str
    source: str  # "article" or "learned" (an approved past answer)
    source_id: str
    score: float


class AssistOut(BaseModel):
    articles: list[ArticleHitOut]
    replies: list[ReplyHintOut]

    @classmethod
    def of(cls, s: Suggestions) -> "AssistOut":
        return cls(
            articles=[
                ArticleHitOut(article_id=a.article_id, title=a.title, body=a.body, score=a.score) for a in s.articles
            ],
            replies=[
                ReplyHintOut(text=r.text, source=r.source, source_id=r.source_id, score=r.score) for r in s.replies
            ],
        )


class DraftOut(BaseModel):
    """A reply the optional language model wrote from one article (check it against the article)."""

    text: str
    article_id: str
    article_title: str
    article_body: str
