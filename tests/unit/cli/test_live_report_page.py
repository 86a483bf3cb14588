"""The period report's page (`tandem report live`): the figures of the metrics API's JSON, charts drawn as inline
SVG with their tables, every text escaped, nothing fetched, in English and French."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from tandem.metrics_report.page import render
from tandem.metrics_report.svg import Series, TimeChart, columns, lines, round_up, scale_steps
from tandem.web import strings

SINCE = datetime(2026, 11, 1, tzinfo=UTC)
DAYS = 5
HOSTILE = '<script>alert("x")</script>'


def _outcomes(conversations: int = 40) -> dict[str, Any]:
    return {
        "conversations": conversations,
        "engaged": conversations,
        "ai_resolution": {
            "confirmed": 3,
            "assumed": 17,
            "resolved": 20,
            "not_resolved": 12,
            "pending": 8,
            "rate": 0.625,
        },
        "handoff_rate": 0.3,
        "reopen_rate": None,
        "abandoned_in_queue": {"count": 2, "rate": 0.1},
        "service_level": {"target_seconds": 120, "answered": 10, "within_target": 7, "rate": 0.7},
        "asa_seconds": 75.5,
        "csat": {"ai": {"average": 4.25, "count": 4}, "people": {"average": None, "count": 0}},
        "escalations_by_reason": {"asked_for_human": 7, HOSTILE: 1},
        "wellbeing": {
            "agent_hours": 16.5,
            "occupancy_max": 0.8,
            "hours_over_cap": 0,
            "hard_contact_share": [{"agent_id": 1, "username": HOSTILE, "share": 0.75}],
            "breaks": {"taken": 2, "due": 3},
            "cool_downs": 1,
            "ended_for_abuse": 1,
        },
    }


def _points(days: int) -> list[dict[str, Any]]:
    empty = {"conversations": 0, "breaks_taken": 0, "breaks_due": 0, "cool_downs": 0, "ended_for_abuse": 0}
    rates = ("ai_resolution_rate", "handoff_rate", "reopen_rate", "abandonment_rate", "service_level")
    points = []
    for day in range(days):
        start = (SINCE + timedelta(days=day)).isoformat().replace("+00:00", "Z")
        point: dict[str, Any] = {"start": start, **empty, "escalations": {}}
        point.update({k: None for k in (*rates, "asa_seconds", "csat_ai", "csat_people", "occupancy_max")})
        if day != 2:  # day 2 is empty: rates null
            point.update({k: 0.5 for k in rates}, conversations=8, asa_seconds=60.0, csat_ai=4.0, occupancy_max=0.6)
        points.append(point)
    return points


def _page(lang: str = "en", outcomes: dict[str, Any] | None = None) -> str:
    summary = {"outcomes": outcomes if outcomes is not None else _outcomes()}
    series = {
        "bucket": "day",
        "since": "2026-11-01T00:00:00Z",
        "until": "2026-11-06T00:00:00Z",
        "points": _points(DAYS),
    }
    until = SINCE + timedelta(days=DAYS)
    return render(summary, series, SINCE, until, strings(lang), lang, datetime(2026, 11, 7, tzinfo=UTC))


def test_the_page_has_every_chart_with_its_table_and_fetches_nothing() -> None:
    page = _page()
    charts = re.findall(r'<section class="card" data-chart="(\w+)"', page)
    assert charts == ["resolution", "service", "asa", "csat", "volume", "escalations", "occupancy", "breaks", "abuse"]
    assert page.count('<svg viewBox="0 0 640') == 9 and page.count('role="img"') == 9
    assert 'aria-label="AI resolution, hand-overs and reopenings"' in page
    assert "http" not in page and "<script" not in page and "<link" not in page and "<img" not in page
    # one table row per day under each chart over time
    volume = page[page.index('data-chart="volume"') : page.index('data-chart="escalations"')]
    assert volume.count('<th scope="row">') == DAYS and "<td>8</td>" in volume
    assert "<h1>Tandem — supervisor dashboard: 2026-11-01 – 2026-11-05</h1>" in page


def test_data_is_escaped_never_markup() -> None:
    page = _page()
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page  # the name and the unknown reason, as text


def test_figures_read_as_the_dashboard_reads_them() -> None:
    page = _page()
    for figure, text in (("ai_resolution", "62%"), ("asa", "76 s"), ("csat_ai", "4.2 / 5"), ("breaks", "2")):
        tile = page[page.index(f'data-figure="{figure}"') :]
        assert f'<p class="value">{text}</p>' in tile[: tile.index("</div>")], figure
    people = page[page.index('data-figure="csat_people"') :]
    assert '<p class="value">–</p>' in people[: people.index("</div>")]  # nobody rated: a dash, never 0
    assert "3 confirmed · 17 did not come back in 7 days · 12 not resolved · 8 too recent to tell" in page
    assert "3 times someone reached the working-time limit without one" in page  # breaks due, not a ratio


def test_a_null_rate_is_a_gap_in_its_line() -> None:
    page = _page()
    resolution = page[page.index('data-chart="resolution"') : page.index('data-chart="service"')]
    svg = resolution[resolution.index("<svg") : resolution.index("</svg>")]
    assert svg.count("<polyline") == 6  # three series, each broken in two by the empty day
    table = resolution[resolution.index("<table") :]
    assert "<td>–</td>" in table and "<td>50%</td>" in table


def test_in_french() -> None:
    page = _page("fr")
    assert '<html lang="fr">' in page
    assert "Résolution par l&#x27;IA, transmissions et réouvertures" in page
    assert "62\u00a0%" in page and "4,2 / 5" in page
    assert "Les chiffres en tableau" in page


def test_an_empty_period_says_so() -> None:
    for lang, words in (("en", "No conversation and no agent at work"), ("fr", "Aucune conversation")):
        page = _page(lang, _outcomes(conversations=0) | {"wellbeing": {**_outcomes()["wellbeing"], "agent_hours": 0}})
        assert words in page and "<svg" not in page


def test_scales_are_round_and_counts_whole() -> None:
    assert [round_up(v) for v in (0, 0.3, 1, 7, 38, 51, 2000)] == [1, 0.5, 1, 10, 50, 100, 2000]
    assert scale_steps(50, whole=True) == 5 and scale_steps(20, whole=True) == 4 and scale_steps(2, whole=True) == 2
    chart = TimeChart("n", ["a", "b"], [Series("n", [2, 1])], str, whole=True)
    ticks = re.findall(r'text-anchor="end" dominant-baseline="middle">([^<]+)<', columns(chart))
    assert ticks == ["0.0", "1.0", "2.0"]


def test_a_value_alone_between_gaps_is_a_dot() -> None:
    chart = TimeChart("r", ["a", "b", "c"], [Series("r", [None, 0.5, None])], str, top=1.0)
    drawn = lines(chart)
    assert "<polyline" not in drawn and drawn.count("<circle") == 1
