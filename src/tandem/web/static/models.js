// @ts-check
// The supervisor's "Models" section: per served domain, the intent model versions (which one answers, their
// held-out score, answer threshold, how many learned items they hold and how many intents are on probation, and
// under a rejected one the figures that fell), a training indicator (on the domain being retrained only), Retrain
// and Roll back. Every value is text.
import * as T from "./i18n.js";
import { $, clear, decimal, el, LOCALE, request, time } from "./api.js";

/** @import { Failure, FigureFell, ModelVersion, ModelsView } from "./api.js" */

const COLUMNS = ["version", "status", "created", "score", "threshold", "learned", "probation"];
// The month in words: "24 Nov 2026" or "Nov 24, 2026" as the reader writes dates, never a 12/7/2026 to misread.
const DAY = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", year: "numeric" });

/**
 * @param {unknown} value
 * @param {number} digits
 * @returns {string}
 */
function fixed(value, digits) {
  return typeof value === "number" && isFinite(value) ? decimal(value, digits) : "–";
}

/**
 * @param {string | null} iso
 * @returns {string}
 */
function when(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || isNaN(date.getTime())) return "–";
  return DAY.format(date) + " " + time(iso);
}

/**
 * @param {number} value
 * @param {number} digits
 * @returns {string}
 */
