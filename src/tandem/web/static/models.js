// The supervisor's "Models" section: per served domain, the intent model versions (which one answers, their
// held-out score, answer threshold, how many learned items they hold and how many intents are on probation), a
// training indicator, Retrain and Roll back. Every value is text.
(function () {
  "use strict";
  var T = window.Tandem;
  var $ = function (id) { return document.getElementById(id); };

  function fixed(value, digits) {
    return typeof value === "number" && isFinite(value) ? value.toFixed(digits) : "–";
  }

  function when(iso) {
    var date = iso ? new Date(iso) : null;
    if (!date || isNaN(date.getTime())) return "–";
    return date.toLocaleDateString(T.lang) + " " + T.time(iso);
  }

  // section({token(), fail(err), done(text)}) -> {refresh()}
  function section(options) {
    var root = $("models");
    var domains = (root.getAttribute("data-domains") || "").split(/\s+/).filter(Boolean);
    var served = null; // the domains this server serves, found out on the first refresh
    var blocks = {};
    var loading = null;

    function block(domain) {
      if (blocks[domain]) return blocks[domain];
      var box = T.el("div", "model-domain");
      box.setAttribute("data-domain", domain);
      var head = T.el("div", "model-head");
      head.appendChild(T.el("h3", null, T.label("domains", domain)));
      var serving = T.el("span", "model-serving");
      var training = T.el("span", "model-training", T.t("dashboard.models.training"));
      training.setAttribute("role", "status");
      var retrain = T.el("button", "button small model-retrain", T.t("dashboard.models.retrain"));
      var rollback = T.el("button", "button small model-rollback", T.t("dashboard.models.rollback"));
      retrain.type = rollback.type = "button";
      [serving, training, retrain, rollback].forEach(function (node) { head.appendChild(node); });
      box.appendChild(head);
      var wrap = T.el("div", "table-wrap");
      var table = T.el("table", "table model-versions");
      var headRow = T.el("tr");
      ["version", "status", "created", "score", "threshold", "learned", "probation"].forEach(function (key) {
        var th = T.el("th", null, T.t("dashboard.models." + key));
        th.scope = "col";
        headRow.appendChild(th);
      });
      table.appendChild(T.el("thead")).appendChild(headRow);
      var body = table.appendChild(T.el("tbody"));
      wrap.appendChild(table);
      box.appendChild(wrap);
      var empty = box.appendChild(T.el("p", "empty", T.t("dashboard.models.empty")));
      $("models-list").appendChild(box);

      retrain.addEventListener("click", function () {
        act(domain, "train", retrain, function () { return T.t("dashboard.models.retrain_started"); });
      });
      rollback.addEventListener("click", function () {
        act(domain, "rollback", rollback, function (v) { return T.t("dashboard.models.rolled_back", { id: v.id }); });
      });
      blocks[domain] = { box: box, serving: serving, training: training, retrain: retrain, rollback: rollback, body: body, empty: empty };
      return blocks[domain];
    }

    async function act(domain, action, button, said) {
      button.disabled = true;
      try {
        var result = await T.request("/api/v1/models/" + encodeURIComponent(domain) + "/" + action, {
          token: options.token(),
          method: "POST",
        });
        options.done(said(result));
      } catch (err) {
        options.fail(err);
      } finally {
        button.disabled = false;
        refresh();
      }
    }

    function row(version, serving) {
      var tr = T.el("tr");
      tr.setAttribute("data-version", String(version.id));
      tr.setAttribute("data-status", version.status);
      if (version.id === serving) tr.setAttribute("aria-current", "true");
      tr.appendChild(T.el("td", "mono", String(version.id)));
      var status = tr.appendChild(T.el("td"));
      status.appendChild(T.el("span", "badge model-status-" + version.status, T.label("dashboard.models.statuses", version.status)));
      tr.appendChild(T.el("td", null, when(version.promoted_at || version.created_at)));
      tr.appendChild(T.el("td", null, fixed((version.metrics || {}).score, 4)));
      tr.appendChild(T.el("td", null, fixed((version.calibration || {}).answer, 2)));
      tr.appendChild(T.el("td", null, String(((version.data || {}).learned_ids || []).length)));
      // Intents the version may not answer on its own yet; versions older than probation record none.
      var probation = (version.data || {}).probation;
      var held = tr.appendChild(T.el("td", "model-probation", Array.isArray(probation) ? String(probation.length) : "–"));
      if (Array.isArray(probation) && probation.length) held.title = probation.join(", ");
      return tr;
    }

    function render(view) {
      var b = block(view.domain);
      var versions = view.versions || [];
      b.box.setAttribute("data-training", String(!!view.training));
      b.box.setAttribute("data-serving", view.serving === null || view.serving === undefined ? "" : String(view.serving));
      b.serving.textContent = view.serving === null || view.serving === undefined
        ? T.t("dashboard.models.serving_none") : T.t("dashboard.models.serving", { id: view.serving });
      b.training.hidden = !view.training;
      b.retrain.disabled = !!view.training;
      var active = versions.find(function (v) { return v.status === "active"; });
      b.rollback.disabled = !active || !versions.some(function (v) { return v.status === "retired" && v.id < active.id; });
      T.clear(b.body);
      versions.forEach(function (v) { b.body.appendChild(row(v, view.serving)); });
      b.empty.hidden = versions.length > 0;
    }

    function get(domain) {
      return T.request("/api/v1/models/" + encodeURIComponent(domain), { token: options.token() });
    }

    // The page lists every domain Tandem knows; a server serves some of them (the others answer 422).
    async function discover() {
      var found = await Promise.all(domains.map(function (domain) {
        return get(domain).then(function (view) { return view; }, function (err) {
          if (err.status === 422) return null;
          throw err;
        });
      }));
      served = [];
      found.forEach(function (view) {
        if (!view) return;
        served.push(view.domain);
        render(view);
      });
    }

    async function load() {
      if (served === null) return discover();
      var views = await Promise.all(served.map(get));
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

  T.models = { section: section };
})();
