"""The bookkeeping behind the figures: working time, seat occupancy, breaks due, fair shares, the summary."""

from datetime import datetime

import pytest

from tandem.wellbeing import WorkingTime
from tandem.workforce.simulation import AgentGroup, policy, simulate, summarize
from tandem.workforce.simulation.agents import Agent, hours_overlap
from tandem.workforce.simulation.fair_share import fair_share_gini
from tandem.workforce.simulation.roster import Stint, breaks_due_between

from .builders import small

DAY = datetime(2025, 3, 3)
HOURS = WorkingTime()  # break after 6 h, 20 minutes


def agent(start: float = 8 * 3600.0, end: float = 16 * 3600.0 + 1200.0, capacity: int = 2) -> Agent:
    group = AgentGroup("g", 1, start, end, capacity, ("ecommerce",), ("fr",), 20.0)
    return Agent(0, Stint(group, start, end, start), DAY)


def test_seat_occupancy_is_integrated_exactly() -> None:
    a = agent(start=0.0, end=7200.0, capacity=2)
    a.start_work(0.0)
    a.seats_change(600.0, +1)  # one of two seats from 10 min
    a.seats_change(1200.0, +1)  # both from 20 min
    a.seats_change(2400.0, -1)  # one from 40 min
    assert a.busy_until(600.0) == 0.0
    assert a.busy_until(1200.0) == pytest.approx(300.0)  # 600 s at half
    assert a.busy_until(2400.0) == pytest.approx(1500.0)
    assert a.busy_until(3600.0) == pytest.approx(2100.0)
    assert a.occupancy_last_hour(3600.0) == pytest.approx(2100.0 / 3600.0)


def test_occupancy_counts_only_time_at_work() -> None:
    a = agent(start=0.0, end=7200.0, capacity=1)
    a.start_work(0.0)
    a.seats_change(0.0, +1)
    a.seats_change(1200.0, -1)
    a.start_break(1200.0)
    a.end_break(2400.0, HOURS)  # 20 minutes
    assert a.worked(3600.0) == pytest.approx(2400.0) and a.worked_since_break(3600.0) == pytest.approx(1200.0)
    # 20 busy minutes over 40 minutes at work in the last hour, not over 60.
    assert a.occupancy_last_hour(3600.0) == pytest.approx(0.5)
    assert hours_overlap(a.work_segments(3600.0), 2) == [2400.0, 0.0]


def test_a_short_pause_does_not_reset_the_break_count() -> None:
    a = agent(start=0.0, end=7200.0)
    a.start_work(0.0)
    a.start_break(3600.0)
    a.end_break(3600.0 + 300.0, HOURS)
    assert a.worked_since_break(4000.0) == pytest.approx(3700.0)


@pytest.mark.parametrize(
    ("shift_hours", "due"),
    [(6.0, 0), (6.3, 0), (6 + 20 / 60, 1), (8 + 20 / 60, 1), (12 + 30 / 60, 1), (12 + 40 / 60, 2)],
)
def test_breaks_due_follow_the_six_hour_rule(shift_hours: float, due: int) -> None:
    start = 3600.0
    group = AgentGroup("g", 1, start, start + 3600.0 * shift_hours, 1, ("x",), ("fr",), 0.0)
    assert breaks_due_between(Stint(group, group.start, group.end, group.start), 0.0, 86_400.0, HOURS) == due


def test_fair_share_gini_compares_each_agent_with_their_share() -> None:
    assert fair_share_gini([(4, 4.0), (2, 2.0), (1, 1.0)]) == 0.0  # different counts, each exactly their share
    assert fair_share_gini([(2, 1.0), (0, 1.0)]) == pytest.approx(0.5)
    assert fair_share_gini([(5, 0.5), (1, 1.0), (1, 1.0)]) == 0.0  # owed less than one: left out


def test_the_summary_holds_the_documented_keys() -> None:
    figures = summarize(simulate(small(), policy("tandem"), seed=3)).as_dict()
    required = {
        "policy", "contacts", "service_level", "asa_seconds", "abandonment_rate", "occupancy",
        "max_agent_hour_occupancy", "hard_contact_gini", "breaks_due", "breaks_taken", "agents_over_limits",
        "cost_per_contact",
    }  # fmt: skip
    assert required <= figures.keys()
    assert figures["policy"] == "tandem"
    assert 0.0 <= figures["service_level"] <= 1.0 and 0.0 <= figures["occupancy"] <= 1.0
    assert len(figures["hourly"]) == 8
    agent_day = figures["per_agent"][0]
    assert {"peak_load", "occupancy_by_hour", "hard_contacts", "hard_owed"} <= agent_day.keys()
    owed = sum(d["hard_owed"] for d in figures["per_agent"])
    answered_hard = sum(d["hard_contacts"] for d in figures["per_agent"])
    assert owed == pytest.approx(answered_hard, rel=1e-6)  # each hard contact is owed once in all
