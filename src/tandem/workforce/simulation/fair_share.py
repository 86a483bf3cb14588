"""How evenly hard contacts were shared, against what an equal split among the agents at work would give.

A day's raw counts are not comparable across agents: a night agent sees a fraction of the noon traffic, and
no routing can change that. So each hard contact is owed, in equal parts, to everyone at work when it was
answered (1/n each for n agents at work); an agent's ratio is hard contacts taken / hard contacts owed, and
the Gini coefficient of those ratios (0: everyone took exactly their share) measures the routing's fairness.
"""

import bisect
import itertools

from tandem.wellbeing import gini
from tandem.workforce.simulation.agents import Agent
from tandem.workforce.simulation.contact import Contact

MIN_OWED = 1.0  # agents owed less than one hard contact (a short stint) are left out: their ratio is noise


def fair_share_gini(taken_owed: list[tuple[int, float]]) -> float:
    """Gini of taken / owed hard contacts over the agents owed at least `MIN_OWED`."""
    return gini([taken / owed for taken, owed in taken_owed if owed >= MIN_OWED])


def owed_hard_contacts(contacts: list[Contact], agents: list[Agent], end: float) -> list[float]:
    """For each agent, the hard contacts they would have taken had each been split equally among the agents
    at work (not on a break) at the moment it was answered."""
    segments = [a.work_segments(end) for a in agents]
    starts = sorted(s for agent in segments for s, _ in agent)
    ends = sorted(e for agent in segments for _, e in agent)
    times = sorted(c.answered_at for c in contacts if c.hard and c.answered_at is not None)
    shares = []
    for t in times:
        at_work = bisect.bisect_right(starts, t) - bisect.bisect_right(ends, t)
        shares.append(1.0 / max(1, at_work))
    cumulative = [0.0, *itertools.accumulate(shares)]
    owed = []
    for agent in segments:
        total = 0.0
        for start, stop in agent:
            total += cumulative[bisect.bisect_left(times, stop)] - cumulative[bisect.bisect_left(times, start)]
        owed.append(total)
    return owed
