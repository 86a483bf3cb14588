"""A period's figures as the dashboard shows them: the summary's tiles and the series' charts, in a language.

Works on the metrics API's JSON shapes (`GET /api/v1/metrics/summary?since=&until=` and `/metrics/series`,
docs/metrics.md "API"), so the report and the dashboard read the same figures the same way. The words are the
dashboard's own (src/tandem/web/locales, `dashboard.period`).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tandem.metrics_report.svg import Series, TimeChart

OCCUPANCY_CAP = 0.85


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str
    sub: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart with its title, hint, drawing (`lines`, `columns` or `bars`) and its figures for the table."""

    key: str
    title: str
    hint: str
    draw: str
    chart: TimeChart
    rows: Sequence[str]  # one label per row of the table (the buckets, or the reasons)


class Words:
    """The dashboard's words and number formats in one language."""

    def __init__(self, catalog: Mapping[str, Any], language: str) -> None:
        self.catalog, self.language = catalog, language

    def t(self, key: str, **values: object) -> str:
        node: Any = self.catalog
        for part in key.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        text = node if isinstance(node, str) else key
        return text.format(**values) if values else text

    def label(self, section: str, code: str) -> str:
        """A code's label (a reason...), else the code made readable."""
        text = self.t(f"{section}.{code}")
        return code.replace("_", " ") if text == f"{section}.{code}" else text

    def number(self, value: float, digits: int = 0) -> str:
        text = f"{value:,.{digits}f}"
        if self.language == "fr":  # 1 234,5
            text = text.replace(",", "\u202f").replace(".", ",")
        return text

    def percent(self, value: float) -> str:
        return self.number(100 * value) + ("\u00a0%" if self.language == "fr" else "%")

    def seconds(self, value: float) -> str:
        """Whole seconds up to 5 minutes, then minutes (one decimal under 10)."""
        if value < 300:
            return self.t("common.seconds", n=self.number(value))
        return self.t("common.minutes", n=self.number(value / 60, 1 if value < 600 else 0))

    def rating(self, value: float) -> str:
        return self.number(value, 1)

    def shown(self, value: float | None, fmt: Callable[[float], str]) -> str:
        return self.t("dashboard.period.none") if value is None else fmt(float(value))


def tiles(outcomes: Mapping[str, Any], w: Words) -> list[Tile]:
    """The period's summary, tile by tile, as on the dashboard."""
    p = "dashboard.period.tiles."
    well, sl, ai = outcomes["wellbeing"], outcomes["service_level"], outcomes["ai_resolution"]
    hardest = max(well.get("hard_contact_share") or [], key=lambda h: h["share"], default=None)

    def stars(c: Mapping[str, Any]) -> tuple[str, str]:
        return w.shown(c["average"], lambda v: w.rating(v) + " / 5"), w.t(p + "csat_sub", n=c["count"])

    def tile(key: str, value: str, sub: str = "") -> Tile:
        return Tile(key, w.t(p + key), value, sub)

    abandoned = outcomes["abandoned_in_queue"]
    late = sl["answered"] + abandoned["count"]  # an abandoned contact counts as not answered in time
    served = w.t(p + "service_level_sub", within=sl["within_target"], total=late, target=sl["target_seconds"])
    busiest = w.t(p + "occupancy_sub", hours=well["hours_over_cap"], agent_hours=w.number(well["agent_hours"], 1))
    none = w.t("dashboard.period.none")
    return [
        tile("conversations", w.number(outcomes["conversations"])),
        tile("ai_resolution", w.shown(ai["rate"], w.percent), w.t(p + "ai_resolution_sub", **ai)),
        tile("handoff", w.shown(outcomes["handoff_rate"], w.percent)),
        tile("reopen", w.shown(outcomes["reopen_rate"], w.percent)),
        tile("abandoned", w.shown(abandoned["rate"], w.percent), w.t(p + "abandoned_sub", count=abandoned["count"])),
        tile("service_level", w.shown(sl["rate"], w.percent), served),
        tile("asa", w.shown(outcomes["asa_seconds"], w.seconds), w.t(p + "asa_sub")),
        tile("csat_ai", *stars(outcomes["csat"]["ai"])),
        tile("csat_people", *stars(outcomes["csat"]["people"])),
        tile("occupancy", w.shown(well["occupancy_max"], w.percent), busiest),
        tile("hard_share", w.percent(hardest["share"]) if hardest else none, hardest["username"] if hardest else ""),
        tile("breaks", w.number(well["breaks"]["taken"]), w.t(p + "breaks_sub", due=well["breaks"]["due"])),
        tile("cool_downs", w.number(well["cool_downs"])),
        tile("abuse", w.number(well["ended_for_abuse"])),
    ]