function number(value, digits) {
  return value.toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A change of a share (0..1) in percentage points, signed: "−6.0".
 * @param {number} before
 * @param {number} after
 * @returns {string}
 */
function points(before, after) {
  const delta = (after - before) * 100;
  return (delta < 0 ? "−" : "+") + number(Math.abs(delta), 1);
}

/**
 * One figure that fell, in the reader's language: "English: answered share fell from 61.0% to 55.0% (−6.0 pts)".
 * @param {FigureFell} fell
 * @returns {string}
 */
function fellText(fell) {
  if (fell.measure === "score") {
    const allowed = typeof fell.allowed === "number" ? fell.allowed : fell.before;
    return T.t("dashboard.models.fell_score", {
      after: number(fell.after, 4),
      before: number(fell.before, 4),
      allowed: number(allowed, 4),
      points: points(fell.before, fell.after),
    });
  }
  const language = fell.language ? T.label("common.language_names", fell.language) : "–";
  if (fell.measure === "missed_escalations") {
    return T.t("dashboard.models.fell_missed", { language: language, before: fell.before, after: fell.after });
  }
  /** @param {number} share */
  function percent(share) {
    return share.toLocaleString(LOCALE, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  return T.t("dashboard.models.fell_rate", {
    language: language,
    measure: T.label("dashboard.models.measures", fell.measure),
    before: percent(fell.before),
    after: percent(fell.after),
    points: points(fell.before, fell.after),
  });
}

/**
 * The row under a rejected version saying why it was not promoted (older rejections recorded no reason).
 * @param {ModelVersion} version
 * @returns {HTMLTableRowElement | null}
 */
function whyRow(version) {
  if (version.status !== "rejected" || !version.rejection || !version.rejection.length) return null;
  const tr = el("tr", "model-why");
  tr.setAttribute("data-why-for", String(version.id));
  const cell = tr.appendChild(el("td"));
  cell.colSpan = COLUMNS.length;
  cell.appendChild(el("span", "model-why-title", T.t("dashboard.models.why")));
  const list = cell.appendChild(el("ul", "model-reasons"));
  version.rejection.forEach(function (fell) { list.appendChild(el("li", null, fellText(fell))); });
  return tr;
}

/**
 * One domain's part of the section.
 * @typedef {object} Block
 * @property {HTMLDivElement} box
 * @property {HTMLSpanElement} serving
 * @property {HTMLSpanElement} training
 * @property {HTMLButtonElement} retrain
 * @property {HTMLButtonElement} rollback
 * @property {HTMLTableSectionElement} body
 * @property {HTMLParagraphElement} empty
 */

/**
 * @typedef {object} SectionOptions
 * @property {() => string} token
 * @property {(err: Failure) => void} fail
 * @property {(text: string) => void} done
 */

/**
 * section({token(), fail(err), done(text)}) -> {refresh()}
 * @param {SectionOptions} options
 * @returns {{refresh: () => Promise<void>}}
 */
export function modelsSection(options) {
  const root = $("models");
  const domains = (root.getAttribute("data-domains") || "").split(/\s+/).filter(Boolean);
  /** @type {string[] | null} the domains this server serves, found out on the first refresh */
  let served = null;
  /** @type {Record<string, Block>} */
  const blocks = {};
  /** @type {Promise<void> | null} */
  let loading = null;

  /**
   * @param {string} domain
   * @returns {Block}
   */
  function block(domain) {
    if (blocks[domain]) return blocks[domain];
    const box = el("div", "model-domain");
    box.setAttribute("data-domain", domain);
    const head = el("div", "model-head");
    head.appendChild(el("h3", null, T.label("domains", domain)));
    const serving = el("span", "model-serving");
    const training = el("span", "model-training", T.t("dashboard.models.training"));
    training.setAttribute("role", "status");
    const retrain = el("button", "button small model-retrain", T.t("dashboard.models.retrain"));
    const rollback = el("button", "button small model-rollback", T.t("dashboard.models.rollback"));
    retrain.type = rollback.type = "button";
    [serving, training, retrain, rollback].forEach(function (node) { head.appendChild(node); });
    box.appendChild(head);
    const wrap = el("div", "table-wrap");
    const table = el("table", "table model-versions");
    const headRow = el("tr");
    COLUMNS.forEach(function (key) {
      const th = el("th", null, T.t("dashboard.models." + key));
      th.scope = "col";
      headRow.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(headRow);
    const body = table.appendChild(el("tbody"));
    wrap.appendChild(table);
    box.appendChild(wrap);
    const empty = box.appendChild(el("p", "empty", T.t("dashboard.models.empty")));
    $("models-list").appendChild(box);

    retrain.addEventListener("click", function () {
      act(domain, "train", retrain, function () { return T.t("dashboard.models.retrain_started"); });
    });
    rollback.addEventListener("click", function () {
      act(domain, "rollback", rollback, function (v) {
        return T.t("dashboard.models.rolled_back", { id: /** @type {ModelVersion} */ (v).id });
      });
    });
    blocks[domain] = { box: box, serving: serving, training: training, retrain: retrain, rollback: rollback, body: body, empty: empty };
    return blocks[domain];
  }

  /**
   * @param {string} domain
   * @param {"train" | "rollback"} action
   * @param {HTMLButtonElement} button
   * @param {(result: unknown) => string} said what to say with the server's answer (rollback: the version)
   */
  async function act(domain, action, button, said) {
    button.disabled = true;
    try {
      const result = await request("/api/v1/models/" + encodeURIComponent(domain) + "/" + action, {
        token: options.token(),
        method: "POST",
      });
      options.done(said(result));
    } catch (err) {
      options.fail(/** @type {Failure} */ (err));
    } finally {
      button.disabled = false;
      refresh();
    }
  }

  /**
   * @param {ModelVersion} version
   * @param {number | null} serving
   * @returns {HTMLTableRowElement}
   */
  function row(version, serving) {
    const tr = el("tr");
    tr.setAttribute("data-version", String(version.id));
    tr.setAttribute("data-status", version.status);
    if (version.id === serving) tr.setAttribute("aria-current", "true");
    tr.appendChild(el("td", "mono", String(version.id)));
    const status = tr.appendChild(el("td"));
    status.appendChild(el("span", "badge model-status-" + version.status, T.label("dashboard.models.statuses", version.status)));
    tr.appendChild(el("td", null, when(version.promoted_at || version.created_at)));
    tr.appendChild(el("td", null, fixed((version.metrics || {}).score, 4)));
    tr.appendChild(el("td", null, fixed((version.calibration || {}).answer, 2)));
    tr.appendChild(el("td", null, String(((version.data || {}).learned_ids || []).length)));
    // Intents the version may not answer on its own yet; versions older than probation record none.
    const probation = (version.data || {}).probation;
    const held = tr.appendChild(el("td", "model-probation", Array.isArray(probation) ? String(probation.length) : "–"));
    if (Array.isArray(probation) && probation.length) held.title = probation.join(", ");
    return tr;
  }

  /** @param {ModelsView} view */
  function render(view) {
    const b = block(view.domain);
    const versions = view.versions || [];
    b.box.setAttribute("data-training", String(!!view.training));
    b.box.setAttribute("data-serving", view.serving === null || view.serving === undefined ? "" : String(view.serving));
    b.serving.textContent = view.serving === null || view.serving === undefined
      ? T.t("dashboard.models.serving_none") : T.t("dashboard.models.serving", { id: view.serving });
    b.training.hidden = !view.training;
    b.retrain.disabled = !!view.training;
    const active = versions.find(function (v) { return v.status === "active"; });
    b.rollback.disabled = !active || !versions.some(function (v) { return v.status === "retired" && v.id < active.id; });
    clear(b.body);
    versions.forEach(function (v) {
      b.body.appendChild(row(v, view.serving));
      const why = whyRow(v);
      if (why) b.body.appendChild(why);
    });
    b.empty.hidden = versions.length > 0;
  }

  /**
   * @param {string} domain
   * @returns {Promise<ModelsView>}
   */
  function get(domain) {
    return /** @type {Promise<ModelsView>} */ (request("/api/v1/models/" + encodeURIComponent(domain), { token: options.token() }));
  }

  // The page lists every domain Tandem knows; a server serves some of them (the others answer 422).
  async function discover() {
    const found = await Promise.all(domains.map(function (domain) {
      return get(domain).then(function (view) { return view; }, function (err) {
        if (err.status === 422) return null;
        throw err;
      });
    }));
    /** @type {string[]} */
    const now = [];
    served = now;
    found.forEach(function (view) {
      if (!view) return;
      now.push(view.domain);
      render(view);
    });
  }

  async function load() {
    if (served === null) return discover();
    const views = await Promise.all(served.map(get));
    views.forEach(render);
  }

  function refresh() {
    if (!loading) {
      loading = load().catch(options.fail).then(function () {
        loading = null;
        root.setAttribute("data-loaded", "true");
      });
    }
    return loading;
  }

  return { refresh: refresh };
}
