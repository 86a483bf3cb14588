"""Customers' conversations: open, post, read, rate; agents' actions on one conversation."""

from fastapi import APIRouter
from fastapi.responses import Response

from tandem.api import schemas
from tandem.api.deps import Address, Caller, Services
from tandem.api.learning_schemas import ResolvedOut, ResolveIn
from tandem.api.views import json_of, posted_out, thread_out
from tandem.domain.conversations import Customer
from tandem.learning.lessons import Lesson

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"], responses=schemas.REFUSALS)


# The customers' two busiest routes check their rate limit first thing, in the thread they run in (one thread
# per request, not one for the limit and another for the work), and return their JSON as pydantic writes it.


@router.post("", status_code=201, response_model=schemas.ConversationCreated)
def open_conversation(body: schemas.ConversationIn, client: Address, services: Services) -> Response:
    services.limits.opening(client)  # refused: no database
    customer = Customer(name=body.customer.name, email=body.customer.email)
    conversation, token = services.conversations.start(body.domain, body.language, customer)
    return json_of(schemas.ConversationCreated(id=conversation.id, token=token), 201)


@router.post("/{conversation_id}/messages", status_code=201, response_model=schemas.Posted)
def post_message(
    conversation_id: schemas.ConversationId,
    body: schemas.MessageIn,
    caller: Caller,
    client: Address,
    services: Services,
) -> Response:
    services.limits.posting(caller, client)  # refused: no triage, no database
    posted = services.conversations.post(caller, conversation_id, body.text, body.client_message_id)
    return json_of(posted_out(posted), 201)


@router.post("/{conversation_id}/messages/{message_id}/reveal", response_model=schemas.RevealOut)
def reveal(
    conversation_id: schemas.ConversationId, message_id: schemas.RowId, caller: Caller, services: Services
) -> schemas.RevealOut:
    """A masked message as written: the conversation's agent or a supervisor, on purpose (audited)."""
    message = services.conversations.reveal(caller, conversation_id, message_id)
    return schemas.RevealOut(id=message.id, text=message.text)


@router.get("/{conversation_id}/messages", response_model=schemas.ThreadOut)
def read_messages(conversation_id: schemas.ConversationId, caller: Caller, services: Services) -> schemas.ThreadOut:
    return thread_out(services.conversations.thread(caller, conversation_id))


@router.post("/{conversation_id}/csat", response_model=schemas.CsatOut)
def rate(
    conversation_id: schemas.ConversationId, body: schemas.CsatIn, caller: Caller, services: Services
) -> schemas.CsatOut:
    return schemas.CsatOut(csat=services.conversations.rate(caller, conversation_id, body.score))


@router.post("/{conversation_id}/resolve", response_model=ResolvedOut)
def resolve(
    conversation_id: schemas.ConversationId, caller: Caller, services: Services, body: ResolveIn | None = None
) -> ResolvedOut:
    """Close the case. The body (optional) says what the AI should learn from it; a supervisor reviews it."""
    body = body or ResolveIn()
    lesson = Lesson(intent=body.intent, question=body.question, answer=body.answer, skip=not body.learn)
    done = services.desk.resolve(caller, conversation_id, lesson)
    return ResolvedOut(
        status=done.conversation.status.value, lesson=done.lesson.outcome, lesson_problem=done.lesson.problem
    )


@router.post("/{conversation_id}/end", response_model=schemas.StatusOut)
def end(
    conversation_id: schemas.ConversationId, body: schemas.EndIn, caller: Caller, services: Services
) -> schemas.StatusOut:
    """End an abusive conversation at once: resolved, flagged, the customer told politely, the agent rests."""
    return schemas.StatusOut(status=services.desk.end(caller, conversation_id, body.reason).status.value)


@router.post("/{conversation_id}/handback", response_model=schemas.StatusOut)
def hand_back(conversation_id: schemas.ConversationId, caller: Caller, services: Services) -> schemas.StatusOut:
    return schemas.StatusOut(status=services.desk.hand_back(caller, conversation_id).status.value)


@router.post("/{conversation_id}/transfer", response_model=schemas.StatusOut)
def transfer(
    conversation_id: schemas.ConversationId, body: schemas.TransferIn, caller: Caller, services: Services
) -> schemas.StatusOut:
    moved = services.desk.transfer(caller, conversation_id, body.domain, body.language)
    return schemas.StatusOut(status=moved.status.value)
