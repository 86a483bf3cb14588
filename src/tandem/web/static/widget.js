// The customer chat widget: starts a conversation on the first message, keeps it per domain in sessionStorage
// (a reload continues it), shows AI / agent / system messages live, the status line and the CSAT buttons.
(function () {
  "use strict";
  var T = window.Tandem;
  var $ = function (id) { return document.getElementById(id); };

  var root = $("widget");
  var domain = root.getAttribute("data-domain");
  var lang = root.getAttribute("data-lang");
  var key = "tandem.conversation." + domain;
  var form = $("widget-form");
  var input = $("widget-input");
  var statusLine = $("widget-status");
  var identity = $("widget-identity");
  var csatBox = $("widget-csat");
  var notice = $("widget-notice");
  var errorLine = $("widget-error");
  var newButton = $("widget-new");
  var list = new T.MessageList(
    $("widget-messages"),
    function (author) { return T.label("widget.author", author); },
    $("widget-scroll")
  );

  var conversation = T.store.get(key); // {id, token, csat}
  var status = "bot";
  var queue = null;
  var connection = null;
  // Messages go out one after another, in the order typed: the reply to one can arrive over the live
  // connection before its POST returns, and a customer who types on meanwhile must not be ignored.
  var outbox = Promise.resolve();

  function path(suffix) {
    return "/api/v1/conversations/" + encodeURIComponent(conversation.id) + suffix;
  }

  function showError(text) {
    errorLine.textContent = text || "";
    errorLine.hidden = !text;
  }

  function render() {
    var text;
    if (status === "queued" && queue && queue.position) {
      var known = queue.wait_seconds !== null && queue.wait_seconds !== undefined;
      var minutes = Math.max(1, Math.ceil((Number(queue.wait_seconds) || 0) / 60));
      text = T.t(known ? "widget.status_queued" : "widget.status_queued_position", {
        position: queue.position,
        minutes: minutes,
      });
    } else {
      text = T.t(status === "queued" ? "widget.status_queued_unknown" : "widget.status_" + status);
    }
    statusLine.textContent = text;
    statusLine.setAttribute("data-status", status);
    var rated = conversation && conversation.csat;
    csatBox.hidden = status !== "resolved" || !!rated;
    notice.hidden = !(status === "resolved" && rated);
    if (rated) notice.textContent = T.t("widget.csat_thanks", { score: rated });
    newButton.hidden = status !== "resolved";
    form.hidden = status === "resolved"; // a closed conversation is rated, then a new one starts
    identity.hidden = !!conversation;
  }

  function setStatus(next, nextQueue) {
    if (next) status = next;
    queue = status === "queued" ? nextQueue || queue : null;
    render();
  }

  async function refresh() {
    if (!conversation) return;
    try {
      var data = await T.request(path("/messages"), { token: conversation.token });
      (data.messages || []).forEach(function (m) { list.add(m); });
      setStatus(data.status, data.queue || null);
    } catch (err) {
      // The conversation is gone (server reset) or the token no longer works: start afresh on the next message.
      if (err.status === 401 || err.status === 403 || err.status === 404) forget();
    }
  }

  function onEvent(event) {
    if (!conversation || (event.conversation_id && event.conversation_id !== conversation.id)) return;
    if (event.type === "message" && event.message) list.add(event.message);
    else if (event.type === "status") {
      setStatus(event.status, event.queue || null);
      if (event.status === "queued" && !event.queue) refresh(); // the position, when the event has none
    }
    else if (event.type === "assigned") setStatus("assigned", null);
  }

  function connect() {
    if (connection) connection.stop();
    connection = T.live({ token: conversation.token, onEvent: onEvent, poll: refresh });
  }

  function forget() {
    if (connection) connection.stop();
    connection = null;
    conversation = null;
    T.store.remove(key);
    list.clear();
    status = "bot";
    queue = null;
    showError("");
    render();
  }

  async function start() {
    var name = $("widget-name").value.trim() || T.t("widget.default_name");
    var email = $("widget-email").value.trim() || null;
    try {
      var created = await T.request("/api/v1/conversations", {
        body: { domain: domain, language: lang, customer: { name: name, email: email } },
      });
      conversation = { id: created.id, token: created.token };
    } catch (err) {
      throw new T.ApiError(err.status, T.t("widget.start_failed", { detail: err.message }));
    }
    T.store.set(key, conversation);
    render();
    connect();
  }

  async function send(text, mine) {
    try {
      if (!conversation) await start();
      var result = await T.request(path("/messages"), {
        token: conversation.token,
        body: { text: text, client_message_id: T.uuid() },
      });
      list.add(result.message);
      (result.replies || []).forEach(function (reply) { list.addReply(reply.author, reply.text, mine); });
      setStatus(result.status, null);
      // The POST answer carries no queue position, and replies come without ids: one GET settles both.
      refresh();
    } catch (err) {
      list.remove(mine);
      if (!input.value) input.value = text;
      showError(err.status === 0 || !conversation ? err.message : T.t("widget.send_failed", { detail: err.message }));
    }
  }

  function enqueue(text) {
    showError("");
    input.value = "";
    var mine = list.addPending("customer", text);
    outbox = outbox.then(function () { return send(text, mine); });
    input.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) enqueue(text);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  csatBox.addEventListener("click", async function (event) {
    var button = event.target.closest("button[data-score]");
    if (!button || !conversation) return;
    var score = Number(button.getAttribute("data-score"));
    showError("");
    try {
      var result = await T.request(path("/csat"), { token: conversation.token, body: { score: score } });
      conversation.csat = result && result.csat ? result.csat : score;
      T.store.set(key, conversation);
      render();
    } catch (err) {
      showError(T.t("common.error", { detail: err.message }));
    }
  });

  newButton.addEventListener("click", function () {
    forget();
    input.focus();
  });

  function setOpen(open) {
    var toggle = $("widget-toggle");
    toggle.setAttribute("aria-expanded", String(open));
    toggle.setAttribute("aria-label", toggle.getAttribute(open ? "data-close-label" : "data-open-label"));
    toggle.firstElementChild.textContent = open ? "\u2013" : "+";
    $("widget-body").hidden = !open;
    root.classList.toggle("widget-minimised", !open);
  }

  $("widget-toggle").addEventListener("click", function () {
    var open = this.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open) input.focus();
  });

  render();
  // On a phone the open widget would hide the shop: it starts closed there, unless a conversation is going on.
  if (!conversation && window.matchMedia("(max-width: 640px)").matches) setOpen(false);
  if (conversation) {
    refresh();
    connect();
  }
})();
