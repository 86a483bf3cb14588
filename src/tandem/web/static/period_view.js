// @ts-check
// A period's figures on the supervisor dashboard: the summary as tiles, then one chart per series with its
// figures as a table under it (for screen readers, and anyone who wants the numbers). Everything from the
// server reaches the page as text (el(), and charts.js's text nodes).
import * as T from "./i18n.js";
import { $, LOCALE, clear, decimal, duration, el } from "./api.js";
import { bars, columns, lines } from "./charts.js";

/** @import { Series } from "./charts.js" */

/** @typedef {number | null} Rate a share in [0, 1], null when nothing counted */

/**
 * The period's outcomes in GET /api/v1/metrics/summary?since=&until= (docs/metrics.md, "API").
 * @typedef {object} Outcomes
 * @property {number} conversations
 * @property {{confirmed: number, assumed: number, resolved: number, not_resolved: number, pending: number, rate: Rate}} ai_resolution
 * @property {Rate} handoff_rate
 * @property {Rate} reopen_rate
 * @property {{count: number, rate: Rate}} abandoned_in_queue
 * @property {{target_seconds: number, answered: number, within_target: number, rate: Rate}} service_level
 * @property {number | null} asa_seconds
 * @property {{ai: {average: number | null, count: number}, people: {average: number | null, count: number}}} csat
 * @property {Record<string, number>} escalations_by_reason
 * @property {{agent_hours: number, occupancy_max: number | null, hours_over_cap: number,
 *   hard_contact_share: {agent_id: number, username: string, share: number}[], breaks: {taken: number, due: number},
 *   cool_downs: number, ended_for_abuse: number}} wellbeing
 */

/**
 * @typedef {object} PeriodSummary
 * @property {{since: string, until: string}} [period]
 * @property {Outcomes} outcomes
 */

/**
 * One bucket of GET /api/v1/metrics/series.
 * @typedef {object} Point
 * @property {string} start ISO 8601, UTC
 * @property {number} conversations
 * @property {Rate} ai_resolution_rate
 * @property {Rate} handoff_rate
 * @property {Rate} reopen_rate
 * @property {Rate} abandonment_rate
 * @property {Rate} service_level
 * @property {number | null} asa_seconds
 * @property {number | null} csat_ai
 * @property {number | null} csat_people
 * @property {number | null} occupancy_max
 * @property {number} breaks_taken
 * @property {number} breaks_due
 * @property {number} cool_downs
 * @property {number} ended_for_abuse
 * @property {Record<string, number>} escalations
 */

/**
 * @typedef {object} PeriodSeries
 * @property {"hour" | "day"} bucket
 * @property {string} since
 * @property {string} until
 * @property {Point[]} points
 */

/** @typedef {Exclude<keyof Point, "start" | "escalations">} Column */

/**
 * A chart of the period: which columns, drawn how, read how.
 * @typedef {{key: string, keys: Column[], draw: "lines" | "columns", format: (v: number) => string, max?: number,
 *   mark?: number, whole?: boolean, seconds?: boolean}} ChartSpec
 */

const percentFormat = new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 0 });
const countFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
/** @param {number} v */
const percent = function (v) { return percentFormat.format(v); };
/** @param {number} v */
const count = function (v) { return countFormat.format(v); };
/** @param {number} v */
const rating = function (v) { return decimal(v, 1); };
/** @param {number} v seconds: whole seconds up to 5 minutes, then minutes (one decimal under 10) */
const wait = function (v) {
  if (v < 300) return T.t("common.seconds", { n: Math.round(v) });
  return T.t("common.minutes", { n: decimal(v / 60, v < 600 ? 1 : 0) });
};

/** @type {ChartSpec[]} */
const CHARTS = [
  { key: "resolution", keys: ["ai_resolution_rate", "handoff_rate", "reopen_rate"], draw: "lines", format: percent, max: 1 },
  { key: "service", keys: ["service_level", "abandonment_rate"], draw: "lines", format: percent, max: 1 },
  { key: "asa", keys: ["asa_seconds"], draw: "lines", format: wait, seconds: true },
  { key: "csat", keys: ["csat_ai", "csat_people"], draw: "lines", format: rating, max: 5 },
  { key: "volume", keys: ["conversations"], draw: "columns", format: count, whole: true },
  { key: "occupancy", keys: ["occupancy_max"], draw: "lines", format: percent, max: 1, mark: 0.85 },
  { key: "breaks", keys: ["breaks_taken", "breaks_due"], draw: "columns", format: count, whole: true },
  { key: "abuse", keys: ["cool_downs", "ended_for_abuse"], draw: "columns", format: count, whole: true },
];

