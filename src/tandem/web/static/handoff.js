// @ts-check
// The handoff packet an agent receives with a conversation: why a person, what the AI understood and tried,
// the sentiment trail and the customer / order facts. Every value is set as text.
import * as T from "./i18n.js";
import { clear, decimal, el } from "./api.js";
import { sparkline } from "./charts.js";

/** @import { Conversation, Customer } from "./api.js" */

/**
 * @param {string} text
 * @param {string} [className]
 * @returns {HTMLLIElement}
 */
export function chip(text, className) {
  return el("li", "chip" + (className ? " " + className : ""), text);
}

/**
 * @param {string[] | undefined} values
 * @param {(value: string) => string} labelFor
 * @param {string} [className]
 * @returns {HTMLUListElement}
 */
function chipList(values, labelFor, className) {
  const ul = el("ul", "chips");
  (values || []).forEach(function (v) { ul.appendChild(chip(labelFor(v), className)); });
  if (!ul.childNodes.length) ul.appendChild(chip(T.t("common.none"), "muted"));
  return ul;
}

/**
 * @param {Array<[string, string]>} pairs
 * @returns {HTMLDListElement}
 */
function definitions(pairs) {
  const dl = el("dl", "facts");
  pairs.forEach(function (pair) {
    dl.appendChild(el("dt", null, pair[0]));
    dl.appendChild(el("dd", null, pair[1]));
  });
  return dl;
}

/**
 * @param {HTMLElement} parent
 * @param {string} title
 * @param {Node} content
 */
function section(parent, title, content) {
  const box = el("section", "handoff-section");
  box.appendChild(el("h3", null, title));
  box.appendChild(content);
  parent.appendChild(box);
}

/**
 * @param {string | null | undefined} code
 * @returns {string}
 */
function languageName(code) {
  return code ? T.label("common.language_names", code) : "–";
}

/**
 * @param {string} key
 * @returns {string}
 */
function ws(key) {
  return T.t("workspace." + key);
}

/**
 * Fills `body` with conversation `c`'s packet; `empty` says why there is none.
 * @param {HTMLElement} body
 * @param {HTMLElement} empty
 * @param {Conversation | null} c
 */
export function render(body, empty, c) {
  clear(body);
  const h = c && c.handoff;
  empty.hidden = !!h;
  if (!c || !h) {
    empty.textContent = ws(c ? "no_handoff" : "select_prompt");
    return;
  }
  /** @type {Partial<Customer>} */
  const customer = c.customer || {};
  section(body, ws("customer"), definitions([
    [ws("customer"), customer.name || "–"],
    [T.label("entities", "email"), customer.email || "–"],
    [ws("priority"), String(h.priority !== undefined ? h.priority : "–")],
    [ws("language"), languageName(h.language || c.language)],
  ]));
  section(body, ws("reasons"), chipList(h.reasons, function (r) { return T.label("reasons", r); }, "reason"));
  // Reasons and intents read in the page's language, whatever the customer's: the agent's own words for them.
  const labels = h.intent_labels || {};
  section(body, ws("intents"), chipList(h.intents, function (i) {
    const texts = labels[i] || {};
    return texts[T.lang] || texts[h.language || ""] || String(i).replace(/_/g, " ");
  }, "intent"));
  if (h.summary) section(body, ws("summary"), el("p", "summary", h.summary));

  const entities = (h.entities || []).map(function (e) {
    const shown = e.text && e.value && e.text !== e.value ? e.text + " (" + e.value + ")" : e.text || e.value;
    return /** @type {[string, string]} */ ([T.label("entities", e.kind), shown]);
  });
  section(body, ws("entities"), entities.length ? definitions(entities) : el("p", "muted", T.t("common.none")));

  const tried = el("ul", "tried");
  (h.ai_tried || []).forEach(function (line) { tried.appendChild(el("li", null, line)); });
  if (!tried.childNodes.length) tried.appendChild(el("li", "muted", T.t("common.none")));
  section(body, ws("ai_tried"), tried);

  const trail = (h.sentiment_trail || []).map(Number);
  if (trail.length) {
    const label = T.t("workspace.sentiment_label", { n: trail.length, last: decimal(trail[trail.length - 1], 2) });
    const figure = el("div", "sentiment");
    figure.appendChild(sparkline(trail, label));
    figure.appendChild(el("span", "muted", label));
    section(body, ws("sentiment"), figure);
  }

  (h.facts || []).forEach(function (fact) {
    const fields = fact.fields || {};
    const pairs = Object.keys(fields).map(function (k) {
      return /** @type {[string, string]} */ ([k.replace(/_/g, " "), String(fields[k])]);
    });
    // Older packets have no `verified`: their records were shown before this check existed.
    const withheld = fact.verified === false;
    const content = withheld ? el("p", "fact-unverified level-high", T.t("workspace.facts_unverified")) : definitions(pairs);
    section(body, ws("facts") + " — " + fact.source, content);
  });
}
