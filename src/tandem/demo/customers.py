"""The history's customers: a name, most with an e-mail address (needed to see them come back in a new
conversation), and the pool of recent AI answers they may come back about within 7 days."""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tandem.demo.phrases import FIRST_NAMES, LAST_NAMES
from tandem.demo.story import Customer

WITH_EMAIL = 0.7
COME_BACK = timedelta(days=7)  # docs/metrics.md: coming back on the same issue within this is not a resolution
RETURNING = 0.03  # of new conversations: a customer back on the question the AI answered for them lately


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def new_customer(rng: random.Random) -> Customer:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = (
        f"{_ascii(first)}.{_ascii(last)}{rng.randrange(1, 100_000)}@example.com" if rng.random() < WITH_EMAIL else None
    )
    return Customer(f"{first} {last}", email)


@dataclass(slots=True)
class Answered:
    """A conversation the AI answered, whose customer may still come back on it; its facts row waits here."""

    customer: Customer
    language: str
    intent: str
    created: datetime
    last_customer: datetime
    facts: dict[str, Any]

    def came_back(self, at: datetime) -> None:
        """Its customer asked about the same intent again at `at`: within 7 days, it was not resolved after all
        (as `store.facts` marks it when the new conversation's first answered intent is known)."""
        if self.facts["came_back_s"] is None and at - COME_BACK <= min(self.created, self.last_customer):
            self.facts["came_back_s"] = int(at.timestamp())


@dataclass(slots=True)
class Pool:
    """Per team, the recent AI answers a customer could come back about; their facts rows are written once they
    are too old to change (`settled`)."""

    by_team: dict[str, list[Answered]] = field(default_factory=dict)

    def add(self, team: str, answered: Answered) -> None:
        self.by_team.setdefault(team, []).append(answered)

    def returning(self, rng: random.Random, team: str, at: datetime) -> Answered | None:
        """Maybe one of `team`'s recent answers whose customer comes back at `at` (a few tries, else None)."""
        recent = self.by_team.get(team, [])
        if not recent or rng.random() >= RETURNING:
            return None
        for _ in range(4):
            answered = recent[rng.randrange(len(recent))]
            fresh = answered.last_customer < at and at - COME_BACK <= answered.created
            if fresh and answered.facts["came_back_s"] is None:
                return answered
        return None

    def settled(self, before: datetime) -> list[dict[str, Any]]:
        """Remove and return the facts of the answers no one can come back about after `before`."""
        done: list[dict[str, Any]] = []
        for team, entries in self.by_team.items():
            keep = [a for a in entries if a.last_customer + COME_BACK >= before]
            done.extend(a.facts for a in entries if a.last_customer + COME_BACK < before)
            self.by_team[team] = keep
        return done

    def rest(self) -> list[dict[str, Any]]:
        """Every facts row still waiting (the history is over)."""
        done = [a.facts for entries in self.by_team.values() for a in entries]
        self.by_team.clear()
        return done
