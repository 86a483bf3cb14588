"""The agents' wellbeing in the live service: their stored record read as the pure wellbeing types, the routing
snapshot, a finished contact's weight, and what the agent and the supervisor see."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Final, Literal

from tandem.domain.conversations import Agent, AgentStatus, Author, Conversation, Message, Role
from tandem.domain.routing import AgentSnapshot, ChatSpan
from tandem.domain.triage import Reason
from tandem.wellbeing import (
    BREAK_DUE,
    BREAK_IN_LULL,
    CheckIn,
    ContactSignals,
    LoadLevel,
    WellbeingPolicy,
    WellbeingState,
    WorkLog,
    break_status,
    check_in_alert,
    day_of,
    effective_capacity,
    hour_start,
    is_hard,
    load_level,
    lull_break,
    moved_on,
    overtime,
    record_check_in,
    record_contact,
    rolled,
    seat_seconds,
    with_wellbeing,
)

HOUR = timedelta(hours=1)
OCCUPANCY_WINDOW = HOUR  # how far back the chat spans must go: the last hour holds the current clock hour
MIN_WINDOW = timedelta(minutes=15)  # the shortest time an occupancy is measured over (as in the simulator)

# Alert codes a supervisor sees (never the check-in score itself).
Alert = Literal["low_check_in", "overtime", "break_overdue", "high_load"]
LOW_CHECK_IN: Final = "low_check_in"
OVERTIME: Final = "overtime"
BREAK_OVERDUE: Final = "break_overdue"
HIGH_LOAD: Final = "high_load"


def state_of(agent: Agent) -> WellbeingState:
    check_in = None
    if agent.check_in_score is not None and agent.check_in_at is not None:
        check_in = CheckIn(agent.check_in_score, agent.check_in_at)
    return WellbeingState(
        load=agent.load,
        load_at=agent.load_at,
        hard_contacts_at=agent.hard_contacts_at,
        last_abusive_at=agent.last_abusive_at,
        check_in=check_in,
    )


def with_state(agent: Agent, state: WellbeingState) -> Agent:
    return replace(
        agent,
        load=state.load,
        load_at=state.load_at,
        hard_contacts_at=state.hard_contacts_at,
        last_abusive_at=state.last_abusive_at,
        check_in_score=None if state.check_in is None else state.check_in.score,
        check_in_at=None if state.check_in is None else state.check_in.at,
    )


def log_of(agent: Agent) -> WorkLog:
    return WorkLog(
        day=None if agent.work_day is None else date.fromisoformat(agent.work_day),
        today_seconds=agent.worked_seconds_today,
        week_seconds=agent.worked_seconds_week,
        since_break_seconds=agent.worked_since_break_seconds,
        breaks_today=agent.breaks_taken_today,
        hard_today=agent.hard_contacts_today,
    )


def with_log(agent: Agent, log: WorkLog) -> Agent:
    return replace(
        agent,
        work_day=None if log.day is None else log.day.isoformat(),
        worked_seconds_today=log.today_seconds,
        worked_seconds_week=log.week_seconds,
        worked_since_break_seconds=log.since_break_seconds,
        breaks_taken_today=log.breaks_today,
        hard_contacts_today=log.hard_today,
    )


def log_now(agent: Agent, now: datetime, policy: WellbeingPolicy) -> WorkLog:
    """The agent's working time at `now`, the stretch in the current status included."""
    return moved_on(log_of(agent), agent.status, agent.status_since, now, policy.hours.break_minutes)


def changed_status(agent: Agent, new: Agent, now: datetime, policy: WellbeingPolicy) -> Agent:
    """`new` (the agent in their new status since `now`) with the stretch in the old status booked."""
    return with_log(new, log_now(agent, now, policy))


def checked_in(agent: Agent, score: int, now: datetime) -> Agent:
    """The agent after a self check-in. Raises InvalidInput for a score outside 1..5."""
    return with_state(agent, record_check_in(state_of(agent), CheckIn(score, now)))


def snapshot(agent: Agent, active: int) -> AgentSnapshot:
    return AgentSnapshot(
        id=agent.id,
        status=agent.status,
        skills=frozenset(agent.skills),
        languages=frozenset(agent.languages),
        capacity=agent.capacity,
        active=active,
        supervisor=agent.role == Role.SUPERVISOR,
    )


