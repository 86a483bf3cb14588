// Two tiny SVG charts: a sentiment sparkline and a horizontal bar chart. Labels are set as text nodes.
(function () {
  "use strict";
  var T = window.Tandem;
  var NS = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function titled(root, label) {
    root.setAttribute("role", "img");
    root.setAttribute("aria-label", label);
    root.appendChild(svg("title", {}, label));
    return root;
  }

  // values in [-1, 1] -> a small line with the neutral axis; the last point is coloured by its sign.
  function sparkline(values, label) {
    var width = 160;
    var height = 36;
    var pad = 4;
    var root = titled(svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, class: "sparkline" }), label);
    var y = function (v) { return pad + (1 - (Math.max(-1, Math.min(1, Number(v) || 0)) + 1) / 2) * (height - 2 * pad); };
    var x = function (i) { return values.length < 2 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1); };
    root.appendChild(svg("line", { x1: pad, x2: width - pad, y1: y(0), y2: y(0), class: "sparkline-axis" }));
    if (!values.length) return root;
    var points = values.map(function (v, i) { return x(i).toFixed(1) + "," + y(v).toFixed(1); }).join(" ");
    root.appendChild(svg("polyline", { points: points, class: "sparkline-line", fill: "none" }));
    var last = Number(values[values.length - 1]) || 0;
    var tone = last < -0.2 ? "negative" : last > 0.2 ? "positive" : "neutral";
    root.appendChild(svg("circle", { cx: x(values.length - 1), cy: y(last), r: 3, class: "sparkline-dot " + tone }));
    return root;
  }

  // entries: [[label, value], ...] -> one bar per entry, longest first, values written at the bar's end.
  function bars(entries, label) {
    var width = 640;
    var labelWidth = 220;
    var row = 30;
    var height = Math.max(1, entries.length) * row + 8;
    var max = entries.reduce(function (m, e) { return Math.max(m, Number(e[1]) || 0); }, 0) || 1;
    var root = titled(svg("svg", { viewBox: "0 0 " + width + " " + height, class: "bars", preserveAspectRatio: "xMinYMin meet" }), label);
    entries.forEach(function (entry, i) {
      var top = 4 + i * row;
      var value = Number(entry[1]) || 0;
      var barWidth = Math.max(2, ((width - labelWidth - 60) * value) / max);
      var group = svg("g", { class: "bar" });
      group.appendChild(svg("text", { x: labelWidth - 10, y: top + row / 2, "text-anchor": "end", "dominant-baseline": "middle", class: "bar-label" }, entry[0]));
      group.appendChild(svg("rect", { x: labelWidth, y: top + 5, width: barWidth.toFixed(1), height: row - 10, rx: 4, class: "bar-rect" }));
      group.appendChild(svg("text", { x: labelWidth + barWidth + 8, y: top + row / 2, "dominant-baseline": "middle", class: "bar-value" }, value));
      root.appendChild(group);
    });
    return root;
  }

  T.charts = { sparkline: sparkline, bars: bars };
})();
