"""Probation: an intent the AI answers on its own only once people have checked it on live traffic.

A model is sure of itself on messages of intents it has never seen when they resemble one it knows
("verify_my_identity" unknown, "why_verify_identity" known), and on the messages of an intent it learned from
a few escalations: only the messages it was unsure of were escalated, so the ones it takes for a neighbour
are exactly those it never learns from (docs/benchmarks.md, "Learning loop replay"). No confidence threshold
separates those: their confidence is as high as that of right answers. What does is a person looking.

So an intent is *on probation* until enough of the answers the AI would have given with it have been checked
by people, and nearly all were right:

- while it is on probation, a message the AI would answer with it goes to a person instead (triage reason
  `unverified_intent`), unless a person already settled a question this close (`PRECEDENT`); the person's
  answer, approved as a lesson, is one *check*: right if they confirmed the intent, wrong if they named another;
- it leaves probation with at least `min_checks` checks of which at most `max_error` were wrong (the answer
  precision the thresholds are calibrated for), and returns to it when later checks (an answer a customer
  rejected and a person corrected) push the share of wrong ones above that;
- intents a domain pack vouches for (written with their near-miss out-of-scope examples, evaluated on the
  pack's held-out split) start with `vouched_checks` right checks: one mistake is tolerated, a second puts
  them on probation too.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tandem.domain.errors import InvalidInput

# Familiarity (cosine similarity to the nearest example of the intent, see `tandem.nlu.familiarity`) at or above
# which a message is a near-repeat of a question people already settled: answered even on probation.
PRECEDENT = 0.98


@dataclass(frozen=True, slots=True)
class Checks:
    """People's verdicts on the answers the AI would have given with one intent."""

    right: int = 0
    wrong: int = 0

    @property
    def total(self) -> int:
        return self.right + self.wrong

    def add(self, right: bool) -> "Checks":
        return Checks(self.right + 1, self.wrong) if right else Checks(self.right, self.wrong + 1)


@dataclass(frozen=True, slots=True)
class ProbationRule:
    min_checks: int = 20
    max_error: float = 0.03

    def __post_init__(self) -> None:
        if isinstance(self.min_checks, bool) or not isinstance(self.min_checks, int) or self.min_checks < 1:
            raise InvalidInput(f"min_checks must be an integer >= 1, got {self.min_checks!r}")
        if not 0.0 < self.max_error < 1.0:
            raise InvalidInput(f"max_error must be strictly between 0 and 1, got {self.max_error}")

    @property
    def vouched_checks(self) -> int:
        """The right checks a vouched intent starts with: enough that one wrong answer keeps it trusted."""
        return max(self.min_checks, math.ceil(1.0 / self.max_error))

    def trusted(self, checks: Checks, vouched: bool = False) -> bool:
        right = checks.right + (self.vouched_checks if vouched else 0)
        total = right + checks.wrong
        return total >= self.min_checks and checks.wrong <= self.max_error * total

    def on_probation(
        self, intents: Iterable[str], checks: Mapping[str, Checks], vouched: Iterable[str] = ()
    ) -> frozenset[str]:
        """The intents of `intents` the AI may not answer on its own yet."""
        sure = frozenset(vouched)
        return frozenset(i for i in intents if not self.trusted(checks.get(i, Checks()), i in sure))


DEFAULT_PROBATION = ProbationRule()
