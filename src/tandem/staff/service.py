"""Agents and supervisors: accounts, logging in, and their availability."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from tandem.domain import lifecycle
from tandem.domain.access import Principal, PrincipalKind, check_staff, check_supervisor
from tandem.domain.conversations import Agent, AgentStatus, Author, NewAgent, NewMessage, Role
from tandem.domain.errors import InvalidInput, NotFound, TooManyRequests, Unauthorized
from tandem.domain.events import AGENTS, SUPERVISORS, AgentsEvent, AlertEvent, MyStatusEvent, Outbox, agent_channel
from tandem.domain.hours import SupportHours
from tandem.domain.language import LANGUAGES
from tandem.domain.ports import EventSink, Transaction, UnitOfWork
from tandem.i18n import t
from tandem.packs.catalog import pack_names
from tandem.staff.booking import book_chat, book_stretch
from tandem.staff.security import PasswordChecks, Tokens, hash_password
from tandem.staff.team import at_work, nobody_now
from tandem.staff.throttle import Limit, LoginThrottle, MemoryCounter
from tandem.wellbeing import DEFAULT_WELLBEING, WellbeingPolicy, check_in_alert
from tandem.wellbeing.records import (
    LOW_CHECK_IN,
    OCCUPANCY_WINDOW,
    WellbeingView,
    changed_status,
    checked_in,
    first_work_today,
    views,
)

MAX_CAPACITY = 20


@dataclass(frozen=True, slots=True)
class AgentView:
    agent: Agent
    active: int
    wellbeing: WellbeingView
    ask_check_in: bool = False  # the workspace should ask "how are you?" now (first time available today)


class StaffService:
    def __init__(
        self,
        uow: UnitOfWork,
        events: EventSink,
        tokens: Tokens,
        clock: Callable[[], datetime],
        on_queue_change: Callable[[], object] = lambda: None,
        policy: WellbeingPolicy = DEFAULT_WELLBEING,
        throttle: LoginThrottle | None = None,
        passwords: PasswordChecks | None = None,
        hours: SupportHours | None = None,
    ) -> None:
        self._uow, self._events, self._tokens, self._clock = uow, events, tokens, clock
        self._hours = hours  # told to a requeued customer no one else can take now
        self._on_queue_change = on_queue_change
        self._policy = policy
        # Without a throttle (the CLI, which logs no one in) nothing is counted.
        self._throttle = throttle or LoginThrottle(MemoryCounter(), Limit(0, 1), Limit(0, 1))
        self._passwords = passwords or PasswordChecks()

    def add(
        self,
        username: str,
        password: str,
        role: Role,
        skills: Sequence[str] = (),
        languages: Sequence[str] = ("fr", "en"),
        capacity: int = 3,
        display_name: str | None = None,
    ) -> Agent:
        """A new account. Raises Conflict when the name is taken, InvalidInput for bad values."""
        username = username.strip()
        if not username or len(username) > 64 or not username.replace("-", "").replace("_", "").isalnum():
            raise InvalidInput("username: 1 to 64 letters, digits, '-' or '_'")
        if unknown := set(skills) - set(pack_names()):
            raise InvalidInput(f"unknown skills {sorted(unknown)}; use {', '.join(pack_names())}")
        if not languages or set(languages) - set(LANGUAGES):
            raise InvalidInput("languages: fr and/or en")
        if not 1 <= capacity <= MAX_CAPACITY:
            raise InvalidInput(f"capacity must be between 1 and {MAX_CAPACITY}")
        new = NewAgent(
            username=username,
            display_name=display_name or username.capitalize(),
            role=role,
            password_hash=hash_password(password),
            skills=tuple(skills),
            languages=tuple(languages),
            capacity=capacity,
        )
        with self._uow() as tx:
            agent = tx.agents.add(new)
            tx.commit()
        return agent

    def grant_skills(self, username: str, skills: Sequence[str]) -> Agent:
        """Add `skills` (packs) to an existing account's; NotFound for an unknown account."""
        if unknown := set(skills) - set(pack_names()):
            raise InvalidInput(f"unknown skills {sorted(unknown)}; use {', '.join(pack_names())}")
        with self._uow() as tx:
            agent = tx.agents.by_username(username)
            if agent is None:
                raise NotFound(f"no account named {username!r}")
            added = tuple(skill for skill in skills if skill not in agent.skills)
            if added:
                agent = replace(agent, skills=agent.skills + added)
                tx.agents.update(agent)
                tx.commit()
        return agent

    def login(self, username: str, password: str, address: str = "") -> tuple[str, Agent]:
        """A token for the account. Raises Unauthorized, or TooManyRequests after too many failures for the
        account or from the client `address`, or while too many passwords are being checked."""
        self._throttle.attempt(username, address)
        with self._uow(read_only=True) as tx:
            agent = tx.agents.by_username(username.strip())
        # The same answer, and the same password check, for an unknown name and a wrong password: neither the
        # reply nor its time hints at which accounts exist.
        try:
            matches = self._passwords.matches(agent.password_hash if agent else None, password)
        except TooManyRequests:
            self._throttle.not_tried(username, address)
            raise
        if not matches or agent is None:
            raise Unauthorized("wrong username or password")
        self._throttle.succeeded(username, address)
        kind = PrincipalKind.SUPERVISOR if agent.role == Role.SUPERVISOR else PrincipalKind.AGENT
        return self._tokens.for_staff(agent.id, kind, self._clock()), agent

    def me(self, principal: Principal) -> AgentView:
        """The caller's account, load, working time and break status."""
        check_staff(principal)
        assert principal.agent_id is not None
        with self._uow(read_only=True) as tx:
            return self._view(tx, principal.agent_id)

    def everyone(self, principal: Principal) -> list[AgentView]:
        """The team, each with their wellbeing figures and alerts (check-in scores are the agents' own)."""
        check_supervisor(principal)
        now = self._clock()
        with self._uow(read_only=True) as tx:
            active = tx.conversations.count_assigned()
            agents = tx.agents.all()
            spans = tx.conversations.chat_spans(now - OCCUPANCY_WINDOW, now)
        seen = views(agents, active, now, self._policy, spans)
        return [AgentView(a, active.get(a.id, 0), replace(seen[a.id], check_in=None)) for a in agents]

    def check_in(self, principal: Principal, score: int) -> AgentView:
        """The agent's answer to "how are you doing?" (1 bad .. 5 good). Kept for them: a low score lowers their
        capacity and tells the supervisors that someone may need a word, without the score."""
        check_staff(principal)
        assert principal.agent_id is not None
        now = self._clock()
        outbox = Outbox()
        with self._uow() as tx:
            agent = checked_in(tx.agents.lock(principal.agent_id), score, now)
            tx.agents.update(agent)
            view = self._view(tx, agent.id)
            tx.commit()
        if check_in_alert(score, self._policy.low_check_in):
            outbox.add((SUPERVISORS,), AlertEvent(agent.id, LOW_CHECK_IN))
        outbox.add((SUPERVISORS, AGENTS), AgentsEvent())
        outbox.flush(self._events)
        self._on_queue_change()  # a better answer may give a chat back
        return view

    def set_status(self, principal: Principal, status: AgentStatus) -> AgentView:
        """Change availability. Going on break or offline puts the agent's conversations back in the queue."""
        check_staff(principal)
        assert principal.agent_id is not None
        now = self._clock()
        outbox = Outbox()
        with self._uow() as tx:
            # A routing pass that read this agent as available finishes first, so its assignments are requeued
            # here too: never an offline agent left holding a chat. Taken before the row, as the router does.
            tx.conversations.hold_routing()
            agent = tx.agents.lock(principal.agent_id)
            ask = status == AgentStatus.AVAILABLE and agent.status != status and first_work_today(agent, now)
            if agent.status != status:
                # The stretch in the old status is booked: work while available, a rest otherwise.
                book_stretch(tx, agent, now, self._policy)  # and in the agent-hours, for the metrics
                agent = changed_status(agent, replace(agent, status=status, status_since=now), now, self._policy)
                tx.agents.update(agent)
            requeued = self._requeue_chats(tx, agent.id, now, outbox) if status != AgentStatus.AVAILABLE else 0
            view = replace(self._view(tx, agent.id), ask_check_in=ask)
            tx.commit()
        outbox.add((SUPERVISORS, AGENTS), AgentsEvent())
        # The agent's other tabs must not offer Resolve on chats that just went back to the queue.
        outbox.add((agent_channel(agent.id),), MyStatusEvent(status.value, requeued))
        outbox.flush(self._events)
        if requeued or status == AgentStatus.AVAILABLE:
            self._on_queue_change()
        return view

    def _requeue_chats(self, tx: Transaction, agent_id: int, now: datetime, outbox: Outbox) -> int:
        """The agent's conversations back in the queue, each customer told; how many there were."""
        chats = tx.conversations.assigned_to(agent_id)
        colleagues = [a for a in tx.agents.all() if a.id != agent_id] if chats else []
        capacity = tx.agents.get(agent_id).capacity if chats else 1
        for conversation in chats:
            book_chat(tx, conversation, capacity, now)  # the metrics' seat time, up to the requeue
            moved = lifecycle.requeued(conversation, now)
            tx.conversations.update(moved)
            text = self._requeued_notice(moved.domain, moved.language, colleagues)
            notice, _ = tx.messages.add(NewMessage(moved.id, Author.SYSTEM, text, now))
            outbox.message(notice, None)
            outbox.status(moved.id, moved.status)
            outbox.supervisor_needed(moved)  # one a supervisor had taken over waits for one again
        return len(chats)

    def _requeued_notice(self, domain: str, language: str | None, colleagues: Sequence[Agent]) -> str:
        """ "Another colleague will take over" only when one of that team is at work; else no one is, said so."""
        lang = language or "en"
        if at_work(colleagues, domain, language):
            return t("requeued", lang)
        return t("adviser_away", lang) + " " + nobody_now(self._hours, lang)

    def _view(self, tx: Transaction, agent_id: int) -> AgentView:
        agent = tx.agents.get(agent_id)  # NotFound for an account that is gone
        active = tx.conversations.count_assigned()
        now = self._clock()
        spans = tx.conversations.chat_spans(now - OCCUPANCY_WINDOW, now)
        seen = views(tx.agents.all(), active, now, self._policy, spans)
        return AgentView(agent, active.get(agent_id, 0), seen[agent_id])
