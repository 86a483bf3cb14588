// The agent workspace: own status, the live queue, assigned conversations, the selected conversation's messages
// (its handoff packet: handoff.js; suggestions: assist.js; what resolving teaches the AI: lesson.js), replying and
// the resolve / hand back / transfer actions.
(function () {
  "use strict";
  var T = window.Tandem;
  var $ = function (id) { return document.getElementById(id); };

  var session = null;
  var me = null;
  var conversations = []; // as GET /agents/me/conversations returns them
  var unread = new Set();
  var selectedId = null;
  var list = new T.MessageList($("agent-messages"), function (author) { return T.label("workspace.author", author); },
    null, { reveal: reveal, revealLabel: T.t("workspace.reveal") });
  var token = function () { return session.token; };
  var assist = T.assist.panel({ token: token, insert: insert, fail: fail });
  var lesson = T.lesson.form({ token: token, fail: fail });

  // A masked message as the customer wrote it: asked for on purpose, and logged by the server.
  async function reveal(messageId) {
    var id = selectedId;
    try {
      var shown = await T.request("/api/v1/conversations/" + encodeURIComponent(id) + "/messages/" +
        encodeURIComponent(messageId) + "/reveal", { token: session.token, method: "POST" });
      return shown.text;
    } catch (err) {
      fail(err);
      throw err;
    }
  }

  function find(id) {
    return conversations.find(function (c) { return c.id === id; }) || null;
  }

  function fail(err) {
    if (T.auth.handle(err)) return;
    var line = $("action-error");
    line.textContent = T.t("common.error", { detail: err.message });
    line.hidden = false;
  }

  function say(text) {
    $("action-error").hidden = true;
    $("action-notice").textContent = text || "";
  }

  function languageName(code) {
    return code ? T.label("common.language_names", code) : "–";
  }

  // ---- me and my status ----

  function renderMe() {
    $("me-name").textContent = me.display_name || me.username;
    document.querySelectorAll("input[name=agent-status]").forEach(function (radio) {
      radio.checked = radio.value === me.status;
    });
    $("status-switch").setAttribute("data-status", me.status);
    $("status-switch").disabled = false;
    var active = typeof me.active === "number" ? me.active : conversations.filter(function (c) { return c.status === "assigned"; }).length;
    var capacity = typeof me.effective_capacity === "number" ? me.effective_capacity : me.capacity;
    $("me-load").textContent = T.t("workspace.load", { active: active, capacity: capacity });
    renderWellbeing();
  }

  function hours(minutes) {
    var m = Math.max(0, Math.round(Number(minutes) || 0));
    var rest = m % 60;
    return T.t("wellbeing.hours", { h: Math.floor(m / 60), m: rest < 10 ? "0" + rest : String(rest) });
  }

  // The agent's own load, hours and break, as the router sees them.
  function renderWellbeing() {
    var level = me.load_level || "normal";
    var stress = $("me-stress");
    stress.setAttribute("data-level", level);
    stress.textContent = T.t("workspace.wellbeing_load", {
      value: Number(me.load || 0).toFixed(1),
      level: T.label("wellbeing.levels", level),
    });
    $("me-hours").textContent = T.t("workspace.worked", {
      today: hours(me.worked_minutes_today),
      week: hours(me.worked_minutes_week),
    });
    $("me-breaks").textContent = T.t("workspace.breaks_taken", { n: me.breaks_taken_today || 0 });
    var line = $("me-break");
    line.setAttribute("data-due", String(!!me.break_due));
    if (me.status === "break") line.textContent = T.t("workspace.on_break");
    else if (me.break_due_at) line.textContent = T.t("workspace.break_due_at", { time: T.time(me.break_due_at) });
    else line.textContent = "";
    $("break-banner").hidden = !me.break_due;
    var cooling = $("me-cooldown");
    cooling.hidden = !me.cooling_down_until;
    cooling.textContent = me.cooling_down_until ? T.t("workspace.cooling_down", { time: T.time(me.cooling_down_until) }) : "";
    var mine = $("me-checkin");
    mine.hidden = !me.check_in;
    mine.textContent = me.check_in ? T.t("workspace.my_check_in", { score: me.check_in }) : "";
  }

  // ---- how are you doing? (at the start of the day, after a hard conversation; always skippable) ----

  function askCheckIn() {
    $("checkin").hidden = false;
  }

  document.querySelectorAll(".checkin-score").forEach(function (button) {
    button.addEventListener("click", async function () {
      try {
        me = await T.request("/api/v1/agents/me/checkin", {
          token: session.token,
          body: { score: Number(button.getAttribute("data-score")) },
        });
        $("checkin").hidden = true;
        say(T.t("workspace.checkin_thanks"));
        renderMe();
      } catch (err) {
        fail(err);
      }
    });
  });

  $("checkin-skip").addEventListener("click", function () { $("checkin").hidden = true; });

  async function loadMe() {
    me = await T.request("/api/v1/agents/me", { token: session.token });
    renderMe();
  }

  $("status-switch").addEventListener("change", async function (event) {
    var previous = me.status;
    try {
      me = await T.request("/api/v1/agents/me/status", { token: session.token, body: { status: event.target.value } });
      renderMe();
      if (me.ask_check_in) askCheckIn();
      loadConversations().catch(fail);
    } catch (err) {
      me.status = previous;
      renderMe();
      fail(err);
    }
  });

  // ---- queue ----

  async function loadQueue() {
    var items = await T.request("/api/v1/queue", { token: session.token });
    var ul = $("queue-list");
    T.clear(ul);
    items.forEach(function (item) {
      var li = T.el("li", "queue-item");
      li.appendChild(T.el("span", "queue-line", T.t("workspace.queue_item", {
        domain: T.label("domains", item.domain),
        language: languageName(item.language),
        priority: item.priority,
        waited: T.duration(item.waited_seconds),
      })));
      var reasons = T.el("ul", "chips");
      (item.reasons || []).forEach(function (r) { reasons.appendChild(T.handoff.chip(T.label("reasons", r), "reason")); });
      li.appendChild(reasons);
      ul.appendChild(li);
    });
    $("queue-count").textContent = String(items.length);
    $("queue-empty").hidden = items.length > 0;
  }

  // ---- conversation list ----

  function renderList() {
    var ul = $("conversation-list");
    T.clear(ul);
    conversations.forEach(function (c) {
      var li = T.el("li");
      var button = T.el("button", "conversation-item");
      button.type = "button";
      button.setAttribute("data-id", c.id);
      button.setAttribute("data-status", c.status);
      if (c.id === selectedId) button.setAttribute("aria-current", "true");
      var name = T.el("span", "conversation-name", (c.customer && c.customer.name) || c.id);
      button.appendChild(name);
      if (unread.has(c.id)) {
        var dot = T.el("span", "unread-dot");
        dot.setAttribute("aria-label", T.t("workspace.unread"));
        dot.setAttribute("role", "img");
        button.appendChild(dot);
      }
      button.appendChild(T.el("span", "conversation-meta",
        T.label("domains", c.domain) + " · " + languageName(c.language) + " · " + T.label("status", c.status)));
      button.addEventListener("click", function () { select(c.id); });
      li.appendChild(button);
      ul.appendChild(li);
    });
    $("conversations-empty").hidden = conversations.length > 0;
  }

  async function loadConversations() {
    conversations = await T.request("/api/v1/agents/me/conversations", { token: session.token });
    renderList();
    if (me) renderMe();
    if (selectedId && !find(selectedId)) showThread(null);
    else if (selectedId) showThread(selectedId);
    else if (conversations.length === 1) select(conversations[0].id);
  }

  function select(id) {
    unread.delete(id);
    say("");
    if (id !== selectedId) list.clear();
    selectedId = id;
    renderList();
    showThread(id);
    $("reply-input").focus();
  }

  // ---- the selected conversation ----

  function showThread(id) {
    var c = id ? find(id) : null;
    $("thread-empty").hidden = !!c;
    $("thread-view").hidden = !c;
    if (!c) {
      selectedId = null;
      list.clear();
      T.handoff.render($("handoff-body"), $("handoff-empty"), null);
      assist.show(null);
      lesson.show(null);
      return;
    }
    $("thread-title").textContent = (c.customer && c.customer.name) || c.id;
    $("thread-meta").textContent = [
      c.customer && c.customer.email,
      T.label("domains", c.domain),
      languageName(c.language),
      T.label("status", c.status),
    ].filter(Boolean).join(" · ");
    (c.messages || []).forEach(function (m) { list.add(m); });
    var open = c.status === "assigned";
    ["resolve", "handback", "end-abuse"].forEach(function (b) { $(b).disabled = !open; });
    $("transfer-form").querySelector("button").disabled = !open;
    T.handoff.render($("handoff-body"), $("handoff-empty"), c);
    assist.show(c);
    lesson.show(c);
  }

  // A suggested reply goes into the reply box where the cursor is, to be edited and sent by the agent.
  function insert(text) {
    var input = $("reply-input");
    input.focus();
    input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
    say(T.t("workspace.assist.inserted"));
  }

  // ---- replying and actions ----

  $("reply-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    var input = $("reply-input");
    var text = input.value.trim();
    if (!text || !selectedId) return;
    var id = selectedId;
    input.value = "";
    var mine = list.addPending("agent", text);
    try {
      var result = await T.request("/api/v1/conversations/" + encodeURIComponent(id) + "/messages", {
        token: session.token,
        body: { text: text, client_message_id: T.uuid() },
      });
      if (selectedId === id) list.add(result.message);
      remember(id, result.message);
      if (selectedId === id) lesson.show(find(id));
      say("");
    } catch (err) {
      list.remove(mine);
      input.value = text;
      fail(err);
    }
  });

  $("reply-input").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("reply-form").requestSubmit();
    }
  });

  async function act(action, body, done) {
    if (!selectedId) return;
    try {
      await T.request("/api/v1/conversations/" + encodeURIComponent(selectedId) + "/" + action, {
        token: session.token,
        body: body || {},
      });
      say(T.t("workspace." + done));
      await Promise.all([loadConversations(), loadQueue(), loadMe()]);
    } catch (err) {
      fail(err);
    }
  }

  $("resolve").addEventListener("click", function () {
    var problem = lesson.problem();
    if (problem) return fail(new Error(problem));
    act("resolve", lesson.body(), lesson.proposes() ? "teach.confirm" : "confirm_resolve");
  });
  $("handback").addEventListener("click", function () { act("handback", null, "confirm_handback"); });
  $("end-abuse").addEventListener("click", function () { act("end", { reason: "abuse" }, "confirm_end"); });
  $("transfer-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var language = $("transfer-language").value || null;
    act("transfer", { domain: $("transfer-domain").value, language: language }, "confirm_transfer");
  });

  // ---- live updates ----

  function remember(id, message) {
    var c = find(id);
    if (!c || !message) return;
    c.messages = c.messages || [];
    if (!c.messages.some(function (m) { return String(m.id) === String(message.id); })) c.messages.push(message);
  }

  var reloadConversations = T.debounce(function () { loadConversations().catch(fail); }, 200);
  var reloadQueue = T.debounce(function () { loadQueue().catch(fail); }, 200);
  var reloadMe = T.debounce(function () { loadMe().catch(fail); }, 200);

  function onEvent(event) {
    if (event.type === "message" && event.message) {
      var c = find(event.conversation_id);
      if (!c) return reloadConversations();
      remember(c.id, event.message);
      if (c.id === selectedId) {
        list.add(event.message);
        assist.show(c);
        lesson.show(c);
      } else if (event.message.author === "customer") {
        unread.add(c.id);
        renderList();
      }
    } else if (event.type === "status") {
      var known = find(event.conversation_id);
      if (known) known.status = event.status;
      reloadConversations();
      reloadQueue();
    } else if (event.type === "assigned") {
      if (event.conversation_id && event.conversation_id !== selectedId) unread.add(event.conversation_id);
      reloadConversations();
      reloadQueue();
      reloadMe();
    } else if (event.type === "queue") {
      $("queue-count").textContent = String(event.length);
      reloadQueue();
    } else if (event.type === "agents" || event.type === "wellbeing") {
      reloadMe();
    } else if (event.type === "check_in") {
      askCheckIn();
    }
  }

  function refreshAll() {
    return Promise.all([loadMe(), loadConversations(), loadQueue()]).catch(fail);
  }

  function setLive(up) {
    var badge = $("live");
    badge.setAttribute("data-live", String(up));
    badge.textContent = T.t(up ? "common.live" : "common.offline");
  }

  T.auth.start({
    role: null,
    onReady: async function (s) {
      session = s;
      $("workspace").hidden = false;
      try {
        await loadMe();
      } catch (err) {
        fail(err);
        return;
      }
      await refreshAll();
      $("workspace").setAttribute("data-ready", "true");
      T.live({ token: session.token, onEvent: onEvent, poll: refreshAll, onState: setLive });
      // Waiting times move on even when nothing happens.
      setInterval(function () { loadQueue().catch(fail); }, 10000);
    },
  });
})();
