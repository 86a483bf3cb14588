"""Supervisors and hostile conversations: the ones waiting for a supervisor, and taking one over in one click."""

from fastapi import APIRouter

from tandem.api import schemas
from tandem.api.deps import Caller, Services
from tandem.conversations.takeover import Waiting

router = APIRouter(prefix="/api/v1/supervisor", tags=["supervisor"], responses=schemas.REFUSALS)


@router.get("/waiting", response_model=list[schemas.WaitingOut])
def waiting(caller: Caller, services: Services) -> list[schemas.WaitingOut]:
    """Conversations kept for supervisors (the customer stayed insulting after a warning), longest wait first, each
    with the time it is closed if nobody takes it."""
    return [_waiting_out(item) for item in services.takeover.waiting(caller)]


@router.post("/waiting/{conversation_id}/take", response_model=schemas.TakenOut)
def take(conversation_id: schemas.ConversationId, caller: Caller, services: Services) -> schemas.TakenOut:
    """Assign the conversation to the calling supervisor; 409 when someone else took it or it ended meanwhile."""
    taken = services.takeover.take(caller, conversation_id)
    assert taken.agent_id is not None
    return schemas.TakenOut(id=taken.id, status=taken.status.value, agent_id=taken.agent_id)


def _waiting_out(item: Waiting) -> schemas.WaitingOut:
    c = item.conversation
    return schemas.WaitingOut(
        id=c.id,
        domain=c.domain,
        language=c.language,
        waited_seconds=item.waited_seconds,
        closes_at=item.closes_at,
        closes_in_seconds=item.closes_in_seconds,
    )
