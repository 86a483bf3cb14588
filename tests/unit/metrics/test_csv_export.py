"""The CSV of a series: flattened escalations, empty cells for null, and no cell a spreadsheet would run."""

import csv
import io
from typing import Any

from tandem.metrics.csv_export import series_csv


def _point(start: str, **fields: Any) -> dict[str, Any]:
    return {"start": start, "conversations": 0, "handoff_rate": None, "asa_seconds": None, "escalations": {}} | fields


def test_escalations_become_one_column_per_reason_and_null_an_empty_cell() -> None:
    points = [
        _point("2026-12-01T00:00:00Z", conversations=3, handoff_rate=0.3333, escalations={"frustration": 2}),
        _point("2026-12-02T00:00:00Z", escalations={"asked_for_human": 1}),
    ]

    rows = list(csv.reader(io.StringIO(series_csv(points))))

    assert rows[0] == ["start", "conversations", "handoff_rate", "asa_seconds", "escalations_asked_for_human",
                       "escalations_frustration"]  # fmt: skip
    assert rows[1] == ["2026-12-01T00:00:00Z", "3", "0.3333", "", "0", "2"]
    assert rows[2] == ["2026-12-02T00:00:00Z", "0", "", "", "1", "0"]


def test_no_cell_starts_a_formula_unless_it_is_a_number() -> None:
    points = [_point('=HYPERLINK("http://x")', conversations=-1, escalations={"+cmd": 1, "@sum": 2})]

    rows = list(csv.reader(io.StringIO(series_csv(points))))

    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@")] == ["-1"]
    assert '\'=HYPERLINK("http://x")' in cells and "escalations_+cmd" in cells
