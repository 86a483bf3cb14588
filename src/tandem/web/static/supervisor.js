// @ts-check
// The supervisor dashboard: hostile conversations waiting for a supervisor (takeover.js), the period picker
// (period.js: today's live view, or a past period's figures and charts), live tiles, escalations by reason,
// agents and queue tables, the models (models.js).
// Refreshes on every WebSocket event (debounced) and every 5 seconds. The review queue of what the AI learns
// (review.js) refreshes when a lesson is proposed, and every 30 seconds in case an event was missed. The page's
// entry module.
import * as T from "./i18n.js";
import { $, LOCALE, clear, debounce, decimal, duration, el, live, request, time } from "./api.js";
import { bars } from "./charts.js";
import * as auth from "./auth.js";
import { reviewQueue } from "./review.js";
import { modelsSection } from "./models.js";
import { hostileAlerts } from "./takeover.js";
import { periodPicker } from "./period.js";

/** @import { Agent, Failure, MetricsSummary, QueueItem } from "./api.js" */
/** @import { Session } from "./auth.js" */

/** @type {Session | null} */
let session = null;
/** The supervisor's token: the review and models sections call the server only once signed in. */
const token = function () {
  if (!session) throw new Error("not signed in");
  return session.token;
};

/**
 * What a learning section says after an action, or why it failed.
 * @param {string} prefix
 * @returns {{done: (text: string) => void, fail: (err: Failure) => void}}
 */
function reporter(prefix) {
  return {
    done: function (text) {
      $(prefix + "-error").hidden = true;
      $(prefix + "-notice").textContent = text;
    },
    fail: function (err) {
      if (auth.handle(err)) return;
      $(prefix + "-notice").textContent = "";
      const line = $(prefix + "-error");
      line.textContent = T.t("common.error", { detail: err.message });
      line.hidden = false;
    },
  };
}
const reviewSays = reporter("review");
const modelsSays = reporter("models");
const review = reviewQueue({ token: token, done: reviewSays.done, fail: reviewSays.fail });
const models = modelsSection({ token: token, done: modelsSays.done, fail: modelsSays.fail });
const hostile = hostileAlerts({ token: token, fail: function (err) { auth.handle(err); } });
const period = periodPicker({ token: token, fail: auth.handle });

/**
 * @param {string} key
 * @param {string} value
 * @param {string} [sub]
 */
function tile(key, value, sub) {
  const node = $("tile-" + key);
  /** @type {HTMLElement} */ (node.querySelector("[data-value]")).textContent = value;
  /** @type {HTMLElement} */ (node.querySelector("[data-sub]")).textContent = sub || "";
}

/** @param {number | null} x */
function percent(x) {
  return Math.round((Number(x) || 0) * 100) + " %";
}

/** @param {MetricsSummary} m */
function renderMetrics(m) {
  tile("queue_length", String(m.queue_length));
  tile("wait", duration(m.wait_seconds && m.wait_seconds.avg) + " / " + duration(m.wait_seconds && m.wait_seconds.max));
  tile("asa", duration(m.asa_seconds));
  // null until a conversation is over: one still with the AI, or waiting, is not counted yet.
  tile("containment", m.containment_rate === null || m.containment_rate === undefined ? "–" : percent(m.containment_rate),
    m.containment ? T.t("dashboard.containment_sub", m.containment) : "");
  /** @type {Partial<MetricsSummary["csat"]>} */
  const csat = m.csat || {};
  tile("csat", csat.average === null || csat.average === undefined ? "–" : decimal(Number(csat.average), 1) + " / 5",
    csat.count ? T.t(csat.count === 1 ? "dashboard.csat_count_one" : "dashboard.csat_count", { n: csat.count })
      : T.t("dashboard.csat_none"));
  tile("conversations", String(m.conversations));
  renderTeam(m);

  const byReason = m.escalations_by_reason || {};
  const entries = Object.keys(byReason).map(function (r) {
    return /** @type {[string, number]} */ ([T.label("reasons", r), byReason[r]]);
  }).sort(function (x, y) { return y[1] - x[1]; });
  const chart = $("escalations-chart");
  clear(chart);
  $("escalations-empty").hidden = entries.length > 0;
  if (entries.length) chart.appendChild(bars(entries, T.t("dashboard.escalations")));
}

