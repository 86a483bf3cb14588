"""What a learning-loop replay (`tandem.learning.replay`) reports: its checkpoints, the wrong answers it gave
live, and the whole result as JSON."""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Checkpoint:
    """The state after a retrain (or at the start / end of the stream).

    online_*: the messages replayed since the previous checkpoint, as the previous model handled them
    (None at the start): a window of a few answers early on, so its precision comes with its count and a 95 %
    Wilson interval; `online_precision_so_far` is over every live answer up to here. test_*: the current model
    on the whole test set at its calibrated threshold.
    """

    messages: int
    approvals: int
    known_intents: int
    test_containment: float
    test_precision: float | None  # None: nothing answered
    online_containment: float | None
    online_precision: float | None
    train_seconds: float
    retrained: bool = True
    rejected_answers: int = 0  # of the approvals, how many came from wrong answers the customer rejected
    trusted_intents: int | None = None  # intents off probation (None: replay without probation)
    online_answers: int = 0
    online_wrong: int = 0
    online_precision_interval: tuple[float, float] | None = None
    online_precision_so_far: float | None = None


@dataclass(frozen=True)
class WrongAnswer:
    """A live answer whose intent was not the message's: what a supervisor would look at first.

    `text` is the message with personal data redacted (a replay may run on a company's own transcripts).

    `why`: "trusted" (its intent off probation), "precedent" (on probation, but a near-repeat of an example),
    "confident" (replay without probation). `checks`: the right and wrong checks of the intent at the time.
    """

    position: int
    text: str
    intent: str
    truth: str
    why: str
    checks: tuple[int, int] | None


@dataclass
class ReplayResult:
    checkpoints: list[Checkpoint]
    full_knowledge: dict[str, float | None]
    parameters: dict[str, Any]
    stream_messages: int
    intents: int
    online_total: dict[str, float | None] = field(default_factory=dict)
    # Every wrong answer the AI gave live: where, what, and why it answered (`WrongAnswer`).
    wrong_answers: list[WrongAnswer] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "parameters": self.parameters,
            "intents": self.intents,
            "stream_messages": self.stream_messages,
            "full_knowledge": self.full_knowledge,
            "online_total": self.online_total,
            "checkpoints": [asdict(c) for c in self.checkpoints],
            "wrong_answers": [asdict(w) for w in self.wrong_answers],
        }
