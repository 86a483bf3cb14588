"""Who can take new work now, and the interface the engine drives a routing policy through."""

from collections.abc import Callable, Iterator
from typing import Protocol

from tandem.workforce.simulation.agents import Agent, Phase
from tandem.workforce.simulation.contact import Contact

Assign = Callable[[Agent, Contact], None]


class Dispatcher(Protocol):
    """A routing policy as the engine sees it. The dispatcher calls `assign` for each contact it gives out."""

    def offer(self, contact: Contact, now: float) -> None:
        """A contact joins the queue; give it out at once if someone can take it."""

    def agent_changed(self, agent: Agent, now: float) -> None:
        """The agent's seats or phase changed (chat ended, shift or break started or ended)."""

    def abandoned(self, contact: Contact) -> None:
        """A queued contact gave up."""

    def tick(self, now: float) -> None:
        """Time passed with contacts waiting (vetoes that expire with time, such as a cool-down)."""

    def waiting(self) -> int:
        """Contacts in the queue."""


class Pool:
    """Agents who can take new work now (working, with a free seat), grouped by their number of chats and,
    within a group, in the order they joined it: the first is the one with most free seats, free longest."""

    def __init__(self, max_capacity: int) -> None:
        self.levels: list[dict[int, Agent]] = [{} for _ in range(max_capacity)]
        self.level_of: dict[int, int] = {}

    def update(self, agent: Agent) -> None:
        """Re-file the agent after a change of seats or phase; an unchanged agent keeps its place."""
        new = agent.active if agent.phase is Phase.WORKING and agent.active < agent.capacity else None
        old = self.level_of.get(agent.id)
        if old == new:
            return
        if old is not None:
            del self.levels[old][agent.id]
            del self.level_of[agent.id]
        if new is not None:
            self.levels[new][agent.id] = agent
            self.level_of[agent.id] = new

    def __contains__(self, agent: Agent) -> bool:
        return agent.id in self.level_of

    def __len__(self) -> int:
        return len(self.level_of)

    def in_order(self) -> Iterator[Agent]:
        for level in self.levels:
            yield from level.values()


def serves(agent: Agent, contact: Contact) -> bool:
    return contact.skill in agent.skills and contact.language in agent.languages