# key, the point's columns, drawing, format (a Words method), top of the scale, reference line
_CHARTS: tuple[tuple[str, tuple[str, ...], str, str, float | None, float | None], ...] = (
    ("resolution", ("ai_resolution_rate", "handoff_rate", "reopen_rate"), "lines", "percent", 1.0, None),
    ("service", ("service_level", "abandonment_rate"), "lines", "percent", 1.0, None),
    ("asa", ("asa_seconds",), "lines", "seconds", None, None),
    ("csat", ("csat_ai", "csat_people"), "lines", "rating", 5.0, None),
    ("volume", ("conversations",), "columns", "number", None, None),
    ("occupancy", ("occupancy_max",), "lines", "percent", 1.0, OCCUPANCY_CAP),
    ("breaks", ("breaks_taken", "breaks_due"), "columns", "number", None, None),
    ("abuse", ("cool_downs", "ended_for_abuse"), "columns", "number", None, None),
)


def bucket_labels(points: Sequence[Mapping[str, Any]], bucket: str) -> tuple[list[str], list[str]]:
    """Each bucket's label on the axis and in the table (UTC, as the buckets are)."""
    starts = [datetime.fromisoformat(str(p["start"])) for p in points]
    if bucket == "hour":  # midnight is named by its day, so the axis says which day the hours are of
        axis = [f"{s:%d/%m}" if s.hour == 0 else f"{s:%H:%M}" for s in starts]
        return axis, [f"{s:%Y-%m-%d %H:%M}" for s in starts]
    return [f"{s:%d/%m}" for s in starts], [f"{s:%Y-%m-%d}" for s in starts]


def charts(series: Mapping[str, Any], outcomes: Mapping[str, Any], w: Words) -> list[Chart]:
    """The dashboard's charts of the period, in its order: the escalations by reason after the volume."""
    points = series["points"]
    axis, full = bucket_labels(points, series["bucket"])
    made = []
    for key, columns, draw, fmt_name, top, mark in _CHARTS:
        fmt: Callable[[float], str] = getattr(w, fmt_name)
        data = [Series(w.t(f"dashboard.period.series.{c}"), [p.get(c) for p in points]) for c in columns]
        cap = (mark, w.t("dashboard.period.series.cap")) if mark is not None else None
        title = w.t(f"dashboard.period.charts.{key}")
        chart = TimeChart(title, axis, data, fmt, top, cap, whole=draw == "columns", seconds=fmt_name == "seconds")
        made.append(Chart(key, title, w.t(f"dashboard.period.charts.{key}_hint"), draw, chart, full))
        if key == "volume":
            made.append(_escalations(outcomes.get("escalations_by_reason") or {}, w))
    return made


def _escalations(by_reason: Mapping[str, int], w: Words) -> Chart:
    ranked = sorted(by_reason.items(), key=lambda pair: -pair[1])
    names = [w.label("reasons", reason) for reason, _ in ranked]
    title = w.t("dashboard.period.charts.escalations")
    chart = TimeChart(title, names, [Series(title, [float(n) for _, n in ranked])], w.number)
    return Chart("escalations", title, w.t("dashboard.period.charts.escalations_hint"), "bars", chart, names)


def is_empty(outcomes: Mapping[str, Any] | None) -> bool:
    """Nothing to show: no conversation and no agent at work in the period."""
    if not outcomes:
        return True
    return not outcomes.get("conversations") and not (outcomes.get("wellbeing") or {}).get("agent_hours")