/**
 * How a bucket reads: on the axis (short) and in the table (in full). Buckets are UTC days or hours.
 * @param {"hour" | "day"} bucket
 * @returns {{axis: Intl.DateTimeFormat, full: Intl.DateTimeFormat}}
 */
function bucketFormats(bucket) {
  const day = { day: "numeric", month: "short", timeZone: "UTC" };
  const hour = { hour: "2-digit", minute: "2-digit", timeZone: "UTC" };
  return bucket === "hour"
    ? { axis: new Intl.DateTimeFormat(LOCALE, /** @type {Intl.DateTimeFormatOptions} */ (hour)),
      full: new Intl.DateTimeFormat(LOCALE, /** @type {Intl.DateTimeFormatOptions} */ ({ ...day, ...hour })) }
    : { axis: new Intl.DateTimeFormat(LOCALE, /** @type {Intl.DateTimeFormatOptions} */ (day)),
      full: new Intl.DateTimeFormat(LOCALE, /** @type {Intl.DateTimeFormatOptions} */ ({ ...day, weekday: "short", year: "numeric" })) };
}

/**
 * @param {number | null | undefined} value
 * @param {(v: number) => string} format
 * @returns {string}
 */
function shown(value, format) {
  return value === null || value === undefined ? T.t("dashboard.period.none") : format(Number(value));
}

/**
 * A tile of the period's summary.
 * @param {string} key
 * @param {string} value
 * @param {string} [sub]
 * @returns {HTMLElement}
 */
function tile(key, value, sub) {
  const box = el("div", "tile card");
  box.setAttribute("data-figure", key);
  box.appendChild(el("h3", "tile-label", T.t("dashboard.period.tiles." + key)));
  box.appendChild(el("p", "tile-value", value));
  box.appendChild(el("p", "tile-sub", sub || ""));
  return box;
}

/** @param {Outcomes} o */
function renderTiles(o) {
  const node = $("period-tiles");
  clear(node);
  const w = o.wellbeing;
  const sl = o.service_level;
  const hardest = (w.hard_contact_share || []).slice().sort(function (a, b) { return b.share - a.share; })[0];
  const stars = function (/** @type {{average: number | null, count: number}} */ c) {
    return [shown(c.average, function (v) { return rating(v) + " / 5"; }), T.t("dashboard.period.tiles.csat_sub", { n: c.count })];
  };
  const ai = stars(o.csat.ai);
  const people = stars(o.csat.people);
  [
    tile("conversations", count(o.conversations)),
    tile("ai_resolution", shown(o.ai_resolution.rate, percent), T.t("dashboard.period.tiles.ai_resolution_sub", o.ai_resolution)),
    tile("handoff", shown(o.handoff_rate, percent)),
    tile("reopen", shown(o.reopen_rate, percent)),
    tile("abandoned", shown(o.abandoned_in_queue.rate, percent), T.t("dashboard.period.tiles.abandoned_sub", o.abandoned_in_queue)),
    tile("service_level", shown(sl.rate, percent), T.t("dashboard.period.tiles.service_level_sub",
      { within: sl.within_target, total: sl.answered + o.abandoned_in_queue.count, target: sl.target_seconds })),
    tile("asa", shown(o.asa_seconds, duration), T.t("dashboard.period.tiles.asa_sub")),
    tile("csat_ai", ai[0], ai[1]),
    tile("csat_people", people[0], people[1]),
    tile("occupancy", shown(w.occupancy_max, percent), T.t("dashboard.period.tiles.occupancy_sub",
      { hours: w.hours_over_cap, agent_hours: count(w.agent_hours) })),
    tile("hard_share", hardest ? percent(hardest.share) : T.t("dashboard.period.none"), hardest ? hardest.username : ""),
    tile("breaks", count(w.breaks.taken), T.t("dashboard.period.tiles.breaks_sub", { due: w.breaks.due })),
    tile("cool_downs", count(w.cool_downs)),
    tile("abuse", count(w.ended_for_abuse)),
  ].forEach(function (box) { node.appendChild(box); });
}

/**
 * The figures of a chart as a table, in a disclosure under it.
 * @param {string[]} labels
 * @param {Series[]} series
 * @param {(v: number) => string} format
 * @param {string} bucketName
 * @returns {HTMLDetailsElement}
 */