def routing_snapshot(
    agent: Agent,
    active: int,
    now: datetime,
    policy: WellbeingPolicy,
    hard_in_hand: int = 0,
    spans: Sequence[ChatSpan] = (),
    booked_this_hour: float | None = None,
) -> AgentSnapshot:
    """The router's snapshot with load, hard contacts, cool-down, check-in, working time and occupancy as of `now`.

    `hard_in_hand` hard conversations the agent has now count with the recent ones, as in the simulator: a
    hard contact weighs from the moment it is taken, not only once it ends. `spans` are the agent's stretches
    with a conversation over at least the last hour (`ConversationRepository.chat_spans`), for the occupancy.
    `booked_this_hour`: the seconds at work already booked in this clock hour (`AgentHourLog.worked_in_hour`);
    with the stretch running since `status_since`, the time at work this hour exactly, as the simulator counts
    it. Without it, the time since the hour began, at most today's work: too much after a break in the hour,
    which let the occupancy cap read a full hour as a light one.
    """
    log = log_now(agent, now, policy)
    routed = with_wellbeing(snapshot(agent, active), state_of(agent), now, policy)
    own = [(s.start, s.end) for s in spans if s.agent_id == agent.id]
    start = hour_start(now)
    last_hour = seat_seconds(own, agent.capacity, now - HOUR, now)
    # Time at work in a window: the work logged today, at most the window (the log keeps no finer record).
    worked_last_hour = min(HOUR.total_seconds(), log.today_seconds)
    snap = replace(
        routed,
        recent_hard=routed.recent_hard + hard_in_hand,
        worked_minutes_today=log.today_seconds / 60,
        worked_minutes_week=log.week_seconds / 60,
        worked_since_break_minutes=log.since_break_seconds / 60,
        occupancy_last_hour=min(1.0, last_hour / max(worked_last_hour, MIN_WINDOW.total_seconds())),
        hour_busy_seconds=seat_seconds(own, agent.capacity, start, now),
        hour_worked_seconds=_hour_worked(agent, now, start, log.today_seconds, booked_this_hour),
        chats_started_at=tuple(sorted(s for s, e in own if e is None)),
    )
    return replace(snap, break_early=_asked_to_break(agent, snap, policy))


def _asked_to_break(agent: Agent, snap: AgentSnapshot, policy: WellbeingPolicy) -> bool:
    """The router asked the agent to take their break early, in a lull (the notice it stored), and no real break
    has reset their work since (wellbeing.lull)."""
    if agent.wellbeing_notice != BREAK_IN_LULL:
        return False  # nearly everyone, at every pass: the rule is not built for them
    rule = lull_break(policy)
    return rule is not None and rule.still_asked(snap)


def _hour_worked(agent: Agent, now: datetime, start: datetime, today: float, booked: float | None) -> float:
    """Seconds at work in the clock hour from `start` to `now` (see `routing_snapshot`), never more than the
    coarse bound of the time since the hour began and today's work."""
    coarse = min((now - start).total_seconds(), today)
    if booked is None:
        return coarse
    since = agent.status_since
    running = (now - max(since, start)).total_seconds() if agent.status == AgentStatus.AVAILABLE and since else 0.0
    return min(coarse, booked + max(running, 0.0))


def contact_signals(
    conversation: Conversation, messages: Sequence[Message], now: datetime, resolved: bool, abusive: bool = False
) -> ContactSignals:
    """What the contact that ends now was like for its agent: the customer's peak frustration and any abuse since
    it was handed to people, a sensitive escalation, the minutes since the agent got it, and its outcome."""
    since = conversation.queued_at
    said = [m for m in messages if m.author == Author.CUSTOMER and (since is None or m.created_at >= since)]
    frustration = max((m.meta.frustration for m in said), default=0.0)
    start = conversation.assigned_at or now
    return ContactSignals(
        frustration=min(1.0, max(0.0, frustration)),
        abusive=abusive or any(m.meta.abuse for m in said),
        sensitive=Reason.SENSITIVE_TOPIC.value in conversation.escalation_reasons,
        minutes=max(0.0, (now - start).total_seconds() / 60),
        resolved=resolved,
    )


