"""The figures of one run: service, occupancy, fairness, breaks and limits, cost.

Definitions (DOMAIN.md), over the contacts that reached the human queue unless said otherwise:
- service level: answered within the scenario's `sla_seconds`, of all queued contacts (abandoned ones count
  as not answered in time); ASA: mean wait of the answered ones (0 s for those answered at once);
  P(wait): share that found nobody free; abandonment: share that left before an answer.
- occupancy: the share of the agents' chat seats in use while they were at work (logged in, not on a break);
  with one seat per agent it is the classic handling time / available time. Per agent and clock hour, an
  hour counts when the agent worked at least `MIN_HOUR_SECONDS` of it.
- hard-contact Gini: of each agent's hard contacts over their equal share among the agents at work when each
  was answered (`fair_share`): 0 when everyone took exactly their share.
- breaks: due as the working-time rules require, falling due within the day; taken when started at most
  `BREAK_GRACE_MINUTES` after falling due. Agents over limits: worked beyond the daily limit in today's shift
  (measured to its end, past midnight if need be), or missed a break due today.
- cost per contact: agents' paid time (shift plus chats finished after it) at their hourly cost, plus the AI's
  cost for each contact it saw, over all contacts of the day.
"""

import math
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from tandem.workforce.simulation.agents import HOUR, Agent, hours_overlap
from tandem.workforce.simulation.contact import Contact
from tandem.workforce.simulation.engine import RunRecord
from tandem.workforce.simulation.fair_share import fair_share_gini, owed_hard_contacts
from tandem.workforce.simulation.policies import BREAK_GRACE_MINUTES
from tandem.workforce.simulation.roster import breaks_due_between

MIN_HOUR_SECONDS = 1800.0


@dataclass(frozen=True, slots=True)
class AgentDay:
    id: int
    group: str
    hours_worked: float
    contacts: int
    hard_contacts: int
    hard_owed: float  # the equal share of hard contacts among the agents at work (fair_share)
    peak_load: float
    breaks_due: int
    breaks_taken: int
    overtime_minutes: float
    occupancy_by_hour: list[float | None]


@dataclass(frozen=True, slots=True)
class Summary:
    """One run's figures; `as_dict()` is the JSON the CLI writes."""

    scenario: str
    policy: str
    seed: int
    agents: int
    contacts: int
    contained_by_ai: int
    queued: int
    answered: int
    abandoned: int
    service_level: float
    asa_seconds: float
    p_wait: float
    abandonment_rate: float
    occupancy: float
    max_agent_hour_occupancy: float
    agent_hours_over_85: int
    hard_contacts: int
    hard_contact_gini: float
    max_agent_peak_load: float
    breaks_due: int
    breaks_taken: int
    agents_over_limits: int
    overtime_hours: float
    paid_hours: float
    cost_total: float
    cost_per_contact: float
    escalation_reasons: dict[str, int]
    hourly: list[dict[str, Any]]
    per_agent: list[AgentDay]

    def as_dict(self, *, per_agent: bool = True) -> dict[str, Any]:
        data = {k: _rounded(v) for k, v in asdict(self).items()}
        if not per_agent:
            del data["per_agent"]
        return data


