"""Who is calling (a customer holding one conversation's token, an agent, or a supervisor) and what they may do."""

from dataclasses import dataclass
from enum import StrEnum

from tandem.domain.conversations import Conversation, ConversationStatus
from tandem.domain.errors import Forbidden


class PrincipalKind(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True, slots=True)
class Principal:
    kind: PrincipalKind
    conversation_id: str | None = None  # customers: the one conversation their token opens
    agent_id: int | None = None  # agents and supervisors

    @property
    def is_staff(self) -> bool:
        return self.kind != PrincipalKind.CUSTOMER


def check_can_read(principal: Principal, conversation: Conversation) -> None:
    """Customers: their own conversation. Agents: the ones they have (or had), and those waiting in the queue.
    Supervisors: all."""
    if principal.kind == PrincipalKind.SUPERVISOR:
        return
    if principal.kind == PrincipalKind.CUSTOMER:
        if principal.conversation_id != conversation.id:
            raise Forbidden("this token opens another conversation")
        return
    if conversation.agent_id == principal.agent_id or conversation.status == ConversationStatus.QUEUED:
        return
    raise Forbidden("this conversation is not yours to see")


def check_can_act(principal: Principal, conversation: Conversation) -> None:
    """Replying, resolving, handing back: the assigned agent, or a supervisor."""
    if principal.kind == PrincipalKind.SUPERVISOR:
        return
    if principal.kind == PrincipalKind.CUSTOMER:
        raise Forbidden("only agents may do this")
    if conversation.agent_id != principal.agent_id:
        raise Forbidden("this conversation is not assigned to you")


def check_staff(principal: Principal) -> None:
    if not principal.is_staff:
        raise Forbidden("agents and supervisors only")


def check_supervisor(principal: Principal) -> None:
    if principal.kind != PrincipalKind.SUPERVISOR:
        raise Forbidden("supervisors only")
