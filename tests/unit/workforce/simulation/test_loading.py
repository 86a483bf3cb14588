"""Scenario files: the shipped ones load, and every kind of bad input is one clear InvalidInput."""

import math
from pathlib import Path

import pytest

from tandem.domain.errors import InvalidInput
from tandem.workforce.simulation import SHIPPED, Hardness, Shape, load_scenario, parse_scenario

from .builders import SMALL, small


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenarios_load_by_name(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name
    assert len(scenario.arrivals_per_hour) == 24
    assert 5_000 < scenario.expected_contacts < 20_000
    assert 50 <= scenario.agent_count <= 250
    assert scenario.intents and all(i.skill == name for i in scenario.intents)


def test_a_path_loads_the_same_scenario_as_the_text(tmp_path: Path) -> None:
    path = tmp_path / "day.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert load_scenario(path) == parse_scenario(SMALL, "x") == load_scenario(str(path))


def test_fields_are_read_as_documented() -> None:
    day = small()
    night, french, english = day.groups
    assert (night.start, night.end) == (20 * 3600.0, 28 * 3600.0)  # "20:00-04:00" ends the next day
    assert (french.capacity, english.capacity) == (2, 3)  # the agents' default, and a group's own
    assert french.stagger == 20 * 60.0 and french.skills == ("ecommerce",)
    complaint = day.intents[1]
    assert dict(complaint.hard) == {Hardness.FRUSTRATED: 0.4, Hardness.ABUSIVE: 0.1, Hardness.SENSITIVE: 0.1}
    assert complaint.hard_share == pytest.approx(0.6)
    assert day.handling.hard.shape is Shape.LOGNORMAL and day.handling.hard.maximum == 1800.0
    assert day.working_time.break_after_minutes == 120.0
    assert day.sla_seconds == 60.0 and day.sla_target == 0.8
    no_patience = small(p="patience: {shape: exponential, mean: 240}|patience: null")
    assert no_patience.patience is None


@pytest.mark.parametrize(
    ("old_new", "message"),
    [
        ("[10, 8, 6, 6,|[10, 8, 6, -6,", r"arrivals_per_hour\[3\]"),
        ("[10, 8, 6, 6,|[10, 8, 6, .nan,", r"arrivals_per_hour\[3\]"),
        ("[10, 8, 6, 6, 40, 60, 70, 60]|[]", "arrivals_per_hour"),
        ("fr: 0.6, en: 0.4|fr: 0.6, en: 0.3", "languages: shares must add up to 1"),
        ("share: 0.6, containment: 0.7|share: 0.6, containment: 1.7", "order_status.containment"),
        (
            "abusive: 0.1, sensitive: 0.1|abusive: 0.5, sensitive: 0.5",
            "complaint.hard: shares must add up to at most 1",
        ),
        ("abusive: 0.05}}|abusive: 0.05, angry: 0.1}}", "unknown field"),
        ("asked_for_human: 0.5|abuse: 0.5", "escalation_reasons.abuse"),
        ('shift: "03:30-08:00", languages: [fr]|shift: "3h30 to 8h", languages: [fr]', "looks like|look like"),
        ("count: 5|count: -5", r"groups\[1\].count"),
        ("count: 5|count: true", r"groups\[1\].count"),
        ("capacity: 3}|capacity: 0}", r"groups\[2\].capacity"),
        ("mean: 900, cv: 0.5, max: 1800|mean: 900, cv: 0.5, max: 60", "max"),
        ("shape: exponential, mean: 240|shape: weibull, mean: 240", "patience.shape"),
        (
            "languages: [en], capacity: 3|languages: [de], capacity: 3;;languages: [fr, en]|languages: [fr]",
            "en: no agent",
        ),
        ("service_level: {target: 0.8, seconds: 60}|service_level: {target: 0, seconds: 60}", "target"),
        ("break_minutes: 20|break_minutes: -20", "working_time.break_minutes"),
        ("look_ahead_minutes: 15|look_ahead_minutes: 200", "look_ahead_minutes must be"),
        ("domain: ecommerce|domain: ecommerce\nwellbeing: {occupancy_limit: 2}", "occupancy_limit"),
        ("domain: ecommerce|domain: ecommerce\nwellbeing: {hard_share_margin: 0}", "hard_share_margin"),
        ("domain: ecommerce|domain: ecommerce\nwellbeing: {adaptive_yield_share: -1}", "adaptive_yield_share"),
        ("domain: ecommerce|domain: ecommerce\nwellbeing: {lull_break_minutes: 0}", "lull_break_minutes"),
        ("domain: ecommerce|domain: ecommerce\nwellbeing: {forecast: 12}", "wellbeing.forecast must be"),
        ("domain: ecommerce|domain: ecommerce\nwellbeing: {forecast: [1, -2]}", r"wellbeing.forecast\[1\]"),
        ("domain: ecommerce|domain: ecommerce\nbreaks: maybe", "breaks must be true or false"),
        ("domain: ecommerce|domain: ecommerce\nshifts: 3", "unknown field"),
    ],
)
def test_bad_fields_are_refused_with_their_name(old_new: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        small(**{f"change{i}": pair for i, pair in enumerate(old_new.split(";;"))})


def test_a_missing_required_field_is_named() -> None:
    with pytest.raises(InvalidInput, match=r"scenario.domain is required"):
        parse_scenario(SMALL.replace("domain: ecommerce\n", ""), "s")


@pytest.mark.parametrize("text", ["name: [unclosed", "- just\n- a list", "", "42"])
def test_text_that_is_no_scenario_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_scenario(text, "broken.yaml")


def test_a_missing_file_or_unknown_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no scenario file"):
        load_scenario(tmp_path / "nowhere.yaml")
    with pytest.raises(InvalidInput, match="ecommerce, logistics, telecom"):
        load_scenario("retail")


def test_wellbeing_settings_reach_the_policy() -> None:
    day = small(w="domain: ecommerce|domain: ecommerce\nwellbeing: {half_life_minutes: 30, hard_share_margin: null}")
    assert day.wellbeing.load_model.half_life_minutes == 30.0
    assert day.wellbeing.hard_share_margin is None
    assert day.wellbeing.adaptive_yield_share == 0.5  # the default
    never = small(w="domain: ecommerce|domain: ecommerce\nwellbeing: {adaptive_yield_share: null}")
    assert never.wellbeing.adaptive_yield_share is None
    assert day.wellbeing.lull_break_minutes == 60.0  # the default
    early = small(w="domain: ecommerce|domain: ecommerce\nwellbeing: {lull_break_minutes: 30, occupancy_cap: true}")
    assert early.wellbeing.lull_break_minutes == 30.0
    off = small(w="domain: ecommerce|domain: ecommerce\nwellbeing: {lull_break_minutes: null}")
    assert off.wellbeing.lull_break_minutes is None
    assert math.isclose(day.wellbeing.fair_share_weight, 10.0)


def test_the_forecast_given_in_advance_is_the_days_arrivals_unless_the_scenario_says_otherwise() -> None:
    day = small()
    assert day.wellbeing.forecast is not None
    assert day.wellbeing.forecast.per_hour == day.arrivals_per_hour == (10, 8, 6, 6, 40, 60, 70, 60)
    own = small(w="domain: ecommerce|domain: ecommerce\nwellbeing: {forecast: [5, 50]}")
    assert own.wellbeing.forecast is not None and own.wellbeing.forecast.per_hour == (5.0, 50.0)
    none = small(w="domain: ecommerce|domain: ecommerce\nwellbeing: {forecast: null}")
    assert none.wellbeing.forecast is None
