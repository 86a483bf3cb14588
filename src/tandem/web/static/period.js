// @ts-check
// The supervisor's period picker. "Today" is the live view (supervisor.js keeps polling it whatever is picked);
// the last 7, 30 or 90 days or a range of dates show that period's figures and charts (period_view.js) from
// GET /api/v1/metrics/summary and /metrics/series with since/until, and offer the series as CSV: fetched with the
// token in its header and saved from a blob, so the token never appears in a URL.
import * as T from "./i18n.js";
import { $, ApiError, request, store } from "./api.js";
import { renderPeriod } from "./period_view.js";

/** @import { Failure } from "./api.js" */
/** @import { PeriodSummary, PeriodSeries } from "./period_view.js" */

const DAY_MS = 86400000;
const MAX_DAYS = 400; // the API's limit on one request
const HOURLY_UP_TO_DAYS = 2; // a range of one or two days is drawn by the hour, longer ones by the day
const KEY = "tandem.period"; // the period picked, kept for this tab (switching language reloads the page)

/**
 * What the server is asked for: `since` and `until` as dates (00:00 UTC; `until` excluded) and the bucket.
 * @typedef {{since: string, until: string, bucket: "hour" | "day"}} Range
 */

/**
 * A date as YYYY-MM-DD, in UTC.
 * @param {Date} date
 * @returns {string}
 */
function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/**
 * @param {string} day YYYY-MM-DD
 * @param {number} days
 * @returns {string}
 */
function addDays(day, days) {
  return isoDay(new Date(Date.parse(day + "T00:00:00Z") + days * DAY_MS));
}

/**
 * The last `days` days, today (UTC) included: whole days, so every bucket is one.
 * @param {number} days
 * @returns {Range}
 */
function lastDays(days) {
  const today = isoDay(new Date());
  return { since: addDays(today, 1 - days), until: addDays(today, 1), bucket: "day" };
}

/**
 * From one date to another, both included; a message in the reader's language when the dates do not make one.
 * @param {string} from
 * @param {string} to
 * @returns {Range | string}
 */
function between(from, to) {
  if (!from || !to) return T.t("dashboard.period.need_dates");
  if (to < from) return T.t("dashboard.period.reversed");
  const until = addDays(to, 1);
  const days = Math.round((Date.parse(until) - Date.parse(from)) / DAY_MS);
  if (days > MAX_DAYS) return T.t("dashboard.period.too_long", { days: MAX_DAYS });
  return { since: from, until: until, bucket: days <= HOURLY_UP_TO_DAYS ? "hour" : "day" };
}

/**
 * @param {Range} range
 * @param {boolean} [bucket] with the bucket (the series), or without (the summary)
 * @returns {string}
 */
function query(range, bucket) {
  const params = new URLSearchParams({ since: range.since, until: range.until });
  if (bucket !== false) params.set("bucket", range.bucket);
  return params.toString();
}

/**
 * Saves the period's series as a CSV file: fetched with the bearer token, handed to the browser as a blob.
 * @param {Range} range
 * @param {string} token
 * @returns {Promise<string>} the file's name
 */
