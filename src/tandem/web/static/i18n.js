// @ts-check
// The page's own words, embedded by the server as JSON (never fetched, never executed). Modules import this one
// as `T` (`import * as T from "./i18n.js"`), so every phrase a script asks for reads T.t("section.key").

/** @typedef {Record<string, unknown>} Catalog the sections of the catalog the page's scripts read */

const node = document.getElementById("tandem-strings");
/** @type {unknown} */
const strings = node ? JSON.parse(node.textContent || "") : {};

/**
 * @param {string} key
 * @returns {unknown}
 */
function lookup(key) {
  let value = strings;
  const parts = key.split(".");
  for (let i = 0; i < parts.length; i++) {
    if (value === null || typeof value !== "object" || !(parts[i] in value)) return undefined;
    value = /** @type {Catalog} */ (value)[parts[i]];
  }
  return value;
}

/**
 * t("widget.status_queued", {position: 2}) -> the phrase with {position} filled in; the key itself when missing.
 * @param {string} key
 * @param {Record<string, unknown>} [values]
 * @returns {string}
 */
export function t(key, values) {
  const text = lookup(key);
  if (typeof text !== "string") return key;
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, function (whole, name) {
    return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}

/**
 * A label for a code (reason, status, domain...): the catalog's, else the code made readable.
 * @param {string} section
 * @param {string} code
 * @returns {string}
 */
export function label(section, code) {
  const text = lookup(section + "." + code);
  return typeof text === "string" ? text : String(code).replace(/_/g, " ");
}

/** The page's language (the `data-lang` of <body>). */
export const lang = document.body.getAttribute("data-lang") || "en";
