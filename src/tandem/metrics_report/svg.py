"""Inline SVG charts for the self-contained period report: lines over time, columns per bucket, horizontal bars.

The same drawings as the dashboard's charts.js, as text: every label goes through html.escape, nothing is
fetched from anywhere, and each chart carries role="img" with an aria-label (its figures are also in a table).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 14, 58
COLOURS = ("#2563eb", "#d97706", "#7c3aed")
MAX_AXIS_LABELS = 8


@dataclass(frozen=True)
class Series:
    """A named row of values, one per bucket; None where nothing counted (drawn as a gap, never as zero)."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class TimeChart:
    """What lines() and columns() draw; `top` is the top of the scale (else a round number above the largest
    value), `mark` an optional reference line (value, label). A scale to 1 (a share) has four steps of 25 %."""

    label: str
    labels: Sequence[str]
    series: Sequence[Series]
    format: Callable[[float], str]
    top: float | None = None
    mark: tuple[float, str] | None = None
    whole: bool = False  # counts: the scale's steps are whole numbers
    seconds: bool = False  # durations: a scale past ten minutes is in round minutes


def round_up(value: float) -> float:
    """A round number at or above `value`: 1, 2 or 5 times a power of ten (1 for nothing)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 5.0, 10.0) if step * power >= value * (1 - 1e-12))


def scale_steps(top: float, whole: bool) -> int:
    """How many steps the scale from 0 to `top` has: round ones (top 50: 0, 10, ... 50), whole ones for counts."""
    lead = round(top / 10 ** math.floor(math.log10(top)))
    steps = 4 if lead == 2 else 5
    return max(1, round(top)) if whole and top < steps else steps


def _attrs(**attrs: object) -> str:
    return "".join(f' {name.replace("_", "-")}="{escape(str(value))}"' for name, value in attrs.items())


def _text(content: str, **attrs: object) -> str:
    return f"<text{_attrs(**attrs)}>{escape(content)}</text>"


def _open(label: str, kind: str) -> list[str]:
    return [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f'{_attrs(aria_label=label)} class="timechart {kind}"><title>{escape(label)}</title>'
    ]


class _Frame:
    """The grid with its scale, the buckets' labels, the legend and the reference line, shared by both charts."""

    def __init__(self, chart: TimeChart) -> None:
        values = [float(v) for s in chart.series for v in s.values if v is not None]
        largest = max([*values, chart.mark[0] if chart.mark else 0.0, 0.0])
        if chart.top is not None:
            self.top = max(chart.top, largest)
        elif chart.seconds and largest > 600:
            self.top = 60 * round_up(largest / 60)
        elif chart.seconds:  # whole seconds on the scale
            self.top = max(10.0, round_up(largest))
        else:
            self.top = round_up(largest)
        self.step = (WIDTH - LEFT - RIGHT) / max(1, len(chart.labels))

    def x(self, i: int) -> float:
        return LEFT + self.step * (i + 0.5)

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, value) / self.top)

    def draw(self, chart: TimeChart) -> list[str]:
        parts = []
        scaled = self.top / 60 if chart.seconds and self.top > 600 else self.top
        steps = 4 if chart.top == 1 else scale_steps(scaled, chart.whole)
        for k in range(steps + 1):
            value = self.top * k / steps
            y = f"{self.y(value):.1f}"
            parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="#dfe3e8"/>')
            parts.append(_text(chart.format(value), x=LEFT - 6, y=y, text_anchor="end", dominant_baseline="middle"))
        every = math.ceil(max(1, len(chart.labels)) / MAX_AXIS_LABELS)
        for i, label in enumerate(chart.labels):
            if i % every == 0:
                parts.append(_text(label, x=f"{self.x(i):.1f}", y=HEIGHT - BOTTOM + 16, text_anchor="middle"))
        if chart.mark:
            y = f"{self.y(chart.mark[0]):.1f}"
            parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="#b42318" '
                         'stroke-dasharray="5 4"/>')  # fmt: skip
            parts.append(_text(chart.mark[1], x=WIDTH - RIGHT, y=f"{self.y(chart.mark[0]) - 4:.1f}",
                               text_anchor="end", fill="#b42318"))  # fmt: skip
        left = float(LEFT)
        for i, series in enumerate(chart.series):
            colour = COLOURS[i % len(COLOURS)]
            parts.append(f'<rect x="{left:.0f}" y="{HEIGHT - 18}" width="12" height="12" rx="2" fill="{colour}"/>')
            parts.append(_text(series.name, x=f"{left + 17:.0f}", y=HEIGHT - 8))
            left += 30 + 7.5 * len(series.name)
        return parts


def lines(chart: TimeChart) -> str:
    """One line per series; a None breaks the line, a value alone between gaps is a dot."""
    frame = _Frame(chart)
    parts = [*_open(chart.label, "lines"), *frame.draw(chart)]
    for i, series in enumerate(chart.series):
        colour = COLOURS[i % len(COLOURS)]
        run: list[str] = []
        for j, value in enumerate([*series.values, None]):
            if value is None:
                if len(run) > 1:
                    points = " ".join(run)
                    parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.2"/>')
                run = []
                continue
            x, y = frame.x(j), frame.y(float(value))
            run.append(f"{x:.1f},{y:.1f}")
            if len(series.values) < 40 or (_gap(series.values, j - 1) and _gap(series.values, j + 1)):
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _gap(values: Sequence[float | None], i: int) -> bool:
    return i < 0 or i >= len(values) or values[i] is None


def columns(chart: TimeChart) -> str:
    """Side-by-side columns per bucket, one per series (counts)."""
    frame = _Frame(chart)
    parts = [*_open(chart.label, "columns"), *frame.draw(chart)]
    width = frame.step * 0.8 / max(1, len(chart.series))
    for i, series in enumerate(chart.series):
        colour = COLOURS[i % len(COLOURS)]
        for j, value in enumerate(series.values):
            if not value:
                continue
            x = frame.x(j) - frame.step * 0.4 + i * width
            top, bottom = frame.y(float(value)), frame.y(0.0)
            parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{max(1.0, width - 1):.1f}" '
                         f'height="{max(0.0, bottom - top):.1f}" fill="{colour}"/>')  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def bars(entries: Sequence[tuple[str, int]], label: str) -> str:
    """Horizontal bars, one per (label, value), the value written at the bar's end."""
    row, label_width = 30, 220
    height = max(1, len(entries)) * row + 8
    largest = max((value for _, value in entries), default=0) or 1
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img"'
        f'{_attrs(aria_label=label)} class="bars"><title>{escape(label)}</title>'
    ]
    for i, (name, value) in enumerate(entries):
        middle = 4 + i * row + row / 2
        length = max(2.0, (WIDTH - label_width - 60) * value / largest)
        parts.append(_text(name, x=label_width - 10, y=middle, text_anchor="end", dominant_baseline="middle"))
        parts.append(f'<rect x="{label_width}" y="{middle - row / 2 + 5}" width="{length:.1f}" height="{row - 10}" '
                     f'rx="4" fill="{COLOURS[0]}"/>')  # fmt: skip
        parts.append(_text(str(value), x=f"{label_width + length + 8:.1f}", y=middle, dominant_baseline="middle"))
    parts.append("</svg>")
    return "".join(parts)
