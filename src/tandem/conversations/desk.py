"""What agents do with conversations: see theirs and the queue, resolve, hand back to the AI, transfer."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from tandem.domain import lifecycle
from tandem.domain.access import Principal, check_can_act, check_staff
from tandem.domain.conversations import Author, Conversation, ConversationStatus, Message, NewMessage
from tandem.domain.errors import InvalidInput
from tandem.domain.events import SUPERVISORS, AgentsEvent, CandidatesEvent, CheckInEvent, Outbox, agent_channel
from tandem.domain.language import check_language
from tandem.domain.packs import check_domain
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.domain.shielding import for_staff
from tandem.i18n import t
from tandem.learning.lessons import Lesson, LessonProblem, Unlearnable, propose
from tandem.staff.booking import book_chat
from tandem.wellbeing import DEFAULT_WELLBEING, WellbeingPolicy, is_hard
from tandem.wellbeing.records import after_contact, contact_signals

END_REASONS = ("abuse",)  # why an agent may end a conversation on the spot (and flag it)


@dataclass(frozen=True, slots=True)
class Assigned:
    conversation: Conversation
    messages: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class Learned:
    """What became of the lesson a resolve carried: "proposed" for review, "none" (nothing to learn, or
    skipped) or "not_saved" with the `problem`; the case is resolved in every case."""

    outcome: str = "none"
    problem: LessonProblem | None = None


@dataclass(frozen=True, slots=True)
class Changed:
    """A desk action's outcome: the conversation after it, and what became of the lesson it carried."""

    conversation: Conversation
    lesson: Learned


def _record(tx: Transaction, before: Conversation, after: Conversation, now: datetime) -> None:
    """The metrics' facts of a desk action: closed (for abuse or not), or moved to another team."""
    if after.status == ConversationStatus.RESOLVED and before.status != ConversationStatus.RESOLVED:
        tx.facts.closed(after.id, now, abuse=after.flagged and after.flag_reason in END_REASONS)
    if after.domain != before.domain:
        tx.facts.transferred(after.id, after.domain)


