"""Each eligibility rule alone: what it allows and the veto code it gives."""

from dataclasses import replace

import pytest

from tandem.domain.conversations import AgentStatus
from tandem.routing import (
    AT_CAPACITY,
    DEFAULT_RULES,
    MISSING_LANGUAGE,
    MISSING_SKILL,
    NOT_AVAILABLE,
    SUPERVISORS_ONLY,
    BelowCapacity,
    HasSkill,
    IsAvailable,
    SpeaksLanguage,
    SupervisorOnly,
    why_nobody,
)

from .builders import NOW, agent, conv


def test_available_agents_pass_and_others_are_vetoed() -> None:
    rule = IsAvailable()
    assert rule.check(agent(status=AgentStatus.AVAILABLE), conv(), NOW) is None
    assert rule.check(agent(status=AgentStatus.BREAK), conv(), NOW) == NOT_AVAILABLE
    assert rule.check(agent(status=AgentStatus.OFFLINE), conv(), NOW) == NOT_AVAILABLE


def test_the_domain_must_be_among_the_skills() -> None:
    rule = HasSkill()
    assert rule.check(agent(skills=("telecom", "ecommerce")), conv(domain="ecommerce"), NOW) is None
    assert rule.check(agent(skills=("telecom",)), conv(domain="ecommerce"), NOW) == MISSING_SKILL
    assert rule.check(agent(skills=()), conv(domain="ecommerce"), NOW) == MISSING_SKILL


def test_the_language_must_be_spoken() -> None:
    rule = SpeaksLanguage()
    assert rule.check(agent(languages=("fr",)), conv(language="fr"), NOW) is None
    assert rule.check(agent(languages=("fr",)), conv(language="en"), NOW) == MISSING_LANGUAGE


@pytest.mark.parametrize(
    ("capacity", "active", "expected"),
    [(3, 0, None), (3, 2, None), (3, 3, AT_CAPACITY), (2, 4, AT_CAPACITY), (0, 0, AT_CAPACITY)],
)
def test_a_free_slot_is_needed(capacity: int, active: int, expected: str | None) -> None:
    assert BelowCapacity().check(agent(capacity=capacity, active=active), conv(), NOW) == expected


def test_default_rules_check_status_skill_language_then_capacity() -> None:
    assert [type(r) for r in DEFAULT_RULES] == [IsAvailable, HasSkill, SpeaksLanguage, BelowCapacity]


def test_supervisor_only_conversations_go_to_supervisors() -> None:
    rule = SupervisorOnly()
    kept = replace(conv(), supervisor_only=True)
    supervisor = replace(agent(), supervisor=True)
    assert rule.check(agent(), conv(), NOW) is None
    assert rule.check(supervisor, conv(), NOW) is None
    assert rule.check(supervisor, kept, NOW) is None
    assert rule.check(agent(), kept, NOW) == SUPERVISORS_ONLY
    assert why_nobody([(4, SUPERVISORS_ONLY)])[0] == "no_supervisor_available"
