// @ts-check
// Choosing an intent for a lesson (agent workspace) or a candidate (review queue): a select of the domain's
// intents, a first option that leaves the choice to others, and "new intent…", which shows a free-text name.
import * as T from "./i18n.js";
import { clear, el, request } from "./api.js";

const NEW = "__new__";
const VALID = /^[a-z][a-z0-9_]{1,63}$/;
/** @type {Record<string, Promise<string[]>>} domain -> promise of the intent names (the pack's and those learned since) */
const cache = {};

/**
 * @param {string} token
 * @param {string} domain
 * @param {boolean} [fresh] ask the server again
 * @returns {Promise<string[]>}
 */
export function load(token, domain, fresh) {
  if (!cache[domain] || fresh) {
    cache[domain] = /** @type {Promise<string[]>} */ (
      request("/api/v1/domains/" + encodeURIComponent(domain) + "/intents", { token: token })
    ).catch(function (err) {
      delete cache[domain];
      throw err;
    });
  }
  return cache[domain];
}

/**
 * @param {string} value
 * @param {string} text
 * @returns {HTMLOptionElement}
 */
function option(value, text) {
  const node = el("option", null, text);
  node.value = value;
  return node;
}

export class Picker {
  /**
   * Picker(select, input, firstLabel): input is the new-intent text field, shown when "new intent…" is chosen.
   * @param {HTMLSelectElement} select
   * @param {HTMLInputElement} input
   * @param {string} firstLabel
   */
  constructor(select, input, firstLabel) {
    this.select = select;
    this.input = input;
    this.firstLabel = firstLabel;
    input.placeholder = T.t("common.intent_placeholder");
    input.setAttribute("aria-label", T.t("common.intent_name"));
    const self = this;
    select.addEventListener("change", function () { self._toggle(); });
    this.fill([], null);
  }

  /**
   * The names to offer, with `chosen` selected (a name not in the list is offered as a new one).
   * @param {string[] | null} names
   * @param {string | null} chosen
   */
  fill(names, chosen) {
    const select = this.select;
    clear(select);
    select.appendChild(option("", this.firstLabel));
    (names || []).forEach(function (name) { select.appendChild(option(name, String(name).replace(/_/g, " "))); });
    select.appendChild(option(NEW, T.t("common.intent_new")));
    this.set(chosen, names);
  }

  /**
   * @param {string | null} chosen
   * @param {string[] | null} names
   */
  set(chosen, names) {
    const known = chosen && (names || []).indexOf(chosen) >= 0;
    this.select.value = !chosen ? "" : known ? chosen : NEW;
    this.input.value = chosen && !known ? chosen : "";
    this._toggle();
  }

  /**
   * The chosen name, or null when left to the AI's guess / the reviewer.
   * @returns {string | null}
   */
  value() {
    if (this.select.value === NEW) return this.input.value.trim().toLowerCase().replace(/[\s-]+/g, "_") || null;
    return this.select.value || null;
  }

  /**
   * Why the chosen name cannot be used (the server's rule for a new intent), or null.
   * @returns {string | null}
   */
  problem() {
    const name = this.value();
    return name && !VALID.test(name) ? T.t("common.intent_invalid") : null;
  }

  _toggle() {
    const isNew = this.select.value === NEW;
    this.input.hidden = !isNew;
    this.input.required = isNew;
    if (isNew && document.activeElement === this.select) this.input.focus();
  }
}
