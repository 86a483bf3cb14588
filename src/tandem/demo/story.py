"""One conversation of the history from start to end: the AI's part (`ai`), then what the customer did with the
answer (confirmed, said no, came back, kept quiet), or the hand-over, the wait and the person (`people`), the end,
the rating and a reopening. Everything the live service records about it ends up on the `Story`."""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tandem.demo.ai import AiPath, Ending, Line, first_contact, said
from tandem.demo.people import Desk, Waiting
from tandem.demo.questions import DomainQuestions, Topic
from tandem.domain.triage import Decision, Reason
from tandem.i18n import t
from tandem.routing import escalation_priority

HARD = {Reason.ABUSE.value, Reason.SENSITIVE_TOPIC.value, Reason.FRUSTRATION.value}  # as wellbeing weighs them
CONFIRMED, SAID_NO, REJECTED, WROTE_AGAIN = 0.30, 0.05, 0.03, 0.02  # after an AI answer
ABUSE_ENDED, HANDED_BACK, REOPENED = 0.6, 0.02, 0.07  # after a person took it
PEOPLE_RATE, AI_RATE = 0.3, 0.2  # how many customers rate
NEVER = datetime.max.replace(tzinfo=UTC)
SCORES, SCORE_WEIGHTS = (1, 2, 3, 4, 5), (0.06, 0.06, 0.12, 0.30, 0.46)


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    email: str | None


@dataclass(slots=True)
class Story:
    id: str
    domain: str
    customer: Customer
    created_at: datetime
    path: AiPath
    status: str = "bot"
    reasons: tuple[str, ...] = ()
    priority: int = 0
    supervisor_only: bool = False
    queued_at: datetime | None = None
    assigned_at: datetime | None = None
    agent_id: int | None = None
    contact: tuple[int, datetime, datetime] | None = None  # (agent, from, to): the person's part, once ended
    resolved_at: datetime | None = None  # the conversation row's (cleared by a reopen)
    closed_at: datetime | None = None  # the first closing (resolved or ended), for the facts
    csat: int | None = None
    csat_people: bool | None = None
    answered: bool | None = None
    confirmed_at: datetime | None = None
    closed_unanswered: bool = False
    abuse_ended: bool = False
    abandoned: bool = False
    reopened_at: datetime | None = None
    came_back_at: datetime | None = None
    extra: list[Line] = field(default_factory=list)
    horizon: datetime = NEVER  # nothing happens after this (the present)

    @property
    def language(self) -> str:
        return self.path.language

    @property
    def topic(self) -> Topic:
        return self.path.topic

    @property
    def hard(self) -> bool:
        return bool(HARD.intersection(self.reasons))

    def at(self, after: float) -> datetime:
        return self.created_at + timedelta(seconds=after)

    def last_after(self) -> float:
        return max(line.after for line in self.path.lines)


def tell(rng: random.Random, desk: Desk, questions: DomainQuestions, topic: Topic, start: Story) -> Story:
    """`start` (id, customer, time, language) lived through to its end."""
    story = start
    story.path = first_contact(rng, questions, topic, story.language)
    if story.path.ending == Ending.ANSWERED:
        _after_answer(rng, story, questions)
    if story.path.ending == Ending.ESCALATED:
        _to_people(rng, story, desk)
    return story


def _after_answer(rng: random.Random, story: Story, questions: DomainQuestions) -> None:
    path, draw = story.path, rng.random()
    if draw < CONFIRMED:
        story.answered, story.confirmed_at = True, story.at(path.clock + rng.uniform(3, 40))
        if rng.random() < AI_RATE:
            story.csat, story.csat_people = rng.choices(SCORES, (0.03, 0.04, 0.10, 0.33, 0.50))[0], False
        thanks = questions.thanks[story.language]
        if thanks and rng.random() < 0.5:
            asked = path.customer(rng, rng.choice(thanks), "thanks", Decision.ANSWER, (Reason.CONFIDENT.value,))
            path.reply(rng, questions.thanks_reply[story.language], asked)
        return
    draw -= CONFIRMED
    if draw < SAID_NO + REJECTED:
        if draw < SAID_NO:
            story.answered = False
            path.clock += rng.uniform(3, 40)
        if draw >= SAID_NO or rng.random() < 0.5:
            text = said(rng, Reason.REJECTED_ANSWER.value, story.language)
            path.customer(rng, text, story.topic.intent, Decision.ESCALATE, (Reason.REJECTED_ANSWER.value,))
            path.escalate((Reason.REJECTED_ANSWER.value,))
        return
    later = path.clock + rng.uniform(3600, 3 * 86400)
    if draw - SAID_NO - REJECTED < WROTE_AGAIN and story.at(later) < story.horizon:  # the triage sees it failed
        path.clock = later
        text = rng.choice(story.topic.examples[story.language])
        path.customer(rng, text, story.topic.intent, Decision.ESCALATE, (Reason.REPEATED_FAILURE.value,))
        path.escalate((Reason.REPEATED_FAILURE.value,))


