// The handoff packet an agent receives with a conversation: why a person, what the AI understood and tried,
// the sentiment trail and the customer / order facts. Every value is set as text.
(function () {
  "use strict";
  var T = window.Tandem;

  function chip(text, className) {
    return T.el("li", "chip" + (className ? " " + className : ""), text);
  }

  function chipList(values, labelFor, className) {
    var ul = T.el("ul", "chips");
    (values || []).forEach(function (v) { ul.appendChild(chip(labelFor(v), className)); });
    if (!ul.childNodes.length) ul.appendChild(chip(T.t("common.none"), "muted"));
    return ul;
  }

  function definitions(pairs) {
    var dl = T.el("dl", "facts");
    pairs.forEach(function (pair) {
      dl.appendChild(T.el("dt", null, pair[0]));
      dl.appendChild(T.el("dd", null, pair[1]));
    });
    return dl;
  }

  function section(parent, title, content) {
    var box = T.el("section", "handoff-section");
    box.appendChild(T.el("h3", null, title));
    box.appendChild(content);
    parent.appendChild(box);
  }

  function languageName(code) {
    return code ? T.label("common.language_names", code) : "–";
  }

  function ws(key) {
    return T.t("workspace." + key);
  }

  // Fills `body` with conversation `c`'s packet; `empty` says why there is none.
  function render(body, empty, c) {
    T.clear(body);
    var h = c && c.handoff;
    empty.hidden = !!h;
    if (!h) {
      empty.textContent = ws(c ? "no_handoff" : "select_prompt");
      return;
    }
    var customer = c.customer || {};
    section(body, ws("customer"), definitions([
      [ws("customer"), customer.name || "–"],
      [T.label("entities", "email"), customer.email || "–"],
      [ws("priority"), String(h.priority !== undefined ? h.priority : "–")],
      [ws("language"), languageName(h.language || c.language)],
    ]));
    section(body, ws("reasons"), chipList(h.reasons, function (r) { return T.label("reasons", r); }, "reason"));
    section(body, ws("intents"), chipList(h.intents, function (i) { return String(i).replace(/_/g, " "); }));
    if (h.summary) section(body, ws("summary"), T.el("p", "summary", h.summary));

    var entities = (h.entities || []).map(function (e) {
      var shown = e.text && e.value && e.text !== e.value ? e.text + " (" + e.value + ")" : e.text || e.value;
      return [T.label("entities", e.kind), shown];
    });
    section(body, ws("entities"), entities.length ? definitions(entities) : T.el("p", "muted", T.t("common.none")));

    var tried = T.el("ul", "tried");
    (h.ai_tried || []).forEach(function (line) { tried.appendChild(T.el("li", null, line)); });
    if (!tried.childNodes.length) tried.appendChild(T.el("li", "muted", T.t("common.none")));
    section(body, ws("ai_tried"), tried);

    var trail = (h.sentiment_trail || []).map(Number);
    if (trail.length) {
      var label = T.t("workspace.sentiment_label", { n: trail.length, last: trail[trail.length - 1].toFixed(2) });
      var figure = T.el("div", "sentiment");
      figure.appendChild(T.charts.sparkline(trail, label));
      figure.appendChild(T.el("span", "muted", label));
      section(body, ws("sentiment"), figure);
    }

    (h.facts || []).forEach(function (fact) {
      var fields = fact.fields || {};
      var pairs = Object.keys(fields).map(function (k) { return [k.replace(/_/g, " "), String(fields[k])]; });
      section(body, ws("facts") + " — " + fact.source, definitions(pairs));
    });
  }

  T.handoff = { render: render, chip: chip };
})();
