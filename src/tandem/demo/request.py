"""What a history is asked for: how many conversations, over how many days, from which seed; refused when absurd."""

from dataclasses import dataclass

from tandem.domain.errors import InvalidInput

# Beyond these a "demo" is a load test gone wrong: tens of millions of rows, or a history older than any report.
MAX_CONVERSATIONS = 5_000_000
MAX_DAYS = 730
DEFAULT_DAYS = 90


@dataclass(frozen=True, slots=True)
class HistoryRequest:
    conversations: int
    days: int = DEFAULT_DAYS
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 < self.conversations <= MAX_CONVERSATIONS:
            raise InvalidInput(f"--conversations must be between 1 and {MAX_CONVERSATIONS:,}, got {self.conversations}")
        if not 0 < self.days <= MAX_DAYS:
            raise InvalidInput(f"--days must be between 1 and {MAX_DAYS}, got {self.days}")
        if not 0 <= self.seed < 2**63:
            raise InvalidInput(f"--seed must be between 0 and 2**63 - 1, got {self.seed}")
