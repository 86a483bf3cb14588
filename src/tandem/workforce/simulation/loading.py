"""Scenario files: find one (a shipped name or a path), parse its YAML, validate every field.

Every problem is an `InvalidInput` naming the field, never a traceback. The shipped files
(`tandem/workforce/scenarios/*.yaml`) document the format with comments.
"""

import math
from collections.abc import Mapping
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tandem.domain.errors import InvalidInput
from tandem.domain.triage import Reason
from tandem.wellbeing import HourlyForecast, LoadModel, WellbeingPolicy, WorkingTime
from tandem.workforce.simulation.fields import (
    clock,
    duration,
    mapping,
    names,
    number,
    required,
    shares,
    text,
    whole,
)
from tandem.workforce.simulation.scenario import AgentGroup, Handling, Hardness, Intent, Scenario

SHIPPED = ("ecommerce", "logistics", "telecom")
_TOP = frozenset(
    {"name", "title", "day", "domain", "service_level", "arrivals_per_hour", "languages", "patience", "ai",
     "escalation_reasons", "handle_seconds", "resolved_share", "intents", "agents", "working_time", "breaks",
     "wellbeing"}
)  # fmt: skip
_HARD_KEYS = {"abusive": Hardness.ABUSIVE, "frustrated": Hardness.FRUSTRATED, "sensitive": Hardness.SENSITIVE}
# Hard escalations get their reason from their hardness; the file gives the mix of the others.
_STANDARD_REASONS = frozenset(r.value for r in Reason) - {h.value for h in Hardness} - {Reason.CONFIDENT.value}


def scenario_text(name_or_path: str | Path) -> tuple[str, str]:
    """The YAML text and where it came from: an existing file, else a shipped scenario by name."""
    path = Path(name_or_path)
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read scenario {path}: {exc}") from None
    if str(name_or_path) in SHIPPED:
        shipped = resources.files("tandem.workforce").joinpath("scenarios", f"{name_or_path}.yaml")
        return shipped.read_text(encoding="utf-8"), f"shipped scenario {name_or_path}"
    raise InvalidInput(f"no scenario file {str(name_or_path)!r}; give a path or one of {', '.join(SHIPPED)}")


def load_scenario(name_or_path: str | Path) -> Scenario:
    """The validated scenario from a shipped name (`ecommerce`) or a YAML file path."""
    source, origin = scenario_text(name_or_path)
    return parse_scenario(source, origin)


def parse_scenario(source: str, origin: str = "scenario") -> Scenario:
    """A `Scenario` from YAML text; `origin` names it in error messages."""
    try:
        document = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{origin} is not valid YAML: {exc}") from None
    data = mapping(document, origin, _TOP)
    domain = text(required(data, "domain", "scenario"), "domain")
    sl = mapping(required(data, "service_level", "scenario"), "service_level", frozenset({"target", "seconds"}))
    ai = mapping(data.get("ai", {}), "ai", frozenset({"seconds", "cost_per_contact"}))
    handle = mapping(required(data, "handle_seconds", "scenario"), "handle_seconds", frozenset(_DIFFICULTIES))
    name = text(required(data, "name", "scenario"), "name")
    arrivals = _arrivals(required(data, "arrivals_per_hour", "scenario"))
    scenario = Scenario(
        name=name,
        title=text(data.get("title", name), "title"),
        day=_day(data.get("day", "2025-01-06")),
        arrivals_per_hour=arrivals,
        languages=shares(required(data, "languages", "scenario"), "languages"),
        intents=_intents(required(data, "intents", "scenario"), domain),
        handling=Handling(
            *(duration(required(handle, k, "handle_seconds"), f"handle_seconds.{k}") for k in _DIFFICULTIES)
        ),
        groups=_groups(required(data, "agents", "scenario"), domain),
        escalation_reasons=_reasons(data.get("escalation_reasons", {Reason.LOW_CONFIDENCE.value: 1.0})),
        patience=None if data.get("patience") is None else duration(data["patience"], "patience"),
        ai_seconds=duration(ai.get("seconds", 0.0), "ai.seconds"),
        ai_cost_per_contact=number(ai.get("cost_per_contact", 0.0), "ai.cost_per_contact"),
        sla_seconds=number(required(sl, "seconds", "service_level"), "service_level.seconds"),
        sla_target=number(required(sl, "target", "service_level"), "service_level.target", 0.0, 1.0, open_low=True),
        resolved_share=number(data.get("resolved_share", 1.0), "resolved_share", 0.0, 1.0),
        working_time=_working_time(data.get("working_time", {})),
        breaks=_flag(data.get("breaks", True), "breaks"),
        wellbeing=_wellbeing(data.get("wellbeing", {}), arrivals),
    )
    check_coverage(scenario)
    return scenario


