"""A history, day by day: the conversations of each day lived through (`story`), turned into rows (`rows`) and
handed out in one batch per day; then the agent-hours of every shift and contact.

Deterministic: the same request, team and `now` give the same rows (the conversation ids apart from `now`, so
that a second history never clashes with the first). The history ends two hours before `now`, so every
conversation in it is over by then; nothing is left queued or assigned for the live service to route.
"""

import itertools
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tandem.demo import rows
from tandem.demo.ai import AiPath, Ending
from tandem.demo.bulk import Batch
from tandem.demo.calendar import Calendar, Window
from tandem.demo.customers import Answered, Pool, new_customer
from tandem.demo.hours import AgentHours
from tandem.demo.people import Desk
from tandem.demo.questions import DomainQuestions
from tandem.demo.request import HistoryRequest
from tandem.demo.story import Story, tell
from tandem.demo.team import Member, Rota
from tandem.domain.hours import SupportHours

MARGIN = timedelta(hours=2)  # arrivals stop this long before now
LONGEST_CHAT = timedelta(minutes=90)  # `people.handle_time`'s cap: no one is assigned later than now minus it
TEAM_WEIGHTS = {"ecommerce": 0.45, "logistics": 0.3, "telecom": 0.25}  # a company pack: 0.2
LANGUAGE_WEIGHTS = {"fr": 0.55, "en": 0.45}


@dataclass(frozen=True, slots=True)
class Team:
    members: Sequence[Member]
    hours: SupportHours


class History:
    def __init__(
        self, request: HistoryRequest, now: datetime, team: Team, questions: Sequence[DomainQuestions]
    ) -> None:
        self.window = Window.ending(now - MARGIN, request.days)
        self.calendar = Calendar(self.window, request.conversations)
        self._seed, self._questions = request.seed, tuple(questions)
        self._rota = Rota(team.members, team.hours, request.seed)
        self._horizon = now - LONGEST_CHAT
        self._desk = Desk(team.members, self._rota, self._horizon)
        self._capacity = {m.agent_id: m.capacity for m in team.members}
        self._ids = random.Random(f"{request.seed}:ids:{now.isoformat()}")
        self._pool = Pool()
        self._hours = AgentHours(now)
        self._team_weights = list(itertools.accumulate(TEAM_WEIGHTS.get(q.domain, 0.2) for q in self._questions))
        self._language_weights = {
            q.domain: list(itertools.accumulate(LANGUAGE_WEIGHTS.get(lang, 0.2) for lang in q.languages))
            for q in self._questions
        }

    def days(self) -> Iterator[Batch]:
        """One batch per day of the window, then one with the facts still waiting for a customer's return."""
        for day in range(self.window.days):
            rng = random.Random(f"{self._seed}:day:{day}")
            batch = Batch()
            for at in self.calendar.arrivals(day, rng):
                story, back = self._story(rng, at)
                if back is not None and (answer := rows.first_answer(story)) is not None and answer[0] == back.intent:
                    back.came_back(answer[1])
                self._add(batch, story)
            batch.facts.extend(self._pool.settled(self.window.day_start(day)))
            yield batch
        yield Batch(facts=self._pool.rest())

    def agent_hours(self) -> list[dict[str, Any]]:
        """The agent-hours of every shift in the window and of every contact (call after `days`)."""
        day = self.window.start.date() - timedelta(days=1)
        while day <= self.window.end.date() + timedelta(days=1):
            for shift in self._rota.shifts(day):
                if self.window.start <= shift.start:
                    self._hours.shift(shift)
            day += timedelta(days=1)
        return self._hours.rows()

    def _story(self, rng: random.Random, at: datetime) -> tuple[Story, Answered | None]:
        """A new conversation at `at`: a new customer, or one back about an earlier answer (returned with it)."""
        questions = rng.choices(self._questions, cum_weights=self._team_weights)[0]
        back = self._pool.returning(rng, questions.domain, at)
        if back is not None:
            customer, language = back.customer, back.language
            topic = next(t for t in questions.topics if t.intent == back.intent)
        else:
            customer = new_customer(rng)
            language = rng.choices(questions.languages, cum_weights=self._language_weights[questions.domain])[0]
            topic = rng.choices(questions.topics, cum_weights=questions.cum_weights)[0]
        conversation_id = str(uuid.UUID(int=self._ids.getrandbits(128), version=4))
        start = Story(conversation_id, questions.domain, customer, at, AiPath(topic, language), horizon=self._horizon)
        return tell(rng, self._desk, questions, topic, start), back

    def _add(self, batch: Batch, story: Story) -> None:
        batch.conversations.append(rows.conversation(story))
        batch.messages.append(rows.messages(story, 0))
        facts = rows.facts(story)
        if _may_come_back(story) and story.customer.email is not None and facts["intent"] is not None:
            last = datetime.fromtimestamp(facts["last_customer_s"], story.created_at.tzinfo)
            answered = Answered(story.customer, story.language, facts["intent"], story.created_at, last, facts)
            self._pool.add(story.domain, answered)
        else:
            batch.facts.append(facts)
        batch.escalations.extend(rows.escalations(story))
        if (assigned := rows.assignment(story)) is not None:
            batch.assignments.append(assigned)
        if story.contact is not None:
            agent_id, start, end = story.contact
            self._hours.contact(agent_id, start, end, self._capacity[agent_id], story.hard, story.abuse_ended)


def _may_come_back(story: Story) -> bool:
    """Answered by the AI alone and not confirmed: the customer could still come back on it in a new one."""
    return story.path.ending == Ending.ANSWERED and story.queued_at is None and story.answered is None
