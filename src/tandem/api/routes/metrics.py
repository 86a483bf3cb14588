"""The supervisor's figures: today's live view, a period's summary, its series by hour or day, and the CSV."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, StrictBool

from tandem.api import schemas
from tandem.api.deps import Caller, Services

router = APIRouter(prefix="/api/v1/metrics", tags=["metrics"], responses=schemas.REFUSALS)
# The customer's side of the AI's resolution: "did this answer your question?"
answers = APIRouter(prefix="/api/v1/conversations", tags=["conversations"], responses=schemas.REFUSALS)


# The documented forms, as examples a client (and the API's fuzz test) can start from.
Since = Annotated[
    str | None, Query(description="YYYY-MM-DD (00:00 UTC) or ISO 8601 with an offset", examples=["2026-12-01"])
]
Until = Annotated[str | None, Query(description="Excluded; after since", examples=["2026-12-08T00:00:00Z"])]
Bucket = Annotated[str | None, Query(description="hour or day (the default)", examples=["day"])]
Team = Annotated[str | None, Query(description="Only this team's conversations", examples=["ecommerce"])]


class AnsweredIn(schemas.Strict):
    answered: StrictBool


class AnsweredOut(BaseModel):
    answered: bool


@router.get("/summary")
def summary(
    caller: Caller,
    services: Services,
    since: Since = None,
    until: Until = None,
    team: Team = None,
) -> dict[str, Any]:
    """Without `since`/`until`: today (UTC) so far, the dashboard's live view. Dates are `YYYY-MM-DD` (00:00
    UTC) or ISO 8601 datetimes with an offset; definitions in docs/metrics.md."""
    return services.metrics.summary(caller, since, until, team)


@router.get("/series")
def series(
    caller: Caller,
    services: Services,
    since: Since = None,
    until: Until = None,
    bucket: Bucket = None,
    team: Team = None,
) -> dict[str, Any]:
    """One point per UTC hour or day (`bucket`, default day) of `[since, until)`, empty buckets included; without
    a period, of today so far."""
    return services.metrics.series(caller, since, until, bucket, team)


@router.get("/series.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def series_csv(
    caller: Caller,
    services: Services,
    since: Since = None,
    until: Until = None,
    bucket: Bucket = None,
    team: Team = None,
) -> Response:
    """The series as a CSV attachment (one column per escalation reason seen)."""
    text, name = services.metrics.series_csv(caller, since, until, bucket, team)
    return Response(
        content=text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@answers.post("/{conversation_id}/answered", response_model=AnsweredOut)
def answered(
    conversation_id: schemas.ConversationId, body: AnsweredIn, caller: Caller, services: Services
) -> AnsweredOut:
    """The customer says whether the AI's answer helped (their conversation's token; only when the AI answered
    and no person was handed the conversation, else 409). Sending the same answer again changes nothing."""
    return AnsweredOut(answered=services.conversations.confirm(caller, conversation_id, body.answered))
