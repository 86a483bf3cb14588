"""Head count for human_only to serve as well as tandem."""

import pytest

from tandem.domain.errors import InvalidInput
from tandem.workforce.simulation import match_staffing, policy, scaled, simulate, summarize
from tandem.workforce.simulation.staffing_search import TOLERANCE

from .builders import small


def test_scaling_keeps_the_mix_of_shifts() -> None:
    day = small()  # groups of 2, 5, 3
    assert [g.count for g in scaled(day, 20).groups] == [4, 10, 6]
    assert [g.count for g in scaled(day, 11).groups] == [2, 6, 3]
    assert scaled(day, 11).agent_count == 11
    with pytest.raises(InvalidInput):
        scaled(day, 0)


def test_the_smallest_head_count_that_serves_as_well_is_found() -> None:
    day = small()
    match = match_staffing(day, seed=2)
    target = match.tandem.service_level - TOLERANCE
    assert match.tandem.agents == day.agent_count
    assert match.human_only.service_level >= target
    fewer = summarize(simulate(scaled(day, match.human_only.agents - 1), policy("human_only"), seed=2))
    assert fewer.service_level < target
    assert match.agents_saved == match.human_only.agents - day.agent_count
    payload = match.as_dict()
    assert payload["human_only_agents"] == match.human_only.agents and payload["tried"]
