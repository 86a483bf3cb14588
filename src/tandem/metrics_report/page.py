"""The self-contained period report: one HTML file with the period's tiles, charts (inline SVG) and their tables.

Nothing in it is fetched (no script, no stylesheet, no image from elsewhere) and every text from the data goes
through html.escape: a name or a reason can never become markup.
"""

from collections.abc import Mapping
from datetime import datetime
from html import escape
from typing import Any

from tandem.metrics_report.figures import Chart, Tile, Words, charts, is_empty, tiles
from tandem.metrics_report.svg import bars, columns, lines

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;
color:#1c2430;background:#f5f6f8}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.5rem 0 .6rem}h3{font-size:1rem;margin:0 0 .2rem}
.muted{color:#5b6675;font-size:.85rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem}
.tile,.card{background:#fff;border:1px solid #dfe3e8;border-radius:10px;padding:.8rem .9rem}
.tile h3{font-size:.8rem;color:#5b6675;font-weight:600}.tile .value{font-size:1.4rem;font-weight:700;margin:0}
.tile .sub{font-size:.8rem;color:#5b6675;margin:0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1rem}
svg{width:100%;height:auto;font-size:12px}svg text{fill:#5b6675}
table{border-collapse:collapse;font-size:.85rem;margin-top:.4rem}
th,td{border-bottom:1px solid #dfe3e8;padding:.25rem .5rem;text-align:right}
th[scope=row],thead th:first-child{text-align:left}
details{margin-top:.4rem;font-size:.85rem}summary{cursor:pointer;color:#0f766e}.wrap{max-height:18rem;overflow:auto}
"""


def _tile(tile: Tile) -> str:
    return (
        f'<div class="tile" data-figure="{escape(tile.key)}"><h3>{escape(tile.label)}</h3>'
        f'<p class="value">{escape(tile.value)}</p><p class="sub">{escape(tile.sub)}</p></div>'
    )


def _table(chart: Chart, head: str, w_none: str) -> str:
    spec = chart.chart
    names = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in spec.series)
    rows = []
    for i, label in enumerate(chart.rows):
        cells = "".join(
            f"<td>{escape(w_none if (v := s.values[i]) is None else spec.format(float(v)))}</td>" for s in spec.series
        )
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    return (
        f'<table><thead><tr><th scope="col">{escape(head)}</th>{names}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _drawing(chart: Chart) -> str:
    spec = chart.chart
    if chart.draw == "bars":
        counts = [(name, int(v or 0)) for name, v in zip(spec.labels, spec.series[0].values, strict=True)]
        return bars(counts, spec.label)
    return lines(spec) if chart.draw == "lines" else columns(spec)


def _card(chart: Chart, w: Words, bucket: str) -> str:
    if chart.draw == "bars" and not chart.rows:
        body = f"<p>{escape(w.t('dashboard.escalations_empty'))}</p>"
    else:
        head = w.t("dashboard.reasons") if chart.draw == "bars" else w.t(f"dashboard.period.bucket_{bucket}")
        body = (
            f"{_drawing(chart)}<details><summary>{escape(w.t('dashboard.period.table'))}</summary>"
            f'<div class="wrap">{_table(chart, head, w.t("dashboard.period.none"))}</div></details>'
        )
    return (
        f'<section class="card" data-chart="{escape(chart.key)}"><h3>{escape(chart.title)}</h3>'
        f'<p class="muted">{escape(chart.hint)}</p>{body}</section>'
    )


def _title(since: datetime, until: datetime, w: Words) -> str:
    last = until.timestamp() - 1
    end = datetime.fromtimestamp(last, tz=since.tzinfo)
    same_day = f"{since:%Y-%m-%d}" == f"{end:%Y-%m-%d}"
    if since.hour == since.minute == until.hour == until.minute == 0:
        first, final = f"{since:%Y-%m-%d}", f"{end:%Y-%m-%d}"
    else:
        first, final = f"{since:%Y-%m-%d %H:%M}", f"{until:%Y-%m-%d %H:%M}"
    if same_day and first == final:
        return w.t("dashboard.period.title_day", day=first)
    return w.t("dashboard.period.title", **{"from": first, "to": final})


def render(
    summary: Mapping[str, Any],
    series: Mapping[str, Any],
    since: datetime,
    until: datetime,
    catalog: Mapping[str, Any],
    language: str,
    generated: datetime,
) -> str:
    """The report's HTML: title, the period's summary tiles, then each chart with its figures as a table."""
    w = Words(catalog, language)
    outcomes = summary.get("outcomes")
    heading = f"{w.t('dashboard.page_title')}: {_title(since, until, w)}"
    parts = [
        f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(heading)}</title>'
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
        f'<p class="muted">{escape(w.t("dashboard.period.utc"))} {escape(f"{generated:%Y-%m-%d %H:%M} UTC")}</p>',
    ]
    if outcomes is None or is_empty(outcomes):
        parts.append(f'<p class="empty">{escape(w.t("dashboard.period.empty"))}</p>')
    else:
        parts.append(f"<h2>{escape(w.t('dashboard.period.summary'))}</h2>")
        parts.append(f'<div class="tiles">{"".join(_tile(t) for t in tiles(outcomes, w))}</div>')
        cards = "".join(_card(c, w, str(series["bucket"])) for c in charts(series, outcomes, w))
        parts.append(f'<div class="charts">{cards}</div>')
    parts.append("</body></html>\n")
    return "".join(parts)