_DIFFICULTIES = ("simple", "standard", "hard")  # Handling's field order


def check_coverage(scenario: Scenario) -> None:
    """Refuse a roster that leaves a skill or language of the demand without anybody to answer it."""
    skills = {s for g in scenario.groups for s in g.skills}
    languages = {lang for g in scenario.groups for lang in g.languages}
    for intent in scenario.intents:
        if intent.share > 0 and intent.skill not in skills:
            raise InvalidInput(f"intents.{intent.name}: no agent group has the skill {intent.skill!r}")
    for language, share in scenario.languages:
        if share > 0 and language not in languages:
            raise InvalidInput(f"languages.{language}: no agent group speaks it")


def _day(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(text(value, "day")).replace(hour=0, minute=0, second=0, microsecond=0)
    except ValueError:
        raise InvalidInput(f"day must be a date like 2025-12-01, got {value!r}") from None


def _arrivals(value: object) -> tuple[float, ...]:
    if not isinstance(value, list) or not value:
        raise InvalidInput("arrivals_per_hour must be a non-empty list of contacts per hour (one per hour)")
    rates = tuple(number(v, f"arrivals_per_hour[{h}]") for h, v in enumerate(value))
    if not math.fsum(rates) > 0:
        raise InvalidInput("arrivals_per_hour: no contacts at all")
    return rates


def _intents(value: object, domain: str) -> tuple[Intent, ...]:
    data = mapping(value, "intents")
    if not data:
        raise InvalidInput("intents must not be empty")
    result = []
    for name, raw in data.items():
        where = f"intents.{name}"
        fields = mapping(raw, where, frozenset({"share", "containment", "hard", "skill"}))
        hard_data = mapping(fields.get("hard", {}), f"{where}.hard", frozenset(_HARD_KEYS))
        hard = shares(hard_data, f"{where}.hard", total=None) if hard_data else ()
        result.append(
            Intent(
                name=name,
                share=number(required(fields, "share", where), f"{where}.share", 0.0, 1.0),
                containment=number(fields.get("containment", 0.0), f"{where}.containment", 0.0, 1.0),
                skill=text(fields.get("skill", domain), f"{where}.skill"),
                hard=tuple((_HARD_KEYS[k], s) for k, s in hard),
            )
        )
    shares({i.name: i.share for i in result}, "intents (their shares)")
    return tuple(result)


def _reasons(value: object) -> tuple[tuple[str, float], ...]:
    result = shares(value, "escalation_reasons")
    for reason, _ in result:
        if reason not in _STANDARD_REASONS:
            raise InvalidInput(f"escalation_reasons.{reason}: not a triage reason code for a standard escalation "
                               f"(one of {', '.join(sorted(_STANDARD_REASONS))})")  # fmt: skip
    return result


def _groups(value: object, domain: str) -> tuple[AgentGroup, ...]:
    data = mapping(value, "agents", frozenset({"hourly_cost", "capacity", "languages", "groups"}))
    cost = number(data.get("hourly_cost", 0.0), "agents.hourly_cost")
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise InvalidInput("agents.groups must be a non-empty list")
    keys = frozenset({"name", "count", "shift", "stagger_minutes", "capacity", "skills", "languages", "hourly_cost"})
    result = []
    for i, raw in enumerate(groups):
        where = f"agents.groups[{i}]"
        group: Mapping[str, Any] = mapping(raw, where, keys)
        start, end = clock(required(group, "shift", where), f"{where}.shift")
        result.append(
            AgentGroup(
                name=text(group.get("name", f"group{i + 1}"), f"{where}.name"),
                count=whole(required(group, "count", where), f"{where}.count"),
                start=start,
                end=end,
                capacity=whole(group.get("capacity", data.get("capacity", 1)), f"{where}.capacity", low=1),
                skills=names(group.get("skills", [domain]), f"{where}.skills"),
                languages=names(group.get("languages", data.get("languages")), f"{where}.languages"),
                hourly_cost=number(group.get("hourly_cost", cost), f"{where}.hourly_cost"),
                stagger=60.0 * number(group.get("stagger_minutes", 0.0), f"{where}.stagger_minutes", 0.0, 720.0),
            )
        )
    if sum(g.count for g in result) == 0:
        raise InvalidInput("agents.groups: no agents at all")
    return tuple(result)


def _working_time(value: object) -> WorkingTime:
    keys = frozenset({"break_after_minutes", "break_minutes", "daily_limit_minutes", "look_ahead_minutes"})
    data = mapping(value, "working_time", keys)
    return WorkingTime(**{k: number(v, f"working_time.{k}") for k, v in data.items()})


_WELLBEING_NUMBERS = frozenset({
    "hard_window_minutes", "high_load", "very_high_load", "cool_down_minutes", "fair_share_weight", "load_weight",
    "occupancy_weight", "occupancy_limit", "burnout_penalty", "long_chat_minutes",
})  # fmt: skip


def _wellbeing(value: object, arrivals: tuple[float, ...]) -> WellbeingPolicy:
    """The site's wellbeing settings: the numbers of `WellbeingPolicy`, `half_life_minutes` of its load model and
    `hard_share_margin` (a whole number, or null for none), `adaptive_yield_share` (a number, or null: the load
    cut never yields), `occupancy_cap` (true or false), `lull_break_minutes` (a number, or null: no break is asked
    for early), `forecast` (contacts per hour from midnight, or null: none; by default the day's
    `arrivals_per_hour`, the forecast the roster was planned from, given in advance)."""
    optional = {"half_life_minutes", "hard_share_margin", "adaptive_yield_share", "occupancy_cap", "lull_break_minutes"}
    data = mapping(value, "wellbeing", _WELLBEING_NUMBERS | optional | {"forecast"})
    settings: dict[str, Any] = {k: number(v, f"wellbeing.{k}") for k, v in data.items() if k in _WELLBEING_NUMBERS}
    if "half_life_minutes" in data:
        settings["load_model"] = LoadModel(number(data["half_life_minutes"], "wellbeing.half_life_minutes"))
    if "hard_share_margin" in data:
        margin = data["hard_share_margin"]
        settings["hard_share_margin"] = None if margin is None else whole(margin, "wellbeing.hard_share_margin", 1)
    if "adaptive_yield_share" in data:
        share = data["adaptive_yield_share"]
        settings["adaptive_yield_share"] = None if share is None else number(share, "wellbeing.adaptive_yield_share")
    if "lull_break_minutes" in data:
        window = data["lull_break_minutes"]
        settings["lull_break_minutes"] = None if window is None else number(window, "wellbeing.lull_break_minutes")
    if "occupancy_cap" in data:
        settings["occupancy_cap"] = _flag(data["occupancy_cap"], "wellbeing.occupancy_cap")
    settings["forecast"] = _forecast(data.get("forecast", list(arrivals)))
    return WellbeingPolicy(**settings)


def _forecast(value: object) -> HourlyForecast | None:
    """The site's forecast of contacts per clock hour (the simulated day's hours from midnight), or None."""
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise InvalidInput("wellbeing.forecast must be a non-empty list of contacts per hour, or null")
    return HourlyForecast(tuple(number(v, f"wellbeing.forecast[{h}]") for h, v in enumerate(value)))


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{where} must be true or false, got {value!r}")
    return value
