"""A small day for fast tests: two languages, single-language agents, a night shift, breaks after 2 hours."""

from tandem.workforce.simulation import Scenario, parse_scenario

SMALL = """
name: small
title: A small test day
day: 2025-03-03
domain: ecommerce
service_level: {target: 0.8, seconds: 60}
arrivals_per_hour: [10, 8, 6, 6, 40, 60, 70, 60]
languages: {fr: 0.6, en: 0.4}
patience: {shape: exponential, mean: 240}
ai:
  seconds: {shape: lognormal, mean: 60, cv: 0.5}
  cost_per_contact: 0.2
escalation_reasons: {asked_for_human: 0.5, low_confidence: 0.5}
handle_seconds:
  simple: {shape: lognormal, mean: 300, cv: 0.5, max: 1200}
  standard: {shape: lognormal, mean: 600, cv: 0.5, max: 1800}
  hard: {shape: lognormal, mean: 900, cv: 0.5, max: 1800}
resolved_share: 0.9
intents:
  order_status: {share: 0.6, containment: 0.7, hard: {frustrated: 0.2, abusive: 0.05}}
  complaint: {share: 0.4, containment: 0.1, hard: {frustrated: 0.4, abusive: 0.1, sensitive: 0.1}}
agents:
  hourly_cost: 20.0
  capacity: 2
  groups:
    - {name: night, count: 2, shift: "20:00-04:00", languages: [fr, en]}
    - {name: french, count: 5, shift: "03:30-08:00", languages: [fr], stagger_minutes: 20}
    - {name: english, count: 3, shift: "03:30-08:00", languages: [en], capacity: 3}
working_time: {break_after_minutes: 120, break_minutes: 20, daily_limit_minutes: 600, look_ahead_minutes: 15}
"""


def small(**replacements: str) -> Scenario:
    """The small day, with lines of its YAML replaced (`old=new` pairs given as keyword values "old|new")."""
    text = SMALL
    for pair in replacements.values():
        old, new = pair.split("|")
        assert old in text, old
        text = text.replace(old, new)
    return parse_scenario(text, "small")
