"""The engine on a small day: reproducible, conserving contacts, and never breaking the roster's facts."""

from collections import Counter, defaultdict

import pytest

from tandem.routing import DEFAULT_POLICY, queue_order
from tandem.workforce.simulation import POLICIES, PolicyName, RunRecord, policy, simulate, summarize
from tandem.workforce.simulation.agents import Agent
from tandem.workforce.simulation.engine import Engine
from tandem.workforce.simulation.tandem_dispatch import RoutingPass
from tandem.workforce.simulation.workday import Workday

from .builders import small


@pytest.fixture(scope="module")
def records() -> dict[PolicyName, RunRecord]:
    day = small()
    return {name: simulate(day, chosen, seed=5) for name, chosen in POLICIES.items()}


def test_the_same_seed_gives_the_same_figures_and_another_seed_others() -> None:
    day = small()
    for chosen in POLICIES.values():
        first = summarize(simulate(day, chosen, seed=11)).as_dict()
        assert summarize(simulate(day, chosen, seed=11)).as_dict() == first
        assert summarize(simulate(day, chosen, seed=12)).as_dict() != first


def test_every_contact_is_accounted_for(records: dict[PolicyName, RunRecord]) -> None:
    sizes = {record.contacts for record in records.values()}
    assert len(sizes) == 1  # the same customers under every policy
    for name, record in records.items():
        assert record.contained + len(record.queued) == record.contacts
        for contact in record.queued:
            assert (contact.answered_at is None) or (contact.abandoned_at is None)
            if contact.answered_at is not None:
                assert contact.answered_at >= contact.queued_at
            if contact.abandoned_at is not None:
                assert contact.abandoned_at == pytest.approx(contact.queued_at + contact.patience)
        assert (record.contained == 0) == (name is PolicyName.HUMAN_ONLY)


def test_agents_only_take_what_they_can_when_they_are_at_work(records: dict[PolicyName, RunRecord]) -> None:
    for record in records.values():
        agents = {a.id: a for a in record.agents}
        chats: dict[int, list[tuple[float, float]]] = defaultdict(list)
        for contact in record.queued:
            if contact.agent is None:
                continue
            agent = agents[contact.agent]
            assert contact.skill in agent.skills and contact.language in agent.languages
            start = contact.answered_at
            assert start is not None
            assert any(s <= start <= e for s, e in agent.work_segments(record.end)), "assigned while away"
            chats[agent.id].append((start, start + contact.handle_seconds))
        for agent_id, spans in chats.items():
            events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans], key=lambda x: (x[0], x[1]))
            level, peak = 0, 0
            for _, step in events:
                level += step
                peak = max(peak, level)
            assert peak <= agents[agent_id].capacity


def test_a_night_shift_is_at_work_at_the_start_of_the_day(records: dict[PolicyName, RunRecord]) -> None:
    record = records[PolicyName.NAIVE_HYBRID]
    early = [a for a in record.agents if a.start == 0.0]
    assert len(early) == 2 and all(a.end == 4 * 3600.0 for a in early)  # yesterday's 20:00-04:00, until 04:00
    # Four hours before midnight, with the break due after two (a 20-minute break taken then).
    assert all(a.stint.worked_before == 220 * 60.0 and a.stint.since_break_before == 100 * 60.0 for a in early)
    assert any(c.answered_at is not None and c.answered_at < 3600.0 for c in record.queued)


def test_tandem_takes_every_due_break(records: dict[PolicyName, RunRecord]) -> None:
    tandem = summarize(records[PolicyName.TANDEM])
    naive = summarize(records[PolicyName.NAIVE_HYBRID])
    assert tandem.breaks_due == naive.breaks_due > 0
    assert tandem.breaks_taken == tandem.breaks_due
    assert tandem.agents_over_limits == 0


def test_tandem_stops_new_work_before_the_daily_limit() -> None:
    """A 20-hour shift: naive agents work it all, tandem's stop taking contacts 15 min before 10 hours."""
    long_day = small(night='shift: "20:00-04:00"|shift: "05:00-01:00"')
    tandem = simulate(long_day, policy("tandem"), seed=4)
    naive = simulate(long_day, policy("naive_hybrid"), seed=4)
    assert summarize(naive).agents_over_limits >= 2
    assert summarize(tandem).agents_over_limits == 0
    today = [a for a in tandem.agents if a.stint.shift_start >= 0]
    assert max(a.worked(tandem.end) for a in today) <= 600 * 60.0


def test_tandem_offers_urgent_contacts_first() -> None:
    """An understaffed day: in every routing pass, the contacts given out come in the router's queue order, so a
    sensitive contact (priority 3) is offered the free agents before a standard one (priority 0) waiting with it.

    (Their mean wait is not lower: a hard contact waits for an agent the fair share, the cool-down and the load
    cut allow. This test once compared the mean waits on seed 2, which held at the 30-second tick and not at the
    live router's 2 s; over seeds 0-9 the sensitive contacts waited longer at either tick.)"""
    busy = small(arrivals="[10, 8, 6, 6, 40, 60, 70, 60]|[10, 8, 6, 6, 90, 120, 120, 90]")
    engine = Engine(busy, policy("tandem"), seed=2)
    passes: list[RoutingPass] = []
    assert engine.tandem is not None
    engine.tandem.observer = passes.append
    engine.run()
    both = 0
    for routed in passes:
        order = [w.id for w in queue_order(routed.waiting, routed.at, DEFAULT_POLICY)]
        given = {d.conversation_id for d in routed.plan.decisions}
        assert [d.conversation_id for d in routed.plan.decisions] == [c for c in order if c in given]
        both += {0, 3} <= {w.priority for w in routed.waiting}
    assert both >= 20  # passes with a sensitive and a standard contact waiting together (80 on this day)


def test_a_break_check_always_moves_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The break rule counts minutes, the schedule seconds: on this day (seed 5, 2-second tick) they disagreed by
    a rounding error at 8440.57 s and the check that found no break due was scheduled at the same instant, forever."""
    checks: Counter[tuple[int, float]] = Counter()
    original = Workday._break_check

    def counted(self: Workday, agent: Agent) -> None:
        checks[(agent.id, self.env.now)] += 1
        assert checks[(agent.id, self.env.now)] < 10, f"agent {agent.id} checked again at {self.env.now}"
        original(self, agent)

    monkeypatch.setattr(Workday, "_break_check", counted)
    busy = small(arrivals="[10, 8, 6, 6, 40, 60, 70, 60]|[10, 8, 6, 6, 90, 120, 120, 90]")
    assert simulate(busy, policy("tandem"), seed=5).contacts > 0


def test_progress_reports_every_hour() -> None:
    seen: list[tuple[int, int]] = []
    simulate(small(), policy("naive_hybrid"), seed=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == list(range(1, seen[-1][1] + 1))
