// @ts-check
// Two tiny SVG charts: a sentiment sparkline and a horizontal bar chart. Labels are set as text nodes.
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