/** @param {MetricsSummary} m the agents (supervisors are not counted), what ended for abuse, the cool-downs */
function renderTeam(m) {
  const a = m.agents_by_status || {};
  const busy = m.agents_busy || 0;
  tile("agents", [Math.max(0, (a.available || 0) - busy), busy, a["break"] || 0, a.offline || 0].join(" / "),
    T.t("dashboard.agents_team_sub"));
  const abuse = m.ended_for_abuse || { total: 0, by_staff: 0, unanswered: 0 };
  tile("abuse", String(abuse.total), T.t("dashboard.abuse_ended_sub", abuse));
  const cooling = m.cooling_down || [];
  tile("cooling", String(cooling.length), cooling.length ? cooling.map(function (c) {
    return T.t("dashboard.cooling_until", { name: c.display_name || c.username, time: time(c.until) });
  }).join(", ") : T.t("dashboard.cooling_none"));
  $("tile-cooling").querySelector("[data-sub]")?.classList.add("names");
}

/**
 * @param {HTMLTableRowElement} row
 * @param {string} text
 * @param {string} [className]
 * @returns {HTMLTableCellElement}
 */
function cell(row, text, className) {
  const td = el("td", className, text);
  row.appendChild(td);
  return td;
}

/**
 * @param {string} status
 * @param {string} text
 * @returns {HTMLSpanElement}
 */
function badge(status, text) {
  const span = el("span", "badge status-" + status, text);
  return span;
}

/**
 * @param {number} minutes
 * @returns {string}
 */
function hours(minutes) {
  const m = Math.max(0, Math.round(Number(minutes) || 0));
  const rest = m % 60;
  return T.t("wellbeing.hours", { h: Math.floor(m / 60), m: rest < 10 ? "0" + rest : String(rest) });
}

/**
 * @param {string[]} codes
 * @returns {HTMLUListElement}
 */
function alertChips(codes) {
  const ul = el("ul", "chips");
  (codes || []).forEach(function (code) {
    const chip = el("li", "chip alert", T.label("wellbeing.alerts", code));
    chip.setAttribute("data-alert", code);
    ul.appendChild(chip);
  });
  return ul;
}

/**
 * Why the router left a conversation waiting: the stage that stopped it, then "code:count" per agent veto.
 * @param {string[] | undefined} reasons
 * @returns {string}
 */
function waitingFor(reasons) {
  return (reasons || []).map(function (r) {
    const parts = String(r).split(":");
    const label = T.label("wellbeing.waiting", parts[0]);
    return parts.length > 1 ? label + " ×" + parts[1] : label;
  }).join(", ");
}

/**
 * @param {string} id
 * @returns {HTMLTableSectionElement}
 */
function tableBody(id) {
  return /** @type {HTMLTableSectionElement} */ ($(id).querySelector("tbody"));
}

