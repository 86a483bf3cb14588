"""The series as CSV: one header row, the points' keys with `escalations` flattened, no formula injection."""

import csv
import io
from collections.abc import Sequence
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    # A spreadsheet runs a cell starting with these as a formula: quote it as text.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def series_csv(points: Sequence[dict[str, Any]]) -> str:
    reasons = sorted({r for p in points for r in p["escalations"]})
    keys = [k for k in (points[0] if points else {}) if k != "escalations"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(k) for k in (*keys, *(f"escalations_{r}" for r in reasons))])
    for p in points:
        writer.writerow([*(_cell(p[k]) for k in keys), *(_cell(p["escalations"].get(r, 0)) for r in reasons)])
    return out.getvalue()
