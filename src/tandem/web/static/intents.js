// Choosing an intent for a lesson (agent workspace) or a candidate (review queue): a select of the domain's
// intents, a first option that leaves the choice to others, and "new intent…", which shows a free-text name.
(function () {
  "use strict";
  var T = window.Tandem;
  var NEW = "__new__";
  var VALID = /^[a-z][a-z0-9_]{1,63}$/;
  var cache = {}; // domain -> promise of the intent names (the pack's and those learned since)

  function load(token, domain, fresh) {
    if (!cache[domain] || fresh) {
      cache[domain] = T.request("/api/v1/domains/" + encodeURIComponent(domain) + "/intents", { token: token })
        .catch(function (err) {
          delete cache[domain];
          throw err;
        });
    }
    return cache[domain];
  }

  function option(value, text) {
    var node = T.el("option", null, text);
    node.value = value;
    return node;
  }

  // Picker(select, input, firstLabel): input is the new-intent text field, shown when "new intent…" is chosen.
  function Picker(select, input, firstLabel) {
    this.select = select;
    this.input = input;
    this.firstLabel = firstLabel;
    input.placeholder = T.t("common.intent_placeholder");
    input.setAttribute("aria-label", T.t("common.intent_name"));
    var self = this;
    select.addEventListener("change", function () { self._toggle(); });
    this.fill([], null);
  }

  // The names to offer, with `chosen` selected (a name not in the list is offered as a new one).
  Picker.prototype.fill = function (names, chosen) {
    var select = this.select;
    T.clear(select);
    select.appendChild(option("", this.firstLabel));
    (names || []).forEach(function (name) { select.appendChild(option(name, String(name).replace(/_/g, " "))); });
    select.appendChild(option(NEW, T.t("common.intent_new")));
    this.set(chosen, names);
  };

  Picker.prototype.set = function (chosen, names) {
    var known = chosen && (names || []).indexOf(chosen) >= 0;
    this.select.value = !chosen ? "" : known ? chosen : NEW;
    this.input.value = chosen && !known ? chosen : "";
    this._toggle();
  };

  // The chosen name, or null when left to the AI's guess / the reviewer.
  Picker.prototype.value = function () {
    if (this.select.value === NEW) return this.input.value.trim().toLowerCase().replace(/[\s-]+/g, "_") || null;
    return this.select.value || null;
  };

  // Why the chosen name cannot be used (the server's rule for a new intent), or null.
  Picker.prototype.problem = function () {
    var name = this.value();
    return name && !VALID.test(name) ? T.t("common.intent_invalid") : null;
  };

  Picker.prototype._toggle = function () {
    var isNew = this.select.value === NEW;
    this.input.hidden = !isNew;
    this.input.required = isNew;
    if (isNew && document.activeElement === this.select) this.input.focus();
  };

  T.intents = { load: load, Picker: Picker };
})();