def _to_people(rng: random.Random, story: Story, desk: Desk) -> None:
    path = story.path
    story.reasons = path.reasons
    story.priority = escalation_priority(story.reasons, vip=False)
    story.supervisor_only = Reason.ABUSE.value in story.reasons and rng.random() < 0.3
    story.queued_at = story.at(path.clock + 0.5)
    story.status = "queued"
    story.extra.append(Line(path.clock + 0.5, "system", t("queued_now", story.language)))
    waiting = Waiting(story.domain, story.language, story.queued_at, story.hard, story.supervisor_only)
    taken = desk.take(waiting, rng)
    if taken.agent_id is None or taken.until is None:
        _unanswered(story, taken.at)
        return
    story.assigned_at, story.agent_id = taken.at, taken.agent_id
    _with_person(rng, story, desk, taken.agent_id, taken.until)


def _unanswered(story: Story, gone: datetime) -> None:
    """Nobody took it in time: closed unanswered (kept for a supervisor), or the customer left the queue."""
    if story.supervisor_only:
        story.status, story.resolved_at = "resolved", gone
        story.closed_at, story.closed_unanswered, story.abuse_ended = gone, True, True
        story.extra.append(Line(_after(story, gone), "system", t("ended_abuse_unanswered", story.language)))
        return
    story.abandoned = True


def _after(story: Story, at: datetime) -> float:
    return (at - story.created_at).total_seconds()


def _with_person(rng: random.Random, story: Story, desk: Desk, agent_id: int, until: datetime) -> None:
    lang, start = story.language, _after(story, story.assigned_at or until)
    story.extra.append(Line(start + rng.uniform(15, 60), "agent", said(rng, "agent", lang), agent_id=agent_id))
    end = _after(story, until)
    story.extra.append(Line((start + end) / 2, "agent", said(rng, "agent", lang), agent_id=agent_id))
    story.contact = (agent_id, story.assigned_at or until, until)
    draw = rng.random()
    if Reason.ABUSE.value in story.reasons and draw < ABUSE_ENDED:
        story.status, story.resolved_at, story.closed_at, story.abuse_ended = "resolved", until, until, True
        story.extra.append(Line(end, "system", t("ended_abuse", lang)))
        desk.ended_abusive(agent_id, until)
        return
    if draw < HANDED_BACK:
        story.status, story.agent_id, story.assigned_at = "bot", None, None
        story.extra.append(Line(end, "system", t("handed_back", lang)))
        return
    story.status, story.resolved_at, story.closed_at = "resolved", until, until
    story.extra.append(Line(end, "system", t("resolved", lang)))
    if rng.random() < PEOPLE_RATE:
        story.csat, story.csat_people = rng.choices(SCORES, SCORE_WEIGHTS)[0], True
    if rng.random() < REOPENED:
        _reopen(rng, story, end)


def _reopen(rng: random.Random, story: Story, closed: float) -> None:
    """The customer writes again within 7 days of the end: the AI has the conversation again (as the lifecycle's
    `reopened`: no end, no agent, no rating)."""
    again = closed + rng.uniform(600, 6 * 86400)
    if story.at(again) >= story.horizon:
        return
    story.reopened_at = story.at(again)
    story.status, story.resolved_at, story.agent_id, story.csat, story.csat_people = "bot", None, None, None, None
    text = rng.choice(story.topic.examples[story.language])
    meta = {"language": story.language, "intent": story.topic.intent, "decision": Decision.ANSWER.value}
    story.extra.append(Line(again, "customer", text, meta))
    story.extra.append(Line(again + rng.uniform(0.4, 2.5), "ai", story.topic.done[story.language], {}, -1))
