"""A contact that reached the human queue, and what happened to it there."""

from tandem.domain.routing import WaitingConversation
from tandem.routing import escalation_priority
from tandem.wellbeing import ContactSignals
from tandem.workforce.simulation.scenario import Hardness
from tandem.workforce.simulation.stream import ContactStream


class Contact:
    """One queued contact. `answered_at` / `abandoned_at` stay None until it happens (times in seconds)."""

    __slots__ = (
        "abandoned_at",
        "agent",
        "answered_at",
        "frustration",
        "handle_seconds",
        "hardness",
        "id",
        "index",
        "language",
        "patience",
        "priority",
        "queued_at",
        "reason",
        "resolved",
        "skill",
        "waiting",
    )

    def __init__(self, stream: ContactStream, index: int, queued_at: float, ai_first: bool) -> None:
        self.index = index
        self.id = f"c{index:06d}"
        self.skill = stream.skill[index]
        self.language = stream.language[index]
        # Under human_only nobody triaged the contact; its nature (and so its weight on the agent) is the same.
        self.hardness = stream.hardness[index]
        self.reason = stream.reason[index] if ai_first else None
        self.priority = escalation_priority((self.reason,)) if self.reason is not None else 0
        self.handle_seconds = stream.handle_seconds[index]
        self.patience = stream.patience[index]
        self.frustration = stream.frustration[index]
        self.resolved = stream.resolved[index]
        self.queued_at = queued_at
        self.answered_at: float | None = None
        self.abandoned_at: float | None = None
        self.agent: int | None = None
        self.waiting: WaitingConversation | None = (
            None  # the router's WaitingConversation, built once when first needed
        )

    def signals(self) -> ContactSignals:
        """What the contact was like for the agent, for the wellbeing load model (built when it ends)."""
        return ContactSignals(
            frustration=self.frustration,
            abusive=self.hardness is Hardness.ABUSIVE,
            sensitive=self.hardness is Hardness.SENSITIVE,
            minutes=self.handle_seconds / 60.0,
            resolved=self.resolved,
        )

    @property
    def hard(self) -> bool:
        return self.hardness is not None

    @property
    def live(self) -> bool:
        """Still waiting in the queue."""
        return self.answered_at is None and self.abandoned_at is None

    def waited(self) -> float | None:
        return None if self.answered_at is None else self.answered_at - self.queued_at
