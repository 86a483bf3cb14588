// The supervisor dashboard: live tiles, escalations by reason, agents and queue tables, the models (models.js).
// Refreshes on every WebSocket event (debounced) and every 5 seconds. The review queue of what the AI learns
// (review.js) refreshes when a lesson is proposed, and every 30 seconds in case an event was missed.
(function () {
  "use strict";
  var T = window.Tandem;
  var $ = function (id) { return document.getElementById(id); };
  var session = null;
  var token = function () { return session.token; };

  // What a learning section says after an action, or why it failed.
  function reporter(prefix) {
    return {
      done: function (text) {
        $(prefix + "-error").hidden = true;
        $(prefix + "-notice").textContent = text;
      },
      fail: function (err) {
        if (T.auth.handle(err)) return;
        $(prefix + "-notice").textContent = "";
        var line = $(prefix + "-error");
        line.textContent = T.t("common.error", { detail: err.message });
        line.hidden = false;
      },
    };
  }
  var reviewSays = reporter("review");
  var modelsSays = reporter("models");
  var review = T.review.queue({ token: token, done: reviewSays.done, fail: reviewSays.fail });
  var models = T.models.section({ token: token, done: modelsSays.done, fail: modelsSays.fail });

  function tile(key, value, sub) {
    var node = $("tile-" + key);
    node.querySelector("[data-value]").textContent = value;
    node.querySelector("[data-sub]").textContent = sub || "";
  }

  function percent(x) {
    return Math.round((Number(x) || 0) * 100) + " %";
  }

  function renderMetrics(m) {
    tile("queue_length", String(m.queue_length));
    tile("wait", T.duration(m.wait_seconds && m.wait_seconds.avg) + " / " + T.duration(m.wait_seconds && m.wait_seconds.max));
    tile("asa", T.duration(m.asa_seconds));
    // null until a customer has talked to the AI.
    tile("containment", m.containment_rate === null || m.containment_rate === undefined ? "–" : percent(m.containment_rate));
    var csat = m.csat || {};
    tile("csat", csat.average === null || csat.average === undefined ? "–" : Number(csat.average).toFixed(1) + " / 5",
      csat.count ? T.t(csat.count === 1 ? "dashboard.csat_count_one" : "dashboard.csat_count", { n: csat.count })
        : T.t("dashboard.csat_none"));
    tile("conversations", String(m.conversations));
    var a = m.agents_by_status || {};
    tile("agents", [a.available || 0, a["break"] || 0, a.offline || 0].join(" / "));

    var entries = Object.keys(m.escalations_by_reason || {}).map(function (r) {
      return [T.label("reasons", r), m.escalations_by_reason[r]];
    }).sort(function (x, y) { return y[1] - x[1]; });
    var chart = $("escalations-chart");
    T.clear(chart);
    $("escalations-empty").hidden = entries.length > 0;
    if (entries.length) chart.appendChild(T.charts.bars(entries, T.t("dashboard.escalations")));
  }

  function cell(row, text, className) {
    var td = T.el("td", className, text);
    row.appendChild(td);
    return td;
  }

  function badge(status, text) {
    var span = T.el("span", "badge status-" + status, text);
    return span;
  }

  function hours(minutes) {
    var m = Math.max(0, Math.round(Number(minutes) || 0));
    var rest = m % 60;
    return T.t("wellbeing.hours", { h: Math.floor(m / 60), m: rest < 10 ? "0" + rest : String(rest) });
  }

  function alertChips(codes) {
    var ul = T.el("ul", "chips");
    (codes || []).forEach(function (code) {
      var chip = T.el("li", "chip alert", T.label("wellbeing.alerts", code));
      chip.setAttribute("data-alert", code);
      ul.appendChild(chip);
    });
    return ul;
  }

  // Why the router left a conversation waiting: the stage that stopped it, then "code:count" per agent veto.
  function waitingFor(reasons) {
    return (reasons || []).map(function (r) {
      var parts = String(r).split(":");
      var label = T.label("wellbeing.waiting", parts[0]);
      return parts.length > 1 ? label + " ×" + parts[1] : label;
    }).join(", ");
  }

  function renderAgents(agents) {
    var body = $("agents-table").querySelector("tbody");
    T.clear(body);
    agents.forEach(function (agent) {
      var row = T.el("tr");
      row.setAttribute("data-username", agent.username);
      var who = cell(row, agent.display_name || agent.username);
      who.appendChild(T.el("span", "muted username", agent.username));
      cell(row, "").appendChild(badge(agent.status, T.label("agent_status", agent.status)));
      var active = Number(agent.active) || 0;
      // Load and a low check-in may lower what the agent is given at once.
      var capacity = Number(typeof agent.effective_capacity === "number" ? agent.effective_capacity : agent.capacity) || 0;
      var load = cell(row, "", "load");
      var meter = T.el("span", "meter");
      meter.setAttribute("role", "img");
      meter.setAttribute("aria-label", active + " / " + capacity);
      var fill = T.el("span", "meter-fill" + (capacity && active >= capacity ? " full" : ""));
      fill.style.width = (capacity ? Math.min(100, (100 * active) / capacity) : 0) + "%";
      meter.appendChild(fill);
      load.appendChild(meter);
      load.appendChild(T.el("span", "meter-text", active + " / " + capacity));
      var level = agent.load_level || "normal";
      cell(row, Number(agent.load || 0).toFixed(1) + " (" + T.label("wellbeing.levels", level) + ")", "level-" + level);
      cell(row, (agent.hard_today || 0) + " · " + Math.round((Number(agent.hard_share) || 0) * 100) + " %");
      var occupancy = Number(agent.occupancy_last_hour) || 0;  // the router keeps it at or under 85 %
      cell(row, Math.round(occupancy * 100) + " %", occupancy > 0.85 ? "level-very_high" : "");
      cell(row, hours(agent.worked_minutes_today));
      var breaks = cell(row, String(agent.breaks_taken_today || 0));
      if (agent.break_due) breaks.appendChild(T.el("span", "break-due", " · " + T.t("dashboard.break_due")));
      cell(row, "").appendChild(alertChips(agent.alerts));
      cell(row, (agent.skills || []).map(function (s) { return T.label("domains", s); }).join(", "));
      cell(row, (agent.languages || []).join(", ").toUpperCase());
      body.appendChild(row);
    });
  }

  function renderQueue(items) {
    var body = $("queue-table").querySelector("tbody");
    T.clear(body);
    items.forEach(function (item) {
      var row = T.el("tr");
      cell(row, String(item.id).slice(0, 8), "mono");
      cell(row, T.label("domains", item.domain));
      cell(row, item.language ? String(item.language).toUpperCase() : "–");
      cell(row, String(item.priority));
      cell(row, T.duration(item.waited_seconds));
      cell(row, (item.reasons || []).map(function (r) { return T.label("reasons", r); }).join(", "));
      cell(row, waitingFor(item.waiting_for));
      body.appendChild(row);
    });
    $("queue-empty").hidden = items.length > 0;
  }

  var loading = false;

  async function refresh() {
    if (loading || !session) return;
    loading = true;
    try {
      var options = { token: session.token };
      var results = await Promise.all([
        T.request("/api/v1/metrics/summary", options),
        T.request("/api/v1/agents", options),
        T.request("/api/v1/queue", options),
      ]);
      renderMetrics(results[0]);
      renderAgents(results[1]);
      renderQueue(results[2]);
      models.refresh();
      $("updated").textContent = T.t("dashboard.updated", { time: new Date().toLocaleTimeString(T.lang) });
      $("dashboard").setAttribute("data-ready", "true");
    } catch (err) {
      if (!T.auth.handle(err)) $("updated").textContent = T.t("common.error", { detail: err.message });
    } finally {
      loading = false;
    }
  }

  function setLive(up) {
    var node = $("live");
    node.setAttribute("data-live", String(up));
    node.textContent = T.t(up ? "common.live" : "common.offline");
  }

  T.auth.start({
    role: "supervisor",
    onReady: function (s) {
      session = s;
      $("dashboard").hidden = false;
      T.request("/api/v1/agents/me", { token: s.token })
        .then(function (me) { $("me-name").textContent = me.display_name || me.username; })
        .catch(function () { /* the dashboard does not need it */ });
      refresh();
      review.refresh();
      var soon = T.debounce(refresh, 300);
      T.live({
        token: s.token,
        onEvent: function (event) {
          if (event.type === "candidates") review.refresh();
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
})();
