"""Who may take a conversation (rules that veto) and how candidates are nudged (scorers that add).

Both are plug-ins of `route`: the wellbeing layer adds its own rules (cool-down after abuse, shift hours, ...)
and scorers (fair share of hard contacts, ...) without touching the router.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tandem.domain.conversations import AgentStatus
from tandem.domain.routing import AgentSnapshot, WaitingConversation

# Veto codes, phrased about one agent.
NOT_AVAILABLE = "not_available"
MISSING_SKILL = "missing_skill"
MISSING_LANGUAGE = "missing_language"
AT_CAPACITY = "at_capacity"
SUPERVISORS_ONLY = "supervisors_only"

# The same vetoes phrased about the queue, for a conversation nobody could take. Codes missing here (from
# rules added later) are reported as they are.
NOBODY: Mapping[str, str] = {
    NOT_AVAILABLE: "no_agent_available",
    MISSING_SKILL: "no_agent_with_skill",
    MISSING_LANGUAGE: "no_agent_with_language",
    AT_CAPACITY: "all_at_capacity",
    SUPERVISORS_ONLY: "no_supervisor_available",
}


class Rule(Protocol):
    """A hard constraint: None lets the agent take the conversation, a string is the veto reason code."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None: ...


class Scorer(Protocol):
    """A soft preference: the returned value is added to the agent's base ranking score (higher wins)."""

    def score(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> float: ...


@dataclass(frozen=True, slots=True)
class IsAvailable:
    """Only agents in the AVAILABLE status take new conversations (not on break, not offline)."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto agents on break or offline."""
        return None if agent.status is AgentStatus.AVAILABLE else NOT_AVAILABLE


@dataclass(frozen=True, slots=True)
class HasSkill:
    """The agent must know the conversation's domain (ecommerce, logistics, telecom, ...)."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto agents without the domain among their skills."""
        return None if conversation.domain in agent.skills else MISSING_SKILL


@dataclass(frozen=True, slots=True)
class SpeaksLanguage:
    """The agent must speak the customer's language."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto agents who do not speak the conversation's language."""
        return None if conversation.language in agent.languages else MISSING_LANGUAGE


@dataclass(frozen=True, slots=True)
class BelowCapacity:
    """The agent must have a free slot; `active` may exceed `capacity` if capacity was lowered meanwhile."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto agents whose active conversations already fill their capacity."""
        return None if agent.active < agent.capacity else AT_CAPACITY


@dataclass(frozen=True, slots=True)
class SupervisorOnly:
    """Conversations kept for supervisors (the customer stayed abusive after a warning) go to supervisors only."""

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto agents who are not supervisors for a supervisor-only conversation."""
        return SUPERVISORS_ONLY if conversation.supervisor_only and not agent.supervisor else None


# Capacity last: "all at capacity" should only be said of agents who could otherwise take the contact.
DEFAULT_RULES: tuple[Rule, ...] = (IsAvailable(), HasSkill(), SpeaksLanguage(), BelowCapacity())
