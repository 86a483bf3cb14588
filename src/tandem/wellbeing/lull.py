"""A break taken early, in a lull: when nobody waits, an idle agent whose break falls due soon is asked to take it now.

A break falls due after `break_after_minutes` of work wherever the queue then is; one due in a peak takes the
agent away exactly when the team is short. When nobody waits and the agent has no chat, the same break taken a
little earlier costs nobody anything: "quiet now, a good moment for your break". It is the same legal break (at
least `break_minutes`, it resets the work since the last break), only earlier.

The rule (`LullBreak.choose`, run by the live router at every pass and by the simulator at every tick):
- nobody is waiting;
- the agent is available with no chat in hand, and their break falls due within `window_minutes` but not yet
  within the look-ahead (there the usual "break due" path already stops new contacts), before anything else
  stops their work (the end of the shift, the daily or weekly limit: then no break falls due at all);
- the rest of the team can do without them, now and for the length of the break: the agents who still take
  contacts (no working-time limit, not turned away by the occupancy cap) and can serve whatever the agent serves
  keep at least as many free seats as the agent takes away, and the seat occupancy of everyone at work stays at
  or below the cap's limit, once the chats in hand have grown again as much as they grew over the last
  `break_minutes` (the team's chats in hand now, less those it had then: `growth`). Near the cap, or on the way
  into a rush, nobody is sent: the break then falls due as usual.
Agents due soonest go first; each one sent counts no more for the others' check.

Why the growth: the seats free now say nothing of the contacts about to come. On the way into a rush (ecommerce,
seed 9, 14:00) the queue is still empty and seats are free, but the chats in hand climb by a dozen or more in 20
minutes; agents sent then are missing ten minutes later, when the occupancy cap turns away nearly everyone else.
The rule cannot see the future; it assumes only that the chats in hand keep growing, for as long as the break
lasts, as fast as they just did (a fall counts as none). So it cannot tell a burst from the start of a longer peak:
held back then, the break falls due in the peak instead (ecommerce, seed 75; docs/benchmarks.md). The live router
counts the chats its team had in hand then from the assignment log (`chats_in_hand`); the simulator from its own
past; both pass it to `choose`.

With the site's forecast of contacts per hour (`forecast`, given in advance: `tandem.wellbeing.forecast`), the
window reaches further before a busier hour: a break that would stop the agent in a clock hour forecast busier than
this one, with no quieter hour in between, may be asked for up to half the work between breaks early
(`reach_minutes`), as long as a break now leaves no more work before the end of the shift (or the day's limit) than
one break covers, so that no second break falls due. Rosters put a shift group's breaks six hours after it starts,
wherever the peak then is (ecommerce: the 14:00 group's fall in the 20:00 peak); the growth above cannot see such a
peak coming, the forecast can. Every other condition holds as within the window.

Why a window of 60 minutes by default: the occupancy cap and the report count clock hours, so a break can leave
the hour it falls due in only if it may move by up to an hour; and under the default rules (a break after 6 h,
at most 10 h a day) a break taken up to 2 h early never makes a second one fall due within the day (the work
after it stays within 10 h - 4 h = 6 h), so an early break replaces the due one rather than adding one.

The live router cannot send anyone on a break: it turns the agent away from new contacts and tells them
(`BREAK_IN_LULL`, the agent's snapshot `break_early`), as the look-ahead of a due break does. The simulator
assumes the agent takes the break at once.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from tandem.domain.conversations import AgentStatus
from tandem.domain.errors import InvalidInput
from tandem.domain.routing import AgentSnapshot, ChatSpan
from tandem.wellbeing.breaks import DEFAULT_WORKING_TIME, WorkingTime, working_time_limit
from tandem.wellbeing.forecast import HourlyForecast
from tandem.wellbeing.occupancy import HOUR_SECONDS, MIN_HOUR_MINUTES, OccupancyCap, stop_in

LULL_BREAK_MINUTES = 60.0


@dataclass(frozen=True, slots=True)
class LullBreak:
    """Who to ask to take their break now because nobody waits (see the module's docstring)."""

    window_minutes: float = LULL_BREAK_MINUTES
    hours: WorkingTime = field(default=DEFAULT_WORKING_TIME)
    cap: OccupancyCap | None = None  # None: no occupancy cap at the site (only the seats count then)
    limit: float = 0.85  # the team's seat occupancy above which nobody is sent
    forecast: HourlyForecast | None = None  # the site's contacts per hour: a break due in a busier hour goes earlier

    def __post_init__(self) -> None:
        if not self.hours.look_ahead_minutes < self.window_minutes < self.hours.break_after_minutes:
            raise InvalidInput(
                f"lull_break_minutes must be above the look-ahead and below break_after_minutes, "
                f"got {self.window_minutes}"
            )

    @property
    def reach_minutes(self) -> float:
        """How soon before it falls due a break may be asked for: the window, or with a forecast half the work
        between breaks (earlier, it would be another pause, not the break falling due)."""
        if self.forecast is None:
            return self.window_minutes
        return max(self.window_minutes, self.hours.break_after_minutes / 2)

    def due_soon(self, agent: AgentSnapshot, now: datetime) -> bool:
        """The agent's break falls due within the window, not yet within the look-ahead, while still at work; or,
        with a forecast, within the reach, in a clock hour forecast busier than this one (`quieter_now`)."""
        hours = self.hours
        left = hours.break_after_minutes - agent.worked_since_break_minutes
        if not hours.look_ahead_minutes < left <= self.reach_minutes:
            return False
        if agent.worked_minutes_today + left >= hours.daily_limit_minutes:
            return False
        if agent.worked_minutes_week + left >= hours.weekly_limit_minutes:
            return False
        if agent.shift_ends_at is not None and now + timedelta(minutes=left) >= agent.shift_ends_at:
            return False
        return left <= self.window_minutes or self.quieter_now(agent, now, left)

    def quieter_now(self, agent: AgentSnapshot, now: datetime, left: float) -> bool:
        """Beyond the window: the forecast has no quieter hour than this one until the agent would stop for the
        break (`left` minutes of work from now, less the look-ahead) and that hour is busier, and a break now
        leaves no more work after it than one break covers (no second break falls due within the day)."""
        hours = self.hours
        if self.forecast is None:
            return False
        after = min(
            hours.daily_limit_minutes - agent.worked_minutes_today,
            hours.weekly_limit_minutes - agent.worked_minutes_week,
        )
        if agent.shift_ends_at is not None:
            after = min(after, (agent.shift_ends_at - now).total_seconds() / 60.0 - hours.break_minutes)
        if after >= hours.break_after_minutes:
            return False
        return self.forecast.quieter_now(now, now + timedelta(minutes=left - hours.look_ahead_minutes))

    def still_asked(self, agent: AgentSnapshot) -> bool:
        """Whether a request made earlier still stands for the agent: until a real break resets their work since
        the last one (a pause shorter than `break_minutes` does not). What the live router reads back from the
        notice it stored (`break_early` on the snapshot)."""
        left = self.hours.break_after_minutes - agent.worked_since_break_minutes
        return agent.status is not AgentStatus.OFFLINE and left <= self.reach_minutes

    def hour_stays_capped(self, agent: AgentSnapshot, now: datetime) -> bool:
        """Whether the idle agent's clock hour stays at or below the cap's limit with the break starting now.

        The cap let chats in on the understanding that the agent stays at work to the end of the hour (or to a
        planned stop): a break it did not plan for cuts the hour's time at work, not its seat time, and can take
        a busy hour over the limit (telecom, seed 2: 0.90 without this check). With no chat in hand the seat time
        so far is the hour's, bar chats after the break (which the cap weighs then); the time at work is what was
        worked so far plus what is left of the hour after the break, up to the next stop. An hour that ends up
        under `MIN_HOUR_MINUTES` at work does not count."""
        if self.cap is None:
            return True
        into = now.minute * 60.0 + now.second + now.microsecond / 1e6
        after = stop_in(replace(agent, worked_since_break_minutes=0.0), now, self.hours)  # stops after this break
        back = max(0.0, min(HOUR_SECONDS - into, after) - 60.0 * self.hours.break_minutes)
        at_work = max(agent.hour_worked_seconds, 0.0) + back
        if at_work < 60.0 * MIN_HOUR_MINUTES - 1.0:
            return True
        return agent.hour_busy_seconds <= self.cap.limit * at_work + 1e-9

    def on_duty(self, agent: AgentSnapshot, now: datetime) -> bool:
        """Available and not stopped by their working time (a limit or its look-ahead, an early break asked, the
        end of the shift): one of the team serving the queue, whether the occupancy cap lets them take more now
        or not."""
        if agent.status is not AgentStatus.AVAILABLE or agent.break_early:
            return False
        if working_time_limit(agent, self.hours) is not None:
            return False
        ahead = timedelta(minutes=self.hours.look_ahead_minutes)
        return agent.shift_ends_at is None or now + ahead < agent.shift_ends_at

    @property
    def look_back(self) -> timedelta:
        """How far back the team's chats in hand are compared with now's: the length of a break."""
        return timedelta(minutes=self.hours.break_minutes)

    def growth(self, team: Sequence[AgentSnapshot], earlier_in_hand: int | None) -> int:
        """How many more chats the team has in hand now than `look_back` ago (none if fewer, or unknown): as many
        more are expected while the break lasts."""
        if earlier_in_hand is None:
            return 0
        return max(0, sum(a.active for a in team) - earlier_in_hand)

    def choose(
        self, team: Sequence[AgentSnapshot], waiting: int, now: datetime, earlier_in_hand: int | None = None
    ) -> tuple[int, ...]:
        """The ids of the agents to ask to take their break now (none while anyone waits), soonest due first.

        `earlier_in_hand`: the chats the whole team had in hand `look_back` before `now` (None: unknown, taken as
        today's, i.e. no growth)."""
        if waiting > 0:
            return ()
        candidates = sorted(
            (a for a in team if a.active == 0 and self.on_duty(a, now) and self.due_soon(a, now)),
            key=lambda a: (-a.worked_since_break_minutes, a.id),
        )
        candidates = [a for a in candidates if self.hour_stays_capped(a, now)]
        if not candidates:
            return ()
        growth = self.growth(team, earlier_in_hand)
        on_duty = [a for a in team if self.on_duty(a, now)]
        cap = self.cap
        open_ = {a.id for a in on_duty if cap is None or not cap.over(a, now)}
        sent: list[int] = []
        for agent in candidates:
            if self._team_can_spare(agent, on_duty, open_, {*sent, agent.id}, growth):
                sent.append(agent.id)
        return tuple(sent)

    def _team_can_spare(
        self, agent: AgentSnapshot, on_duty: list[AgentSnapshot], open_: set[int], gone: set[int], growth: int
    ) -> bool:
        """With the agents in `gone` away and `growth` more chats in hand: the ones the cap still lets take contacts
        and who serve whatever `agent` serves keep at least `agent`'s seats free, and the team on duty uses at most
        `limit` of its seats."""
        staying = [a for a in on_duty if a.id not in gone]
        free = sum(
            max(a.capacity - a.active, 0)
            for a in staying
            if a.id in open_ and agent.skills <= a.skills and agent.languages <= a.languages
        )
        seats = sum(a.capacity for a in staying)
        in_use = sum(a.active for a in staying) + growth
        return free - growth >= agent.capacity and in_use <= self.limit * seats + 1e-9


def chats_in_hand(spans: Iterable[ChatSpan], at: datetime) -> int:
    """The conversations agents had in hand at `at`, from the assignment log's stretches (`ChatSpan`): begun by
    then and not yet ended (a stretch ending at `at` is over)."""
    return sum(1 for s in spans if s.start <= at and (s.end is None or s.end > at))
