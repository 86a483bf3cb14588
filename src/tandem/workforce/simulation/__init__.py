"""Discrete-event simulation (SimPy) of a hybrid centre's day, driving the real routing and wellbeing code.

    scenario = load_scenario("ecommerce")          # or a path to a YAML file
    record = simulate(scenario, policy("tandem"), seed=7)
    figures = summarize(record).as_dict()

See `scenario` for what a day is made of, `policies` for what is compared, `metrics` for the definitions.
"""

from tandem.workforce.simulation.engine import RunRecord, simulate
from tandem.workforce.simulation.loading import SHIPPED, load_scenario, parse_scenario
from tandem.workforce.simulation.metrics import Summary, summarize
from tandem.workforce.simulation.policies import POLICIES, Policy, PolicyName, choices, policies, policy
from tandem.workforce.simulation.scenario import AgentGroup, Duration, Handling, Hardness, Intent, Scenario, Shape
from tandem.workforce.simulation.staffing_search import StaffingMatch, match_staffing, scaled

__all__ = [
    "POLICIES",
    "SHIPPED",
    "AgentGroup",
    "Duration",
    "Handling",
    "Hardness",
    "Intent",
    "Policy",
    "PolicyName",
    "RunRecord",
    "Scenario",
    "Shape",
    "StaffingMatch",
    "Summary",
    "choices",
    "load_scenario",
    "match_staffing",
    "parse_scenario",
    "policies",
    "policy",
    "scaled",
    "simulate",
    "summarize",
]
