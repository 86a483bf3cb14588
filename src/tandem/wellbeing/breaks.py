"""Breaks and working hours: when the router must stop giving an agent new contacts.

Defaults follow the French labour code (DOMAIN.md), configurable per site: a break of at least 20 minutes once
6 hours of work are reached (L3121-16), at most 10 hours of work a day (L3121-18) and 48 hours a week
(L3121-20). The router stops assigning `look_ahead_minutes` (default 15) *before* each limit, so that the
chats an agent already has can end before the limit rather than after it.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, WaitingConversation

# Veto codes, phrased about one agent.
BREAK_DUE = "break_due"
DAILY_LIMIT = "daily_limit"
WEEKLY_LIMIT = "weekly_limit"
SHIFT_OVER = "shift_over"
BREAK_IN_LULL = "break_in_lull"  # asked to take the break early, nobody waiting (wellbeing.lull): a notice

# BreakStatus reasons.
ON_BREAK = "on_break"
BREAK_SOON = "break_soon"  # within the look-ahead: no new contacts, finish the current ones
NOT_DUE = "not_due"


@dataclass(frozen=True, slots=True)
class WorkingTime:
    """The site's working-time rules, in minutes of work."""

    break_after_minutes: float = 360.0
    break_minutes: float = 20.0  # a shorter pause does not reset the count of work since the last break
    daily_limit_minutes: float = 600.0
    weekly_limit_minutes: float = 2880.0
    look_ahead_minutes: float = 15.0

    def __post_init__(self) -> None:
        limits = (self.break_after_minutes, self.break_minutes, self.daily_limit_minutes, self.weekly_limit_minutes)
        if not all(0.0 < m < math.inf for m in limits):
            raise InvalidInput("working-time limits must be finite and > 0 minutes")
        # A look-ahead as long as a limit would stop the agent from ever taking a contact.
        if not 0.0 <= self.look_ahead_minutes < min(limits[0], limits[2], limits[3]):
            raise InvalidInput(f"look_ahead_minutes must be >= 0 and below every limit, got {self.look_ahead_minutes}")


DEFAULT_WORKING_TIME = WorkingTime()


@dataclass(frozen=True, slots=True)
class BreakStatus:
    """Whether the agent needs a break now, when the legal point is (was) reached, and which case applies.

    `due` is what the router acts on (no new contacts); `due_at` is when `break_after_minutes` of work is
    reached if the agent keeps working (in the past when overdue; None while on break); `reason` is one of
    "on_break", "not_due", "break_soon" (inside the look-ahead), "break_due" (limit reached) or "break_in_lull"
    (asked to take it early, in a lull: the snapshot's `break_early`).
    """

    due: bool
    due_at: datetime | None
    reason: str


def break_status(agent: AgentSnapshot, now: datetime, hours: WorkingTime = DEFAULT_WORKING_TIME) -> BreakStatus:
    """The agent's break situation at `now`, for the router, the agent's workspace and the supervisor."""
    if agent.status is AgentStatus.BREAK:
        return BreakStatus(False, None, ON_BREAK)
    remaining = hours.break_after_minutes - agent.worked_since_break_minutes
    due_at = now + timedelta(minutes=remaining)
    if remaining <= 0:
        return BreakStatus(True, due_at, BREAK_DUE)
    if remaining <= hours.look_ahead_minutes:
        return BreakStatus(True, due_at, BREAK_SOON)
    if agent.break_early:
        return BreakStatus(True, due_at, BREAK_IN_LULL)
    return BreakStatus(False, due_at, NOT_DUE)


def overtime(agent: AgentSnapshot, hours: WorkingTime = DEFAULT_WORKING_TIME) -> float:
    """Minutes worked beyond the daily or the weekly limit, whichever is more; 0 within both."""
    return max(
        0.0,
        agent.worked_minutes_today - hours.daily_limit_minutes,
        agent.worked_minutes_week - hours.weekly_limit_minutes,
    )


def working_time_limit(agent: AgentSnapshot, hours: WorkingTime = DEFAULT_WORKING_TIME) -> str | None:
    """The first working-time limit that stops new contacts for the agent, in the router's funnel order
    ("weekly_limit", "daily_limit", "break_due"; the look-ahead included; then "break_in_lull" for an agent asked
    to take their break early), or None within all of them.

    What the agent is told when the router starts turning them away for their hours (the shift end is left
    out: that is the schedule speaking, not a limit to warn about).
    """
    ahead = hours.look_ahead_minutes
    if agent.worked_minutes_week + ahead >= hours.weekly_limit_minutes:
        return WEEKLY_LIMIT
    if agent.worked_minutes_today + ahead >= hours.daily_limit_minutes:
        return DAILY_LIMIT
    if agent.worked_since_break_minutes + ahead >= hours.break_after_minutes:
        return BREAK_DUE
    return BREAK_IN_LULL if agent.break_early else None


@dataclass(frozen=True, slots=True)
class BreakDue:
    """No new contacts once a break is due or within the look-ahead of it, or once the agent was asked to take it
    early, in a lull (`break_early`): veto "break_due" either way."""

    after_minutes: float = DEFAULT_WORKING_TIME.break_after_minutes
    look_ahead_minutes: float = DEFAULT_WORKING_TIME.look_ahead_minutes

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto an agent whose work since the last break reaches the limit minus the look-ahead, or asked to
        take the break early."""
        reached = agent.worked_since_break_minutes + self.look_ahead_minutes >= self.after_minutes
        return BREAK_DUE if reached or agent.break_early else None


@dataclass(frozen=True, slots=True)
class DailyLimit:
    """No new contacts within the look-ahead of the daily limit of work (veto "daily_limit")."""

    limit_minutes: float = DEFAULT_WORKING_TIME.daily_limit_minutes
    look_ahead_minutes: float = DEFAULT_WORKING_TIME.look_ahead_minutes

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto an agent whose work today reaches the daily limit minus the look-ahead."""
        return DAILY_LIMIT if agent.worked_minutes_today + self.look_ahead_minutes >= self.limit_minutes else None


@dataclass(frozen=True, slots=True)
class WeeklyLimit:
    """No new contacts within the look-ahead of the weekly limit of work (veto "weekly_limit")."""

    limit_minutes: float = DEFAULT_WORKING_TIME.weekly_limit_minutes
    look_ahead_minutes: float = DEFAULT_WORKING_TIME.look_ahead_minutes

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto an agent whose work this week reaches the weekly limit minus the look-ahead."""
        return WEEKLY_LIMIT if agent.worked_minutes_week + self.look_ahead_minutes >= self.limit_minutes else None


@dataclass(frozen=True, slots=True)
class ShiftOver:
    """No new contacts within the look-ahead of the end of the agent's shift (veto "shift_over")."""

    look_ahead_minutes: float = DEFAULT_WORKING_TIME.look_ahead_minutes

    def check(self, agent: AgentSnapshot, conversation: WaitingConversation, now: datetime) -> str | None:
        """Veto an agent whose shift ends within the look-ahead (or has ended); no shift end, no veto."""
        if agent.shift_ends_at is None:
            return None
        return SHIFT_OVER if now + timedelta(minutes=self.look_ahead_minutes) >= agent.shift_ends_at else None
