"""What the platform remembers about one agent's wellbeing between routing passes, and how it changes.

`services` (and the simulator) keep one `WellbeingState` per agent, update it with `record_contact` when a
contact ends and `record_check_in` when the agent checks in, and fill each routing snapshot from it with
`with_wellbeing`. Working time (minutes today, this week, since the last break), the shift end and the
occupancy come from presence and the schedule, which `services` own; they are set on the snapshot directly.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tandem.domain.routing import AgentSnapshot
from tandem.wellbeing.checkin import CheckIn
from tandem.wellbeing.load import ContactSignals, contact_difficulty, is_hard
from tandem.wellbeing.policy import DEFAULT_WELLBEING, WellbeingPolicy


@dataclass(frozen=True, slots=True)
class WellbeingState:
    """One agent's wellbeing record.

    `load` was measured at `load_at` (None: never, the load is 0); `hard_contacts_at` holds the end times of
    the hard contacts still inside the policy's window; `last_abusive_at` ends the last abusive contact.
    """

    load: float = 0.0
    load_at: datetime | None = None
    hard_contacts_at: tuple[datetime, ...] = ()
    last_abusive_at: datetime | None = None
    check_in: CheckIn | None = None


def current_load(state: WellbeingState, now: datetime, policy: WellbeingPolicy = DEFAULT_WELLBEING) -> float:
    """The agent's load at `now`, recovered since it was last measured."""
    if state.load_at is None:
        return state.load
    return policy.load_model.load_after(state.load, state.load_at, now)


def recent_hard_count(state: WellbeingState, now: datetime, policy: WellbeingPolicy = DEFAULT_WELLBEING) -> int:
    """Hard contacts that ended within the last `hard_window_minutes` before `now`.

    A contact ending exactly one window ago no longer counts; one stamped after `now` (clock skew) does.
    """
    since = now - timedelta(minutes=policy.hard_window_minutes)
    return sum(1 for at in state.hard_contacts_at if at > since)


def record_contact(
    state: WellbeingState, signals: ContactSignals, ended_at: datetime, policy: WellbeingPolicy = DEFAULT_WELLBEING
) -> WellbeingState:
    """The state after a contact that ended at `ended_at`: its difficulty added to the recovered load, a hard
    contact counted, an abusive one starting the cool-down. Hard contacts older than the window are dropped,
    so the record stays small however long the agent works."""
    added = contact_difficulty(signals, policy.difficulty)
    if state.load_at is None:
        load, load_at = state.load + added, ended_at
    else:
        load = policy.load_model.load_after(state.load, state.load_at, ended_at, added)
        # Contacts reported out of order must not move the measurement instant backwards.
        load_at = max(state.load_at, ended_at)
    hard = (*state.hard_contacts_at, ended_at) if is_hard(signals, policy.difficulty) else state.hard_contacts_at
    since = load_at - timedelta(minutes=policy.hard_window_minutes)
    abusive_at = state.last_abusive_at
    if signals.abusive:
        abusive_at = ended_at if abusive_at is None else max(abusive_at, ended_at)
    return replace(
        state,
        load=load,
        load_at=load_at,
        hard_contacts_at=tuple(sorted(at for at in hard if at > since)),
        last_abusive_at=abusive_at,
    )


def record_check_in(state: WellbeingState, check_in: CheckIn) -> WellbeingState:
    """The state after a self check-in; an older check-in than the one on record is ignored."""
    if state.check_in is not None and check_in.at < state.check_in.at:
        return state
    return replace(state, check_in=check_in)


def with_wellbeing(
    agent: AgentSnapshot, state: WellbeingState, now: datetime, policy: WellbeingPolicy = DEFAULT_WELLBEING
) -> AgentSnapshot:
    """The routing snapshot with the wellbeing fields the record determines, as of `now`: load, recent hard
    contacts, last abusive contact and the check-in score (dropped once older than `check_in_valid_minutes`)."""
    check_in = state.check_in
    valid = check_in is not None and check_in.valid_at(now, policy.check_in_valid_minutes)
    return replace(
        agent,
        load=current_load(state, now, policy),
        recent_hard=recent_hard_count(state, now, policy),
        last_abusive_at=state.last_abusive_at,
        check_in=check_in.score if check_in is not None and valid else None,
    )