/** @param {Agent[]} agents */
function renderAgents(agents) {
  const body = tableBody("agents-table");
  clear(body);
  agents.forEach(function (agent) {
    const row = el("tr");
    row.setAttribute("data-username", agent.username);
    const who = cell(row, agent.display_name || agent.username);
    who.appendChild(el("span", "muted username", agent.username));
    cell(row, "").appendChild(badge(agent.status, T.label("agent_status", agent.status)));
    const active = Number(agent.active) || 0;
    // Load and a low check-in may lower what the agent is given at once.
    const capacity = Number(typeof agent.effective_capacity === "number" ? agent.effective_capacity : agent.capacity) || 0;
    const load = cell(row, "", "load");
    const meter = el("span", "meter");
    meter.setAttribute("role", "img");
    meter.setAttribute("aria-label", active + " / " + capacity);
    const fill = el("span", "meter-fill" + (capacity && active >= capacity ? " full" : ""));
    fill.style.width = (capacity ? Math.min(100, (100 * active) / capacity) : 0) + "%";
    meter.appendChild(fill);
    load.appendChild(meter);
    load.appendChild(el("span", "meter-text", active + " / " + capacity));
    const level = agent.load_level || "normal";
    cell(row, decimal(Number(agent.load || 0), 1) + " (" + T.label("wellbeing.levels", level) + ")", "level-" + level);
    cell(row, (agent.hard_today || 0) + " · " + Math.round((Number(agent.hard_share) || 0) * 100) + " %");
    const occupancy = Number(agent.occupancy_last_hour) || 0;  // the router keeps it at or under 85 %
    cell(row, Math.round(occupancy * 100) + " %", occupancy > 0.85 ? "level-very_high" : "");
    cell(row, hours(agent.worked_minutes_today));
    const breaks = cell(row, String(agent.breaks_taken_today || 0));
    if (agent.break_due) breaks.appendChild(el("span", "break-due", " · " + T.t("dashboard.break_due")));
    cell(row, "").appendChild(alertChips(agent.alerts));
    cell(row, (agent.skills || []).map(function (s) { return T.label("domains", s); }).join(", "));
    cell(row, (agent.languages || []).join(", ").toUpperCase());
    body.appendChild(row);
  });
}

/** @param {QueueItem[]} items */
function renderQueue(items) {
  const body = tableBody("queue-table");
  clear(body);
  items.forEach(function (item) {
    const row = el("tr");
    cell(row, String(item.id).slice(0, 8), "mono");
    cell(row, T.label("domains", item.domain));
    cell(row, item.language ? String(item.language).toUpperCase() : "–");
    cell(row, String(item.priority));
    cell(row, duration(item.waited_seconds));
    cell(row, (item.reasons || []).map(function (r) { return T.label("reasons", r); }).join(", "));
    cell(row, waitingFor(item.waiting_for));
    body.appendChild(row);
  });
  $("queue-empty").hidden = items.length > 0;
}

let loading = false;

async function refresh() {
  if (loading || !session) return;
  loading = true;
  try {
    const options = { token: session.token };
    const results = await Promise.all([
      /** @type {Promise<MetricsSummary>} */ (request("/api/v1/metrics/summary", options)),
      /** @type {Promise<Agent[]>} */ (request("/api/v1/agents", options)),
      /** @type {Promise<QueueItem[]>} */ (request("/api/v1/queue", options)),
    ]);
    renderMetrics(results[0]);
    renderAgents(results[1]);
    renderQueue(results[2]);
    await hostile.refresh();
    models.refresh();
    $("updated").textContent = T.t("dashboard.updated", { time: new Date().toLocaleTimeString(LOCALE) });
    $("dashboard").setAttribute("data-ready", "true");
  } catch (err) {
    const failure = /** @type {Failure} */ (err);
    if (!auth.handle(failure)) $("updated").textContent = T.t("common.error", { detail: failure.message });
  } finally {
    loading = false;
  }
}

/** @param {boolean} up */
function setLive(up) {
  const node = $("live");
  node.setAttribute("data-live", String(up));
  node.textContent = T.t(up ? "common.live" : "common.offline");
}

auth.start({
  role: "supervisor",
  onReady: function (s) {
    session = s;
    $("dashboard").hidden = false;
    request("/api/v1/agents/me", { token: s.token })
      .then(function (me) {
        const agent = /** @type {Agent} */ (me);
        $("me-name").textContent = agent.display_name || agent.username;
      })
      .catch(function () { /* the dashboard does not need it */ });
    refresh();
    review.refresh();
    period.restore();
    const soon = debounce(refresh, 300);
    live({
      token: s.token,
      onEvent: function (event) {
        if (event.type === "candidates") review.refresh();
        // A hostile conversation now waits for a supervisor: the alert shows at once, not after the debounce.
        if (event.type === "supervisor_needed") hostile.refresh().catch(function () { /* the next refresh retries */ });
        soon();
      },
      poll: function () {
        refresh();
        review.refresh();
      },
      onState: setLive,
    });
    setInterval(refresh, 5000);
    setInterval(review.refresh, 30000);
  },
});