class DeskService:
    def __init__(
        self,
        uow: UnitOfWork,
        events: EventSink,
        clock: Callable[[], datetime],
        domains: tuple[str, ...],
        on_queue_change: Callable[[], object] = lambda: None,
        policy: WellbeingPolicy = DEFAULT_WELLBEING,
    ) -> None:
        self._uow, self._events, self._clock, self._domains = uow, events, clock, domains
        self._on_queue_change = on_queue_change
        self._policy = policy

    def mine(self, principal: Principal) -> list[Assigned]:
        """The caller's assigned conversations, each with its messages (customers' insults masked) and, in
        `handoff`, its packet."""
        check_staff(principal)
        assert principal.agent_id is not None
        with self._uow(read_only=True) as tx:
            return [
                Assigned(c, tuple(for_staff(m) for m in tx.messages.in_conversation(c.id)))
                for c in tx.conversations.assigned_to(principal.agent_id)
            ]

    def queue(self, principal: Principal) -> list[Conversation]:
        check_staff(principal)
        with self._uow(read_only=True) as tx:
            return tx.conversations.queued()

    def resolve(self, principal: Principal, conversation_id: str, lesson: Lesson | None = None) -> Changed:
        """Close the case; what it could teach the AI (the agent's `lesson`, else a proposal) goes to review. The
        lesson is optional: one that cannot be saved never keeps the case open (`Changed.lesson` says so)."""
        return self._change(principal, conversation_id, self._resolved, resolved=True, lesson=lesson or Lesson())

    def hand_back(self, principal: Principal, conversation_id: str) -> Conversation:
        return self._change(principal, conversation_id, self._handed_back).conversation

    def end(self, principal: Principal, conversation_id: str, reason: str) -> Conversation:
        """End an abusive conversation on the spot: resolved and flagged, a polite closing line for the customer,
        and the agent's cool-down starts (no hard contact for a while)."""
        if reason not in END_REASONS:
            raise InvalidInput(f"unknown reason {reason!r}; use {', '.join(END_REASONS)}")

        def ended(c: Conversation, now: datetime) -> tuple[Conversation, str]:
            return lifecycle.ended(c, now, reason), f"ended_{reason}"

        return self._change(principal, conversation_id, ended, abusive=reason == "abuse").conversation

    def transfer(self, principal: Principal, conversation_id: str, domain: str, language: str | None) -> Conversation:
        check_domain(domain, self._domains)
        check_language(language)

        def transferred(c: Conversation, now: datetime) -> tuple[Conversation, str]:
            return lifecycle.transferred(c, domain, language, now), "transferred"

        return self._change(principal, conversation_id, transferred).conversation

    def _resolved(self, c: Conversation, now: datetime) -> tuple[Conversation, str]:
        return lifecycle.resolved(c, now), "resolved"

    def _handed_back(self, c: Conversation, now: datetime) -> tuple[Conversation, str]:
        # A fresh start for the AI (no repeated-failure memory), keeping what was verified and looked up.
        return lifecycle.handed_back(c, c.ai_state.fresh_start()), "handed_back"

    def _change(
        self,
        principal: Principal,
        conversation_id: str,
        change: Callable[[Conversation, datetime], tuple[Conversation, str]],
        resolved: bool = False,
        abusive: bool = False,
        lesson: Lesson | None = None,
    ) -> Changed:
        """Apply `change`; when it takes the conversation from its agent, that contact ends for them: its weight
        goes on their wellbeing record (`resolved` is its outcome; `abusive` whatever the messages said)."""
        now = self._clock()
        outbox = Outbox()
        with self._uow() as tx:
            # Rows are locked agent first, then conversation, as a status change does: no deadlock between them.
            agent_id = tx.conversations.get(conversation_id).agent_id
            if agent_id is not None:
                tx.agents.lock(agent_id)
            before = tx.conversations.lock(conversation_id)
            check_can_act(principal, before)
            after, phrase = change(before, now)
            tx.conversations.update(after)
            _record(tx, before, after, now)
            if before.status == ConversationStatus.ASSIGNED and before.agent_id is not None:
                self._contact_ended(tx, before, now, resolved, abusive, outbox)
            learned = self._propose(tx, before, lesson, principal, now, outbox) if lesson is not None else Learned()
            self._notify(tx, before, after, t(phrase, after.language or "en"), now, outbox)
            tx.commit()
        outbox.flush(self._events)
        self._on_queue_change()
        return Changed(after, learned)

    def _propose(
        self,
        tx: Transaction,
        conversation: Conversation,
        lesson: Lesson,
        principal: Principal,
        now: datetime,
        outbox: Outbox,
    ) -> Learned:
        messages = tx.messages.in_conversation(conversation.id)
        try:
            candidate = propose(conversation, messages, lesson, principal.agent_id, now)
        except Unlearnable as refused:
            return Learned("not_saved", refused.problem)
        if candidate is None:
            return Learned()
        tx.candidates.add(candidate)
        outbox.add((SUPERVISORS,), CandidatesEvent())
        return Learned("proposed")

    def _contact_ended(
        self, tx: Transaction, conversation: Conversation, now: datetime, resolved: bool, abusive: bool, outbox: Outbox
    ) -> None:
        assert conversation.agent_id is not None
        messages = tx.messages.in_conversation(conversation.id)
        signals = contact_signals(conversation, messages, now, resolved=resolved, abusive=abusive)
        agent = tx.agents.lock(conversation.agent_id)
        tx.agents.update(after_contact(agent, signals, now, self._policy))
        hard = is_hard(signals, self._policy.difficulty)
        book_chat(tx, conversation, agent.capacity, now)
        tx.agent_hours.contact_ended(agent.id, now, hard=hard, abusive=signals.abusive)
        if hard:  # a good moment to ask how they are (skippable)
            outbox.add((agent_channel(conversation.agent_id),), CheckInEvent("hard_contact"))
        outbox.add((SUPERVISORS,), AgentsEvent())

    def _notify(
        self, tx: Transaction, before: Conversation, after: Conversation, text: str, now: datetime, outbox: Outbox
    ) -> None:
        notice, _ = tx.messages.add(NewMessage(after.id, Author.SYSTEM, text, now))
        outbox.message(notice, before.agent_id)
        agent = () if before.agent_id is None else (agent_channel(before.agent_id),)
        outbox.status(after.id, after.status, SUPERVISORS, *agent)
        outbox.supervisor_needed(after)  # transferred, still kept for supervisors: it waits for one again
