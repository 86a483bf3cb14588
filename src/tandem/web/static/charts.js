// @ts-check
// Small SVG charts built node by node (labels are text nodes, never markup): a sentiment sparkline, horizontal
// bars, and the supervisor's charts over time (lines, columns).
const NS = "http://www.w3.org/2000/svg";

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attrs]
 * @param {string | number} [text]
 * @returns {SVGElement}
 */
function svg(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  const given = attrs || {};
  Object.keys(given).forEach(function (name) { node.setAttribute(name, String(given[name])); });
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/**
 * @param {SVGElement} root
 * @param {string} label
 * @returns {SVGElement}
 */
function titled(root, label) {
  root.setAttribute("role", "img");
  root.setAttribute("aria-label", label);
  root.appendChild(svg("title", {}, label));
  return root;
}

/**
 * values in [-1, 1] -> a small line with the neutral axis; the last point is coloured by its sign.
 * @param {number[]} values
 * @param {string} label
 * @returns {SVGElement}
 */
export function sparkline(values, label) {
  const width = 160;
  const height = 36;
  const pad = 4;
  const root = titled(svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, class: "sparkline" }), label);
  /** @param {number} v */
  const y = function (v) { return pad + (1 - (Math.max(-1, Math.min(1, Number(v) || 0)) + 1) / 2) * (height - 2 * pad); };
  /** @param {number} i */
  const x = function (i) { return values.length < 2 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1); };
  root.appendChild(svg("line", { x1: pad, x2: width - pad, y1: y(0), y2: y(0), class: "sparkline-axis" }));
  if (!values.length) return root;
  const points = values.map(function (v, i) { return x(i).toFixed(1) + "," + y(v).toFixed(1); }).join(" ");
  root.appendChild(svg("polyline", { points: points, class: "sparkline-line", fill: "none" }));
  const last = Number(values[values.length - 1]) || 0;
  const tone = last < -0.2 ? "negative" : last > 0.2 ? "positive" : "neutral";
  root.appendChild(svg("circle", { cx: x(values.length - 1), cy: y(last), r: 3, class: "sparkline-dot " + tone }));
  return root;
}

/**
 * entries: [[label, value], ...] -> one bar per entry, longest first, values written at the bar's end.
 * @param {Array<[string, number]>} entries
 * @param {string} label
 * @returns {SVGElement}
 */
export function bars(entries, label) {
  const width = 640;
  const labelWidth = 220;
  const row = 30;
  const height = Math.max(1, entries.length) * row + 8;
  const max = entries.reduce(function (m, e) { return Math.max(m, Number(e[1]) || 0); }, 0) || 1;
  const root = titled(svg("svg", { viewBox: "0 0 " + width + " " + height, class: "bars", preserveAspectRatio: "xMinYMin meet" }), label);
  entries.forEach(function (entry, i) {
    const top = 4 + i * row;
    const value = Number(entry[1]) || 0;
    const barWidth = Math.max(2, ((width - labelWidth - 60) * value) / max);
    const group = svg("g", { class: "bar" });
    group.appendChild(svg("text", { x: labelWidth - 10, y: top + row / 2, "text-anchor": "end", "dominant-baseline": "middle", class: "bar-label" }, entry[0]));
    group.appendChild(svg("rect", { x: labelWidth, y: top + 5, width: barWidth.toFixed(1), height: row - 10, rx: 4, class: "bar-rect" }));
    group.appendChild(svg("text", { x: labelWidth + barWidth + 8, y: top + row / 2, "dominant-baseline": "middle", class: "bar-value" }, value));
    root.appendChild(group);
  });
  return root;
}

/**
 * A series over time for lines() and columns(): its name (the legend) and one value per bucket, null where
 * nothing counted (a rate with no conversation behind it: a gap, never a zero).
 * @typedef {{name: string, values: Array<number | null>}} Series
 */

/**
 * What lines() and columns() draw: the buckets' labels, the series, how a value reads, the top of the scale
 * (else a round number above the largest value) and an optional reference line (the 85 % occupancy limit).
 * @typedef {object} TimeChart
 * @property {string} label what the chart shows, for screen readers (aria-label) and as its title
 * @property {string[]} labels one per bucket
 * @property {Series[]} series
 * @property {(value: number) => string} format
 * @property {number} [max]
 * @property {boolean} [whole] counts: the scale's steps are whole numbers
 * @property {boolean} [seconds] durations: a scale past ten minutes is in round minutes
 * @property {{value: number, label: string}} [mark]
 */

const FRAME = { width: 640, height: 230, left: 56, right: 12, top: 14, bottom: 58 };

/**
 * A round number at or above `value`: 1, 2 or 5 times a power of ten.
 * @param {number} value
 * @returns {number}
 */