function figures(labels, series, format, bucketName) {
  const details = el("details", "figures");
  details.appendChild(el("summary", null, T.t("dashboard.period.table")));
  const wrap = el("div", "table-wrap");
  const table = el("table", "table");
  const head = el("tr");
  [bucketName].concat(series.map(function (s) { return s.name; })).forEach(function (name) {
    const th = el("th", null, name);
    th.setAttribute("scope", "col");
    head.appendChild(th);
  });
  table.appendChild(el("thead")).appendChild(head);
  const body = table.appendChild(el("tbody"));
  labels.forEach(function (label, i) {
    const row = el("tr");
    const th = el("th", null, label);
    th.setAttribute("scope", "row");
    row.appendChild(th);
    series.forEach(function (s) { row.appendChild(el("td", null, shown(s.values[i], format))); });
    body.appendChild(row);
  });
  wrap.appendChild(table);
  details.appendChild(wrap);
  return details;
}

/**
 * A chart's card: title, hint, the chart, its figures.
 * @param {string} key
 * @param {SVGElement} chart
 * @param {HTMLElement | null} table
 * @returns {HTMLElement}
 */
function card(key, chart, table) {
  const box = el("section", "card chart-card");
  box.setAttribute("data-chart", key);
  const id = "period-chart-" + key;
  box.setAttribute("aria-labelledby", id);
  const title = el("h3", null, T.t("dashboard.period.charts." + key));
  title.id = id;
  box.appendChild(title);
  box.appendChild(el("p", "muted chart-hint", T.t("dashboard.period.charts." + key + "_hint")));
  const holder = el("div", "chart");
  holder.appendChild(chart);
  box.appendChild(holder);
  if (table) box.appendChild(table);
  return box;
}

/**
 * @param {Record<string, number>} byReason
 * @returns {HTMLElement}
 */
function escalationsCard(byReason) {
  const entries = Object.keys(byReason || {}).map(function (r) {
    return /** @type {[string, number]} */ ([T.label("reasons", r), byReason[r]]);
  }).sort(function (x, y) { return y[1] - x[1]; });
  const title = T.t("dashboard.period.charts.escalations");
  const table = figures(entries.map(function (e) { return e[0]; }), [{ name: title, values: entries.map(function (e) { return e[1]; }) }],
    count, T.t("dashboard.reasons"));
  if (!entries.length) {
    const box = card("escalations", bars([], title), null);
    box.appendChild(el("p", "empty", T.t("dashboard.escalations_empty")));
    return box;
  }
  return card("escalations", bars(entries, title), table);
}

/**
 * @param {{since: string, until: string, bucket: "hour" | "day"}} range
 * @returns {string}
 */
function periodTitle(range) {
  const day = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const from = day.format(new Date(range.since + "T00:00:00Z"));
  const to = day.format(new Date(Date.parse(range.until + "T00:00:00Z") - 1));
  return from === to ? T.t("dashboard.period.title_day", { day: from }) : T.t("dashboard.period.title", { from: from, to: to });
}

/**
 * Shows a period: its title, its summary, its charts; or that it is empty.
 * @param {{since: string, until: string, bucket: "hour" | "day"}} range
 * @param {PeriodSummary} summary
 * @param {PeriodSeries} series
 */
export function renderPeriod(range, summary, series) {
  $("period-title").textContent = periodTitle(range);
  const o = summary.outcomes;
  const empty = !o || (!o.conversations && !(o.wellbeing && o.wellbeing.agent_hours));
  $("period-empty").hidden = !empty;
  $("period-body").hidden = empty;
  const charts = $("period-charts");
  clear(charts);
  clear($("period-tiles"));
  if (empty) return;
  renderTiles(o);
  const formats = bucketFormats(series.bucket);
  const points = series.points || [];
  // By the hour, midnight is named by its day, so the axis says which day the hours are of.
  const dayFormat = bucketFormats("day").axis;
  const axis = points.map(function (p) {
    const start = new Date(p.start);
    return series.bucket === "hour" && start.getUTCHours() === 0 ? dayFormat.format(start) : formats.axis.format(start);
  });
  const full = points.map(function (p) { return formats.full.format(new Date(p.start)); });
  const bucketName = T.t(series.bucket === "hour" ? "dashboard.period.bucket_hour" : "dashboard.period.bucket_day");
  CHARTS.forEach(function (spec) {
    const data = spec.keys.map(function (k) {
      return { name: T.t("dashboard.period.series." + k), values: points.map(function (p) { return p[k] === undefined ? null : p[k]; }) };
    });
    const label = T.t("dashboard.period.charts." + spec.key);
    const options = { label: label, labels: axis, series: data, format: spec.format, max: spec.max, whole: spec.whole, seconds: spec.seconds,
      mark: spec.mark === undefined ? undefined : { value: spec.mark, label: T.t("dashboard.period.series.cap") } };
    const chart = spec.draw === "lines" ? lines(options) : columns(options);
    charts.appendChild(card(spec.key, chart, figures(full, data, spec.format, bucketName)));
    if (spec.key === "volume") charts.appendChild(escalationsCard(o.escalations_by_reason));
  });
}