def after_contact(agent: Agent, signals: ContactSignals, now: datetime, policy: WellbeingPolicy) -> Agent:
    """The agent once a contact with these signals ended at `now`: load, hard contacts, cool-down."""
    log = rolled(log_of(agent), now)
    if is_hard(signals, policy.difficulty):
        log = replace(log, hard_today=log.hard_today + 1)
    return with_log(with_state(agent, record_contact(state_of(agent), signals, now, policy)), log)


@dataclass(frozen=True, slots=True)
class WellbeingView:
    """An agent's wellbeing as shown in their workspace and on the supervisor's dashboard."""

    load: float
    load_level: LoadLevel
    effective_capacity: int
    recent_hard: int
    hard_today: int
    hard_share: float  # of the team's hard contacts today
    worked_minutes_today: float
    worked_minutes_week: float
    break_due: bool
    break_due_at: datetime | None
    break_in_lull: bool  # the break is asked for early, nobody waiting: "quiet now, a good moment for it"
    breaks_taken_today: int
    overtime_minutes: float
    occupancy_last_hour: float  # share of their chat seats in use over the last hour at work (docs/wellbeing.md)
    cooling_down_until: datetime | None
    check_in: int | None  # the agent's own valid score: for them only
    alerts: tuple[Alert, ...]


def first_work_today(agent: Agent, now: datetime) -> bool:
    """Whether the agent has neither worked nor checked in yet today: the moment to ask how they are."""
    log = rolled(log_of(agent), now)
    checked_today = agent.check_in_at is not None and day_of(agent.check_in_at) == log.day
    return log.today_seconds == 0 and not checked_today


def hard_today(agent: Agent, now: datetime) -> int:
    return rolled(log_of(agent), now).hard_today


def views(
    agents: Sequence[Agent],
    active: dict[int, int],
    now: datetime,
    policy: WellbeingPolicy,
    spans: Sequence[ChatSpan] = (),
) -> dict[int, WellbeingView]:
    """Every agent's view (the hard-contact share needs the whole team); `spans` as for `routing_snapshot`."""
    team = sum(hard_today(a, now) for a in agents)
    return {
        a.id: view(a, routing_snapshot(a, active.get(a.id, 0), now, policy, spans=spans), team, now, policy)
        for a in agents
    }


def view(
    agent: Agent, snapshot: AgentSnapshot, team_hard_today: int, now: datetime, policy: WellbeingPolicy
) -> WellbeingView:
    """`snapshot` is the agent's router snapshot as of `now` (`routing_snapshot`)."""
    log = log_now(agent, now, policy)
    hours = policy.hours
    breaks = break_status(snapshot, now, hours)
    extra = overtime(snapshot, hours)
    level = load_level(snapshot.load, policy)
    cooling = None
    if snapshot.last_abusive_at is not None:
        until = snapshot.last_abusive_at + timedelta(minutes=policy.cool_down_minutes)
        cooling = until if until > now else None
    alerts: list[Alert] = []
    if check_in_alert(snapshot.check_in, policy.low_check_in):
        alerts.append(LOW_CHECK_IN)
    if extra > 0:
        alerts.append(OVERTIME)
    if breaks.reason == BREAK_DUE:
        alerts.append(BREAK_OVERDUE)
    if level != "normal":
        alerts.append(HIGH_LOAD)
    return WellbeingView(
        load=round(snapshot.load, 2),
        load_level=level,
        effective_capacity=effective_capacity(snapshot, policy),
        recent_hard=snapshot.recent_hard,
        hard_today=log.hard_today,
        hard_share=round(log.hard_today / team_hard_today, 3) if team_hard_today else 0.0,
        worked_minutes_today=round(snapshot.worked_minutes_today, 1),
        worked_minutes_week=round(snapshot.worked_minutes_week, 1),
        break_due=breaks.due,
        break_due_at=breaks.due_at,
        break_in_lull=breaks.reason == BREAK_IN_LULL,
        breaks_taken_today=log.breaks_today,
        overtime_minutes=round(extra, 1),
        occupancy_last_hour=round(snapshot.occupancy_last_hour, 3),
        cooling_down_until=cooling,
        check_in=snapshot.check_in,
        alerts=tuple(alerts),
    )
