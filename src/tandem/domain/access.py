"""Who is calling: a customer holding one conversation's token, an agent, or a supervisor."""

from dataclasses import dataclass
from enum import StrEnum


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
