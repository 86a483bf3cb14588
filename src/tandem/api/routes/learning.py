"""Agent assist and the learning loop over HTTP: suggestions, the review queue, intents, model versions."""

from fastapi import APIRouter

from tandem.api.deps import Caller, Services
from tandem.api.learning_schemas import AssistOut, CandidateOut, DraftOut, ModelsOut, ModelVersionOut, ReviewIn
from tandem.api.schemas import REFUSALS, ConversationId, DomainName, RowId
from tandem.domain.learning import CandidateStatus

router = APIRouter(prefix="/api/v1", tags=["learning"], responses=REFUSALS)


@router.get("/conversations/{conversation_id}/assist", response_model=AssistOut)
def assist(conversation_id: ConversationId, caller: Caller, services: Services) -> AssistOut:
    """Articles and replies for what the customer asked, best first, in the conversation's language (staff)."""
    return AssistOut.of(services.assist.for_conversation(caller, conversation_id))


@router.get("/conversations/{conversation_id}/assist/draft", response_model=DraftOut | None)
def draft(conversation_id: ConversationId, caller: Caller, services: Services) -> DraftOut | None:
    """A reply drafted by the optional language model from the best article, or null (no model configured, no
    article, or a draft that strays from the article). Slower than `/assist`: ask for it separately."""
    written = services.assist.draft(caller, conversation_id)
    if written is None:
        return None
    article = written.article
    return DraftOut(text=written.text, article_id=article.id, article_title=article.title, article_body=article.body)


@router.get("/learning/candidates", response_model=list[CandidateOut])
def candidates(
    caller: Caller, services: Services, status: CandidateStatus = CandidateStatus.PENDING
) -> list[CandidateOut]:
    """What resolved conversations proposed to teach the AI (supervisors)."""
    return [CandidateOut.of(c) for c in services.learning.candidates(caller, status)]


@router.post("/learning/candidates/{candidate_id}/approve", response_model=CandidateOut)
def approve(candidate_id: RowId, caller: Caller, services: Services, body: ReviewIn | None = None) -> CandidateOut:
    """Approve (with edits): the domain's model retrains in the background and is served if no worse."""
    body = body or ReviewIn()
    return CandidateOut.of(services.learning.approve(caller, candidate_id, body.intent, body.question, body.answer))


@router.post("/learning/candidates/{candidate_id}/reject", response_model=CandidateOut)
def reject(candidate_id: RowId, caller: Caller, services: Services) -> CandidateOut:
    return CandidateOut.of(services.learning.reject(caller, candidate_id))


@router.get("/domains/{domain}/intents", response_model=list[str])
def intents(domain: DomainName, caller: Caller, services: Services) -> list[str]:
    """The intents a lesson may name: the pack's and those learned since (staff)."""
    return services.learning.intents(caller, domain)


@router.get("/models/{domain}", response_model=ModelsOut)
def models(domain: DomainName, caller: Caller, services: Services) -> ModelsOut:
    view = services.models.view(caller, domain)
    return ModelsOut(
        domain=view.domain,
        serving=view.serving,
        training=view.training,
        versions=[ModelVersionOut.of(v) for v in view.versions],
    )


@router.post("/models/{domain}/train", status_code=202)
def train(domain: DomainName, caller: Caller, services: Services) -> dict[str, str]:
    services.models.retrain(caller, domain)
    return {"status": "training"}


@router.post("/models/{domain}/rollback", response_model=ModelVersionOut)
def rollback(domain: DomainName, caller: Caller, services: Services) -> ModelVersionOut:
    return ModelVersionOut.of(services.models.rollback(caller, domain))
