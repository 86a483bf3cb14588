"""Logging in, the agent's own status and conversations, the queue, the team (the metrics: routes/metrics.py)."""

from fastapi import APIRouter

from tandem.api import schemas
from tandem.api.deps import Address, Caller, Services
from tandem.api.views import agent_out, assigned_out, queued_out
from tandem.domain.conversations import AgentStatus

router = APIRouter(prefix="/api/v1", tags=["staff"], responses=schemas.REFUSALS)


@router.post("/auth/login", response_model=schemas.LoginOut)
def login(body: schemas.LoginIn, services: Services, client: Address) -> schemas.LoginOut:
    token, agent = services.staff.login(body.username, body.password, client)
    return schemas.LoginOut(access_token=token, role=agent.role.value)


@router.get("/agents/me", response_model=schemas.AgentOut)
def me(caller: Caller, services: Services) -> schemas.AgentOut:
    return agent_out(services.staff.me(caller))


@router.post("/agents/me/status", response_model=schemas.AgentOut)
def set_status(body: schemas.StatusIn, caller: Caller, services: Services) -> schemas.AgentOut:
    return agent_out(services.staff.set_status(caller, AgentStatus(body.status)))


@router.post("/agents/me/checkin", response_model=schemas.AgentOut)
def check_in(body: schemas.CheckInIn, caller: Caller, services: Services) -> schemas.AgentOut:
    """How the agent is doing, 1 (bad) .. 5 (good): theirs to see; a low score only raises an alert."""
    return agent_out(services.staff.check_in(caller, body.score))


@router.get("/agents/me/conversations", response_model=list[schemas.AssignedOut])
def my_conversations(caller: Caller, services: Services) -> list[schemas.AssignedOut]:
    return [assigned_out(item) for item in services.desk.mine(caller)]


@router.get("/agents", response_model=list[schemas.AgentOut])
def agents(caller: Caller, services: Services) -> list[schemas.AgentOut]:
    return [agent_out(view) for view in services.staff.everyone(caller)]


@router.get("/queue", response_model=list[schemas.QueuedOut])
def queue(caller: Caller, services: Services) -> list[schemas.QueuedOut]:
    now = services.clock()
    return [queued_out(c, now) for c in services.desk.queue(caller)]
