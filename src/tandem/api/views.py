"""Domain records to response schemas."""

from datetime import datetime

from fastapi.responses import Response
from pydantic import BaseModel

from tandem.api import schemas
from tandem.conversations.desk import Assigned
from tandem.conversations.posting import Posted
from tandem.conversations.service import Thread
from tandem.domain.conversations import Conversation, ConversationStatus, Message
from tandem.domain.events import message_json
from tandem.learning.lessons import proposal
from tandem.staff.service import AgentView


def json_of(model: BaseModel, status_code: int = 200) -> Response:
    """`model` as the response body, written by pydantic in one step. Returned from a route that declares it as
    its `response_model` (for the API's description), it spares FastAPI validating it again and re-encoding it."""
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")


def message_out(message: Message) -> schemas.MessageOut:
    """The message's public shape, built in one place for the REST responses and the live events."""
    return schemas.MessageOut.model_validate(message_json(message))


def posted_out(posted: Posted) -> schemas.Posted:
    return schemas.Posted(
        message=message_out(posted.message),
        replies=[schemas.ReplyOut(author=m.author.value, text=m.text) for m in posted.replies],
        status=posted.status.value,
        truncated=posted.truncated,
    )


def thread_out(thread: Thread) -> schemas.ThreadOut:
    queue, c = thread.queue, thread.conversation
    return schemas.ThreadOut(
        status=c.status.value,
        messages=[message_out(m) for m in thread.messages],
        queue=None if queue is None else schemas.QueueOut(position=queue.position, wait_seconds=queue.wait_seconds),
        ended_for=(c.flag_reason or "flagged") if c.flagged and c.status == ConversationStatus.RESOLVED else None,
        can_confirm=thread.can_confirm,
    )


def agent_out(view: AgentView) -> schemas.AgentOut:
    a, w = view.agent, view.wellbeing
    return schemas.AgentOut(
        id=a.id,
        username=a.username,
        display_name=a.display_name,
        role=a.role.value,
        status=a.status.value,
        skills=list(a.skills),
        languages=list(a.languages),
        capacity=a.capacity,
        active=view.active,
        load=w.load,
        load_level=w.load_level,
        effective_capacity=w.effective_capacity,
        recent_hard=w.recent_hard,
        hard_today=w.hard_today,
        hard_share=w.hard_share,
        occupancy_last_hour=w.occupancy_last_hour,
        worked_minutes_today=w.worked_minutes_today,
        worked_minutes_week=w.worked_minutes_week,
        break_due=w.break_due,
        break_due_at=w.break_due_at,
        break_in_lull=w.break_in_lull,
        breaks_taken_today=w.breaks_taken_today,
        overtime_minutes=w.overtime_minutes,
        cooling_down_until=w.cooling_down_until,
        alerts=list(w.alerts),
        check_in=w.check_in,
        ask_check_in=view.ask_check_in,
    )


def assigned_out(item: Assigned) -> schemas.AssignedOut:
    c = item.conversation
    question, answer = proposal(item.messages)
    return schemas.AssignedOut(
        id=c.id,
        domain=c.domain,
        language=c.language,
        status=c.status.value,
        customer=schemas.CustomerOut(name=c.customer.name, email=c.customer.email),
        queued_at=c.queued_at,
        assigned_at=c.assigned_at,
        handoff=c.handoff.as_json() if c.handoff is not None else None,
        messages=[message_out(m) for m in item.messages],
        proposed_lesson=schemas.ProposedLessonOut(
            question=question, answer=answer, upto=item.messages[-1].id if item.messages else None
        ),
    )


def queued_out(c: Conversation, now: datetime) -> schemas.QueuedOut:
    waited = (now - c.queued_at).total_seconds() if c.queued_at else 0
    return schemas.QueuedOut(
        id=c.id,
        domain=c.domain,
        language=c.language,
        priority=c.priority,
        waited_seconds=int(max(0, waited)),
        reasons=list(c.escalation_reasons),
        waiting_for=list(c.waiting_reasons),
    )