async function downloadCsv(range, token) {
  let response;
  try {
    response = await fetch("/api/v1/metrics/series.csv?" + query(range), {
      headers: { Authorization: "Bearer " + token, Accept: "text/csv" },
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, T.t("common.network"));
  }
  if (!response.ok) {
    let detail = response.status + " " + response.statusText;
    try { detail = String((await response.json()).detail || detail); } catch { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  const url = URL.createObjectURL(await response.blob());
  const name = "tandem-metrics-" + range.since + "-" + addDays(range.until, -1) + ".csv";
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  return name;
}

/**
 * The picker: which period is shown, the live view or the period's, and the CSV button.
 * @param {{token: () => string, fail: (err: Failure) => boolean}} options `fail` handles an expired sign-in
 * @returns {{choice: () => string, restore: () => void}}
 */
export function periodPicker(options) {
  const form = /** @type {HTMLFormElement} */ ($("period-picker"));
  const custom = $("period-custom");
  const from = /** @type {HTMLInputElement} */ ($("period-from"));
  const to = /** @type {HTMLInputElement} */ ($("period-to"));
  const errorLine = $("period-error");
  const notice = $("period-notice");
  /** @type {Range | null} */
  let shown = null;
  let asked = 0; // answers to an older choice are dropped

  /** @param {string} text */
  function showError(text) {
    errorLine.textContent = text;
    errorLine.hidden = !text;
  }

  function choice() {
    const picked = /** @type {HTMLInputElement | null} */ (form.querySelector("input[name=period]:checked"));
    return picked ? picked.value : "today";
  }

  /** @param {Range} range */
  async function load(range) {
    const ticket = ++asked;
    const view = $("period-view");
    view.setAttribute("aria-busy", "true");
    view.setAttribute("data-loaded", "false");
    notice.textContent = T.t("dashboard.period.loading");
    showError("");
    try {
      const token = options.token();
      const results = await Promise.all([
        /** @type {Promise<PeriodSummary>} */ (request("/api/v1/metrics/summary?" + query(range, false), { token: token })),
        /** @type {Promise<PeriodSeries>} */ (request("/api/v1/metrics/series?" + query(range), { token: token })),
      ]);
      if (ticket !== asked) return;
      shown = range;
      notice.textContent = "";
      renderPeriod(range, results[0], results[1]);
      view.setAttribute("data-loaded", "true");
    } catch (err) {
      if (ticket !== asked) return;
      const failure = /** @type {Failure} */ (err);
      notice.textContent = "";
      if (!options.fail(failure)) showError(T.t("common.error", { detail: failure.message }));
    } finally {
      if (ticket === asked) view.setAttribute("aria-busy", "false");
    }
  }

  function apply() {
    const picked = choice();
    const live = picked === "today";
    showError("");
    custom.hidden = picked !== "custom";
    $("live-view").hidden = !live;
    $("period-view").hidden = live;
    document.body.setAttribute("data-period", picked);
    store.set(KEY, { period: picked, from: from.value, to: to.value });
    if (live) {
      asked++;
      return;
    }
    if (picked === "custom") {
      if (!from.value && !to.value) {
        const week = lastDays(7);
        from.value = week.since;
        to.value = addDays(week.until, -1);
      }
      const range = between(from.value, to.value);
      if (typeof range === "string") showError(range);
      else load(range);
      return;
    }
    load(lastDays(Number(picked)));
  }

  form.addEventListener("change", function (event) {
    // A date being typed waits for "Show"; a period picked applies at once.
    if (/** @type {HTMLInputElement} */ (event.target).name === "period") apply();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  $("period-csv").addEventListener("click", async function () {
    if (!shown) return;
    const button = /** @type {HTMLButtonElement} */ (this);
    button.disabled = true;
    showError("");
    try {
      const name = await downloadCsv(shown, options.token());
      notice.textContent = T.t("dashboard.period.csv_done", { file: name });
    } catch (err) {
      const failure = /** @type {Failure} */ (err);
      if (!options.fail(failure)) showError(T.t("common.error", { detail: failure.message }));
    } finally {
      button.disabled = false;
    }
  });
  /** The period this tab showed last, once signed in (today's live view is already there). */
  function restore() {
    const kept = /** @type {{period?: string, from?: string, to?: string} | null} */ (store.get(KEY));
    const radio = kept && kept.period && kept.period !== "today"
      ? /** @type {HTMLInputElement | null} */ (form.querySelector("input[name=period][value='" + CSS.escape(kept.period) + "']"))
      : null;
    if (!kept || !radio) return;
    radio.checked = true;
    from.value = kept.from || "";
    to.value = kept.to || "";
    apply();
  }

  return { choice: choice, restore: restore };
}
