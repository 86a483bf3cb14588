"""Routing: a pure policy deciding which agent takes which waiting conversation, with reasons."""

from tandem.routing.priority import (
    DEFAULT_POLICY,
    RoutingPolicy,
    effective_priority,
    queue_order,
    sla_breached,
    waited_seconds,
)
from tandem.routing.router import route, spare_ratio, why_nobody
from tandem.routing.rules import (
    AT_CAPACITY,
    DEFAULT_RULES,
    MISSING_LANGUAGE,
    MISSING_SKILL,
    NOBODY,
    NOT_AVAILABLE,
    SUPERVISORS_ONLY,
    BelowCapacity,
    HasSkill,
    IsAvailable,
    Rule,
    Scorer,
    SpeaksLanguage,
    SupervisorOnly,
)

__all__ = [
    "AT_CAPACITY",
    "DEFAULT_POLICY",
    "DEFAULT_RULES",
    "MISSING_LANGUAGE",
    "MISSING_SKILL",
    "NOBODY",
    "NOT_AVAILABLE",
    "SUPERVISORS_ONLY",
    "BelowCapacity",
    "HasSkill",
    "IsAvailable",
    "RoutingPolicy",
    "Rule",
    "Scorer",
    "SpeaksLanguage",
    "SupervisorOnly",
    "effective_priority",
    "queue_order",
    "route",
    "sla_breached",
    "spare_ratio",
    "waited_seconds",
    "why_nobody",
]
