"""First free agent: the routing of a centre without Tandem (policies human_only and naive_hybrid).

Contacts are served first come, first served (no priorities). A new contact goes to the free agent with the
fewest chats, among equals the one who has been in that state longest (with one chat each: the longest idle,
the classic ACD rule). An agent who frees a seat takes the oldest waiting contact they can serve.
"""

from collections import deque

from tandem.workforce.simulation.agents import Agent
from tandem.workforce.simulation.contact import Contact
from tandem.workforce.simulation.pool import Assign, Pool, serves


class FirstFree:
    def __init__(self, pool: Pool, assign: Assign) -> None:
        self.pool = pool
        self.assign = assign
        self.queue: deque[Contact] = deque()  # arrival order; answered or abandoned entries are skipped lazily
        self.size = 0

    def offer(self, contact: Contact, now: float) -> None:
        for agent in self.pool.in_order():
            if serves(agent, contact):
                self.assign(agent, contact)
                return
        self.queue.append(contact)
        self.size += 1

    def agent_changed(self, agent: Agent, now: float) -> None:
        self.pool.update(agent)
        while self.size and agent in self.pool:
            contact = self._oldest_for(agent)
            if contact is None:
                return
            self.size -= 1
            self.assign(agent, contact)

    def abandoned(self, contact: Contact) -> None:
        self.size -= 1

    def tick(self, now: float) -> None:
        """Nothing expires with time here."""

    def waiting(self) -> int:
        return self.size

    def _oldest_for(self, agent: Agent) -> Contact | None:
        queue = self.queue
        while queue and not queue[0].live:
            queue.popleft()
        for i, contact in enumerate(queue):
            if contact.live and serves(agent, contact):
                del queue[i]
                return contact
        return None