def summarize(record: RunRecord, since: float = 0.0) -> Summary:
    """The run's figures; queue figures only over contacts queued at or after `since` (a warm-up to skip)."""
    scenario = record.scenario
    queued = [c for c in record.queued if c.queued_at >= since]
    waits = [w for w in (c.waited() for c in queued) if w is not None]
    in_time = sum(1 for w in waits if w <= scenario.sla_seconds)
    window = scenario.horizon_seconds
    hours = len(scenario.arrivals_per_hour)
    owed = owed_hard_contacts(record.queued, record.agents, record.end)
    days = [_agent_day(a, record, hours, o) for a, o in zip(record.agents, owed, strict=True)]
    busy = math.fsum(a.busy_until(min(window, record.end)) for a in record.agents)
    at_work = math.fsum(d.hours_worked for d in days) * HOUR
    hour_figures = [o for d in days for o in d.occupancy_by_hour if o is not None]
    paid = [_paid_hours(a, d, window) for a, d in zip(record.agents, days, strict=True)]
    ai_cost = scenario.ai_cost_per_contact * record.contacts if record.policy.ai_first else 0.0
    cost = math.fsum(a.hourly_cost * p for a, p in zip(record.agents, paid, strict=True)) + ai_cost
    daily_limit = 60.0 * scenario.working_time.daily_limit_minutes
    # A shift carried over from yesterday is counted against the daily limit yesterday (today's same shift is).
    over_limits = sum(
        1 for a, d in zip(record.agents, days, strict=True)
        if d.breaks_taken < d.breaks_due or (a.stint.shift_start >= 0 and a.worked(record.end) > daily_limit)
    )  # fmt: skip
    return Summary(
        scenario=scenario.name,
        policy=record.policy.name.value,
        seed=record.seed,
        agents=scenario.agent_count,
        contacts=record.contacts,
        contained_by_ai=record.contained,
        queued=len(queued),
        answered=len(waits),
        abandoned=sum(1 for c in queued if c.abandoned_at is not None),
        service_level=_share(in_time, len(queued)),
        asa_seconds=math.fsum(waits) / len(waits) if waits else 0.0,
        p_wait=_share(sum(1 for c in queued if c.answered_at != c.queued_at), len(queued)),
        abandonment_rate=_share(sum(1 for c in queued if c.abandoned_at is not None), len(queued)),
        occupancy=busy / at_work if at_work > 0 else 0.0,
        max_agent_hour_occupancy=max(hour_figures, default=0.0),
        agent_hours_over_85=sum(1 for o in hour_figures if o > 0.85),
        hard_contacts=sum(d.hard_contacts for d in days),
        hard_contact_gini=fair_share_gini([(d.hard_contacts, d.hard_owed) for d in days]),
        max_agent_peak_load=max((d.peak_load for d in days), default=0.0),
        breaks_due=sum(d.breaks_due for d in days),
        breaks_taken=sum(d.breaks_taken for d in days),
        agents_over_limits=over_limits,
        overtime_hours=math.fsum(d.overtime_minutes for d in days) / 60.0,
        paid_hours=math.fsum(paid),
        cost_total=cost,
        cost_per_contact=cost / record.contacts if record.contacts else 0.0,
        escalation_reasons=dict(sorted(Counter(c.reason for c in queued if c.reason is not None).items())),
        hourly=_hourly(record, queued, days, hours),
        per_agent=days,
    )


def _agent_day(agent: Agent, record: RunRecord, hours: int, owed: float) -> AgentDay:
    scenario = record.scenario
    working_time = scenario.working_time
    due = breaks_due_between(agent.stint, 0.0, scenario.horizon_seconds, working_time) if scenario.breaks else 0
    at_work = hours_overlap(agent.work_segments(record.end), hours)
    occupancy: list[float | None] = []
    for h, seconds in enumerate(at_work):
        if seconds < MIN_HOUR_SECONDS:
            occupancy.append(None)
        else:
            used = agent.busy_until((h + 1) * HOUR) - agent.busy_until(h * HOUR)
            occupancy.append(min(1.0, used / seconds))
    return AgentDay(
        id=agent.id,
        group=agent.group,
        hours_worked=math.fsum(at_work) / HOUR,
        contacts=agent.contacts,
        hard_contacts=agent.hard_contacts,
        hard_owed=owed,
        peak_load=agent.peak_load,
        breaks_due=due,
        breaks_taken=min(due, agent.breaks_on_time(working_time, 60.0 * BREAK_GRACE_MINUTES)),
        overtime_minutes=agent.overtime(record.end) / 60.0,
        occupancy_by_hour=occupancy,
    )


def _paid_hours(agent: Agent, day: AgentDay, window: float) -> float:
    """The shift's hours within the window, plus the chats finished after the shift's end."""
    return max(0.0, min(agent.end, window) - max(agent.start, 0.0)) / HOUR + day.overtime_minutes / 60.0


def _hourly(record: RunRecord, queued: list[Contact], days: list[AgentDay], hours: int) -> list[dict[str, Any]]:
    """Per clock hour: contacts queued, their service level, the mean and the highest agent occupancy."""
    entered, good = [0] * hours, [0] * hours
    for c in queued:
        h = min(hours - 1, int(c.queued_at // HOUR))
        entered[h] += 1
        wait = c.waited()
        good[h] += wait is not None and wait <= record.scenario.sla_seconds
    result = []
    for h in range(hours):
        present = [o for d in days if (o := d.occupancy_by_hour[h]) is not None]
        result.append({
            "hour": h,
            "queued": entered[h],
            "service_level": _share(good[h], entered[h]) if entered[h] else None,
            "mean_agent_occupancy": math.fsum(present) / len(present) if present else None,
            "max_agent_occupancy": max(present, default=None),
        })  # fmt: skip
    return result


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value
