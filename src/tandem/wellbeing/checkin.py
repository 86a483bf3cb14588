"""The agent's self check-in: "how are you doing?" on a 1 (bad) .. 5 (good) scale.

A low score (2 or less by default) lowers the agent's concurrent-chat capacity by one and raises an alert
for the supervisor; it never takes the agent out of work on its own, that stays a human conversation.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.domain.errors import InvalidInput

LOWEST, HIGHEST = 1, 5
LOW_CHECK_IN = 2  # this score or lower is an alert and costs one concurrent chat


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One self check-in: a score from 1 to 5, given at `at`."""

    score: int
    at: datetime

    def __post_init__(self) -> None:
        # bool is an int subclass; True as a score is a bug in the caller, not a 1.
        if isinstance(self.score, bool) or not LOWEST <= self.score <= HIGHEST:
            raise InvalidInput(f"check-in score must be an integer from {LOWEST} to {HIGHEST}, got {self.score!r}")

    @property
    def alert(self) -> bool:
        """True for a low score (<= 2): the supervisor should be told."""
        return check_in_alert(self.score)

    def valid_at(self, now: datetime, valid_minutes: float) -> bool:
        """Whether the check-in still speaks for the agent at `now` (given at most `valid_minutes` ago).

        A check-in "from the future" (clock skew) counts as fresh.
        """
        return now - self.at <= timedelta(minutes=valid_minutes)


def check_in_alert(score: int | None, low: int = LOW_CHECK_IN) -> bool:
    """True when a check-in score is at or below `low`; no check-in is no alert."""
    return score is not None and score <= low


def capacity_after_checkin(capacity: int, score: int | None, low: int = LOW_CHECK_IN) -> int:
    """Concurrent chats allowed after a check-in: one fewer for a low score, but never below 1.

    An agent whose capacity is already 0 stays at 0: the check-in only ever lowers capacity.
    """
    if not check_in_alert(score, low):
        return capacity
    return max(min(capacity, 1), capacity - 1)
