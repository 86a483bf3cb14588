"""Workforce: Erlang C / Erlang A queue figures and staffing (pure: no I/O, no web or database)."""

from tandem.workforce.erlang import QueueFigures, QueueModel, erlang_b, erlang_c, erlang_c_series
from tandem.workforce.erlang_a import erlang_a
from tandem.workforce.staffing import Staffing, staff_for

__all__ = [
    "QueueFigures",
    "QueueModel",
    "Staffing",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "erlang_c_series",
    "staff_for",
]
