// The page's own words, embedded by the server as JSON (never fetched, never executed).
(function () {
  "use strict";
  var node = document.getElementById("tandem-strings");
  var strings = node ? JSON.parse(node.textContent) : {};

  function lookup(key) {
    var value = strings;
    var parts = key.split(".");
    for (var i = 0; i < parts.length; i++) {
      if (value === null || typeof value !== "object" || !(parts[i] in value)) return undefined;
      value = value[parts[i]];
    }
    return value;
  }

  // t("widget.status_queued", {position: 2}) -> the phrase with {position} filled in; the key itself when missing.
  function t(key, values) {
    var text = lookup(key);
    if (typeof text !== "string") return key;
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // A label for a code (reason, status, domain...): the catalog's, else the code made readable.
  function label(section, code) {
    var text = lookup(section + "." + code);
    return typeof text === "string" ? text : String(code).replace(/_/g, " ");
  }

  window.Tandem = window.Tandem || {};
  window.Tandem.t = t;
  window.Tandem.label = label;
  window.Tandem.lang = document.body.getAttribute("data-lang") || "en";
})();