function roundUp(value) {
  if (!(value > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  const steps = [1, 2, 5, 10];
  for (let i = 0; i < steps.length; i++) if (steps[i] * power >= value) return steps[i] * power;
  return 10 * power;
}

/**
 * How many steps the scale from 0 to `top` has: round steps (top 50: 0, 10, ... 50), and whole ones for counts.
 * @param {number} top
 * @param {boolean} whole
 * @returns {number}
 */
function scaleSteps(top, whole) {
  const lead = Math.round(top / Math.pow(10, Math.floor(Math.log10(top))));
  const steps = lead === 2 ? 4 : 5;
  return whole && top < steps ? Math.max(1, Math.round(top)) : steps;
}

/**
 * The frame both time charts share: the grid with its scale, the buckets' labels, the legend, the reference line.
 * @param {TimeChart} spec
 * @param {string} kind "lines" or "columns"
 * @returns {{root: SVGElement, x: (i: number) => number, y: (v: number) => number, step: number}}
 */
function frame(spec, kind) {
  const f = FRAME;
  const plotWidth = f.width - f.left - f.right;
  const plotHeight = f.height - f.top - f.bottom;
  let largest = spec.mark ? spec.mark.value : 0;
  spec.series.forEach(function (s) {
    s.values.forEach(function (v) { if (v !== null) largest = Math.max(largest, Number(v) || 0); });
  });
  // Seconds past ten minutes are scaled in round minutes (0, 20, 40... min), not round seconds.
  const top = spec.max !== undefined ? Math.max(spec.max, largest)
    : spec.seconds && largest > 600 ? 60 * roundUp(largest / 60)
      : spec.seconds ? Math.max(10, roundUp(largest)) : roundUp(largest);  // whole seconds on the scale
  const count = Math.max(1, spec.labels.length);
  const step = plotWidth / count;
  const root = titled(svg("svg", { viewBox: "0 0 " + f.width + " " + f.height, class: "timechart " + kind,
    preserveAspectRatio: "xMinYMin meet" }), spec.label);
  /** @param {number} v */
  const y = function (v) { return f.top + plotHeight * (1 - Math.max(0, v) / top); };
  /** @param {number} i */
  const x = function (i) { return f.left + step * (i + 0.5); };
  const steps = spec.max === 1 ? 4 : scaleSteps(spec.seconds && top > 600 ? top / 60 : top, !!spec.whole);
  for (let k = 0; k <= steps; k++) {
    const value = (top * k) / steps;
    root.appendChild(svg("line", { x1: f.left, x2: f.width - f.right, y1: y(value), y2: y(value), class: "grid" }));
    root.appendChild(svg("text", { x: f.left - 6, y: y(value), "text-anchor": "end", "dominant-baseline": "middle",
      class: "tick" }, spec.format(value)));
  }
  const every = Math.ceil(count / 8);
  spec.labels.forEach(function (text, i) {
    if (i % every) return;
    root.appendChild(svg("text", { x: x(i), y: f.height - f.bottom + 16, "text-anchor": "middle", class: "tick" }, text));
  });
  if (spec.mark) {
    root.appendChild(svg("line", { x1: f.left, x2: f.width - f.right, y1: y(spec.mark.value), y2: y(spec.mark.value),
      class: "mark" }));
    root.appendChild(svg("text", { x: f.width - f.right, y: y(spec.mark.value) - 4, "text-anchor": "end",
      class: "mark-label" }, spec.mark.label));
  }
  let legendX = f.left;
  spec.series.forEach(function (s, i) {
    const item = svg("g", { class: "legend series-" + i });
    item.appendChild(svg("rect", { x: legendX, y: f.height - 18, width: 12, height: 12, rx: 2 }));
    item.appendChild(svg("text", { x: legendX + 17, y: f.height - 8, class: "legend-label" }, s.name));
    root.appendChild(item);
    legendX += 30 + 7.5 * s.name.length;
  });
  return { root: root, x: x, y: y, step: step };
}

/**
 * One line per series over the buckets; a null value breaks its line, a value alone between gaps is a dot.
 * @param {TimeChart} spec
 * @returns {SVGElement}
 */
export function lines(spec) {
  const chart = frame(spec, "lines");
  spec.series.forEach(function (s, i) {
    const group = svg("g", { class: "series series-" + i });
    /** @type {string[]} */
    let run = [];
    const flush = function () {
      if (run.length > 1) group.appendChild(svg("polyline", { points: run.join(" "), fill: "none" }));
      run = [];
    };
    s.values.forEach(function (v, j) {
      if (v === null || v === undefined) { flush(); return; }
      const point = chart.x(j).toFixed(1) + "," + chart.y(Number(v)).toFixed(1);
      const alone = (j === 0 || s.values[j - 1] === null) && (j === s.values.length - 1 || s.values[j + 1] === null);
      if (alone || s.values.length < 40) group.appendChild(svg("circle", { cx: chart.x(j), cy: chart.y(Number(v)), r: 2.5 }));
      run.push(point);
    });
    flush();
    chart.root.appendChild(group);
  });
  return chart.root;
}

/**
 * Side-by-side columns per bucket, one per series (counts: conversations, breaks taken and due...).
 * @param {TimeChart} spec
 * @returns {SVGElement}
 */
export function columns(spec) {
  const chart = frame(spec, "columns");
  const width = (chart.step * 0.8) / Math.max(1, spec.series.length);
  spec.series.forEach(function (s, i) {
    const group = svg("g", { class: "series series-" + i });
    s.values.forEach(function (v, j) {
      const value = Number(v) || 0;
      if (!value) return;
      const left = chart.x(j) - chart.step * 0.4 + i * width;
      group.appendChild(svg("rect", { x: left.toFixed(1), y: chart.y(value).toFixed(1), width: Math.max(1, width - 1).toFixed(1),
        height: Math.max(0, chart.y(0) - chart.y(value)).toFixed(1) }));
    });
    chart.root.appendChild(group);
  });
  return chart.root;
}
