// @ts-check
// The agent workspace: own status, the live queue, assigned conversations, the selected conversation's messages
// (its handoff packet: handoff.js; suggestions: assist.js; what resolving teaches the AI: lesson.js), replying and
// the resolve / hand back / transfer actions. The page's entry module.
import * as T from "./i18n.js";
import { $, clear, debounce, decimal, duration, el, live, request, time, uuid } from "./api.js";
import { MessageList } from "./messages.js";
import * as handoff from "./handoff.js";
import { assistPanel } from "./assist.js";
import { lessonForm } from "./lesson.js";
import * as auth from "./auth.js";

/** @import { Agent, Conversation, Failure, LiveEvent, Message, Posted, QueueItem } from "./api.js" */
/** @import { Session } from "./auth.js" */

/** @type {Session | null} */
let session = null;
/** @type {Agent | null} */
let me = null;
/** @type {Conversation[]} as GET /agents/me/conversations returns them */
let conversations = [];
/** @type {Set<string>} */
const unread = new Set();
/** @type {string | null} */
let selectedId = null;
// The conversation the page was opened on (?conversation=ID: a supervisor's take-over), selected on first load.
/** @type {string | null} */
let opening = new URLSearchParams(window.location.search).get("conversation");
const list = new MessageList($("agent-messages"), function (author) { return T.label("workspace.author", author); },
  null, { reveal: reveal, revealLabel: T.t("workspace.reveal") });
/** The signed-in agent's token: everything below that calls the server runs once signed in. */
const token = function () {
  if (!session) throw new Error("not signed in");
  return session.token;
};
const assist = assistPanel({ token: token, insert: insert, fail: fail });
const lesson = lessonForm({ token: token, fail: fail });

/**
 * A masked message as the customer wrote it: asked for on purpose, and logged by the server.
 * @param {string} messageId
 * @returns {Promise<string>}
 */
async function reveal(messageId) {
  const id = selectedId;
  try {
    const shown = /** @type {{id: number, text: string}} */ (await request("/api/v1/conversations/" +
      encodeURIComponent(String(id)) + "/messages/" + encodeURIComponent(messageId) + "/reveal",
    { token: token(), method: "POST" }));
    return shown.text;
  } catch (err) {
    fail(/** @type {Failure} */ (err));
    throw err;
  }
}

/**
 * @param {string | null} id
 * @returns {Conversation | null}
 */
function find(id) {
  return conversations.find(function (c) { return c.id === id; }) || null;
}

/** @param {Failure} err */
function fail(err) {
  if (auth.handle(err)) return;
  const line = $("action-error");
  line.textContent = T.t("common.error", { detail: err.message });
  line.hidden = false;
}

/** @param {string} text */
function say(text) {
  $("action-error").hidden = true;
  $("action-notice").textContent = text || "";
}

/** @param {string | null | undefined} code */
function languageName(code) {
  return code ? T.label("common.language_names", code) : "–";
}

// ---- me and my status ----

function renderMe() {
  if (!me) return; // loaded before anything renders it
  $("me-name").textContent = me.display_name || me.username;
  const status = choosing || me.status;
  const radios = /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll("input[name=agent-status]"));
  radios.forEach(function (radio) {
    radio.checked = radio.value === status;
  });
  const statusSwitch = /** @type {HTMLFieldSetElement} */ ($("status-switch"));
  statusSwitch.setAttribute("data-status", me.status);
  statusSwitch.disabled = false;
  const active = typeof me.active === "number" ? me.active : conversations.filter(function (c) { return c.status === "assigned"; }).length;
  const capacity = typeof me.effective_capacity === "number" ? me.effective_capacity : me.capacity;
  // Below the usual capacity, say so: "Chats 3 / 2" alone reads like a mistake (a chat can be over it: one given
  // before the load rose, or one given back to a customer who waited).
  const key = capacity < me.capacity ? "workspace.load_lightened" : "workspace.load";
  $("me-load").textContent = T.t(key, { active: active, capacity: capacity, usual: me.capacity });
  renderWellbeing(me);
}

/**
 * @param {number} minutes
 * @returns {string}
 */
function hours(minutes) {
  const m = Math.max(0, Math.round(Number(minutes) || 0));
  const rest = m % 60;
  return T.t("wellbeing.hours", { h: Math.floor(m / 60), m: rest < 10 ? "0" + rest : String(rest) });
}

/**
 * The agent's own load, hours and break, as the router sees them.
 * @param {Agent} me
 */
function renderWellbeing(me) {
  const level = me.load_level || "normal";
  const stress = $("me-stress");
  stress.setAttribute("data-level", level);
  stress.textContent = T.t("workspace.wellbeing_load", {
    value: decimal(Number(me.load || 0), 1),
    level: T.label("wellbeing.levels", level),
  });
  $("me-hours").textContent = T.t("workspace.worked", {
    today: hours(me.worked_minutes_today),
    week: hours(me.worked_minutes_week),
  });
  $("me-breaks").textContent = T.t("workspace.breaks_taken", { n: me.breaks_taken_today || 0 });
  const line = $("me-break");
  line.setAttribute("data-due", String(!!me.break_due));
  if (me.status === "break") line.textContent = T.t("workspace.on_break");
  else if (me.break_due_at) line.textContent = T.t("workspace.break_due_at", { time: time(me.break_due_at) });
  else line.textContent = "";
  const banner = $("break-banner");
  banner.hidden = !me.break_due;
  // A break asked for early because nobody waits says so (docs/wellbeing.md, "Breaks taken early, in a lull").
  banner.textContent = T.t(me.break_in_lull ? "workspace.break_in_lull" : "workspace.break_due_now");
  const cooling = $("me-cooldown");
  cooling.hidden = !me.cooling_down_until;
  cooling.textContent = me.cooling_down_until ? T.t("workspace.cooling_down", { time: time(me.cooling_down_until) }) : "";
  const mine = $("me-checkin");
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
      me = /** @type {Agent} */ (await request("/api/v1/agents/me/checkin", {
        token: token(),
        body: { score: Number(button.getAttribute("data-score")) },
      }));
      $("checkin").hidden = true;
      say(T.t("workspace.checkin_thanks"));
      renderMe();
    } catch (err) {
      fail(/** @type {Failure} */ (err));
    }
  });
});

$("checkin-skip").addEventListener("click", function () { $("checkin").hidden = true; });

// A status the agent just chose, until the server has answered (a refresh meanwhile must not undo the choice on
// screen), and how many status changes were made (a refresh asked for before the last one is stale).
/** @type {string | null} */
let choosing = null;
let changes = 0;

async function loadMe() {
  const before = changes;
  const fresh = /** @type {Agent} */ (await request("/api/v1/agents/me", { token: token() }));
  if (before !== changes || choosing) return; // a status change came since: its answer is the newer
  me = fresh;
  renderMe();
}

/**
 * Whether the agent means to leave their chats: going on a break or offline puts every chat they hold back in
 * the queue, for a colleague to pick up. Asked only when they hold some.
 * @param {string} status
 * @returns {boolean}
 */
function confirmLeaving(status) {
  const held = conversations.filter(function (c) { return c.status === "assigned"; }).length;
  if (status === "available" || held === 0) return true;
  return window.confirm(T.t("workspace.confirm_leave." + status + (held === 1 ? "_one" : ""), { n: held }));
}

$("status-switch").addEventListener("change", async function (event) {
  // The switch is disabled until renderMe() has shown the agent.
  const before = /** @type {Agent} */ (me);
  const previous = before.status;
  const status = /** @type {HTMLInputElement} */ (event.target).value;
  if (!confirmLeaving(status)) {
    renderMe(); // the radio goes back to the status the agent keeps
    return;
  }
  choosing = status;
  changes += 1;
  try {
    const now = /** @type {Agent} */ (await request("/api/v1/agents/me/status", {
      token: token(),
      body: { status: status },
    }));
    choosing = null;
    me = now;
    renderMe();
    if (now.ask_check_in) askCheckIn();
    loadConversations().catch(fail);
  } catch (err) {
    choosing = null;
    /** @type {Agent} */ (me).status = previous;
    renderMe();
    fail(/** @type {Failure} */ (err));
  }
});

// ---- queue ----

async function loadQueue() {
  const items = /** @type {QueueItem[]} */ (await request("/api/v1/queue", { token: token() }));
  const ul = $("queue-list");
  clear(ul);
  items.forEach(function (item) {
    const li = el("li", "queue-item");
    li.appendChild(el("span", "queue-line", T.t("workspace.queue_item", {
      domain: T.label("domains", item.domain),
      language: languageName(item.language),
      priority: item.priority,
      waited: duration(item.waited_seconds),
    })));
    const reasons = el("ul", "chips");
    (item.reasons || []).forEach(function (r) { reasons.appendChild(handoff.chip(T.label("reasons", r), "reason")); });
    li.appendChild(reasons);
    ul.appendChild(li);
  });
  $("queue-count").textContent = String(items.length);
  $("queue-empty").hidden = items.length > 0;
}

// ---- conversation list ----

function renderList() {
  const ul = $("conversation-list");
  clear(ul);
  conversations.forEach(function (c) {
    const li = el("li");
    const button = el("button", "conversation-item");
    button.type = "button";
    button.setAttribute("data-id", c.id);
    button.setAttribute("data-status", c.status);
    if (c.id === selectedId) button.setAttribute("aria-current", "true");
    const name = el("span", "conversation-name", (c.customer && c.customer.name) || c.id);
    button.appendChild(name);
    if (unread.has(c.id)) {
      const dot = el("span", "unread-dot");
      dot.setAttribute("aria-label", T.t("workspace.unread"));
      dot.setAttribute("role", "img");
      button.appendChild(dot);
    }
    button.appendChild(el("span", "conversation-meta",
      T.label("domains", c.domain) + " · " + languageName(c.language) + " · " + T.label("status", c.status)));
    button.addEventListener("click", function () { select(c.id); });
    li.appendChild(button);
    ul.appendChild(li);
  });
  $("conversations-empty").hidden = conversations.length > 0;
}

async function loadConversations() {
  conversations = /** @type {Conversation[]} */ (await request("/api/v1/agents/me/conversations", { token: token() }));
  renderList();
  if (me) renderMe();
  if (selectedId && !find(selectedId)) showThread(null);
  else if (selectedId) showThread(selectedId);
  else if (opening && find(opening)) select(opening);
  else if (conversations.length === 1) select(conversations[0].id);
  opening = null;
}

/** @param {string} id */
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

/** @param {string | null} id */
function showThread(id) {
  const c = id ? find(id) : null;
  $("thread-empty").hidden = !!c;
  $("thread-view").hidden = !c;
  if (!c) {
    selectedId = null;
    list.clear();
    handoff.render($("handoff-body"), $("handoff-empty"), null);
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
  const open = c.status === "assigned";
  ["resolve", "handback", "end-abuse"].forEach(function (b) { /** @type {HTMLButtonElement} */ ($(b)).disabled = !open; });
  /** @type {HTMLButtonElement} */ ($("transfer-form").querySelector("button")).disabled = !open;
  handoff.render($("handoff-body"), $("handoff-empty"), c);
  assist.show(c);
  lesson.show(c);
}

/**
 * A suggested reply goes into the reply box where the cursor is, to be edited and sent by the agent.
 * @param {string} text
 */
function insert(text) {
  const input = /** @type {HTMLTextAreaElement} */ ($("reply-input"));
  input.focus();
  input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
  say(T.t("workspace.assist.inserted"));
}

// ---- replying and actions ----

$("reply-form").addEventListener("submit", async function (event) {
  event.preventDefault();
  const input = /** @type {HTMLTextAreaElement} */ ($("reply-input"));
  const text = input.value.trim();
  if (!text || !selectedId) return;
  const id = selectedId;
  input.value = "";
  const mine = list.addPending("agent", text);
  try {
    const result = /** @type {Posted} */ (await request("/api/v1/conversations/" + encodeURIComponent(id) + "/messages", {
      token: token(),
      body: { text: text, client_message_id: uuid() },
    }));
    if (selectedId === id) list.add(result.message);
    remember(id, result.message);
    if (selectedId === id) lesson.show(find(id));
    say("");
  } catch (err) {
    list.remove(mine);
    input.value = text;
    fail(/** @type {Failure} */ (err));
  }
});

$("reply-input").addEventListener("keydown", function (event) {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    /** @type {HTMLFormElement} */ ($("reply-form")).requestSubmit();
  }
});

/**
 * What the resolve answer says about the lesson: the case is closed in every case.
 * @typedef {{status: string, lesson?: string, lesson_problem?: string | null}} ResolvedOut
 */

/**
 * @param {string} action
 * @param {object | null} body
 * @param {string | ((answer: ResolvedOut) => string)} done the phrase that says it worked (or makes it of the answer)
 */
async function act(action, body, done) {
  if (!selectedId) return;
  try {
    const answer = /** @type {ResolvedOut} */ (await request("/api/v1/conversations/" + encodeURIComponent(selectedId) +
      "/" + action, { token: token(), body: body || {} }));
    say(typeof done === "function" ? done(answer) : T.t("workspace." + done));
    await Promise.all([loadConversations(), loadQueue(), loadMe()]);
  } catch (err) {
    fail(/** @type {Failure} */ (err));
  }
}

$("resolve").addEventListener("click", function () {
  const problem = lesson.problem();
  if (problem) return fail(new Error(problem));
  act("resolve", lesson.body(), resolvedPhrase);
});

/**
 * @param {ResolvedOut} answer
 * @returns {string}
 */
function resolvedPhrase(answer) {
  if (answer.lesson === "not_saved") {
    return T.t("workspace.teach.not_saved", { why: T.label("workspace.teach.problems", answer.lesson_problem || "") });
  }
  return T.t(answer.lesson === "proposed" ? "workspace.teach.confirm" : "workspace.confirm_resolve");
}
$("handback").addEventListener("click", function () { act("handback", null, "confirm_handback"); });
$("end-abuse").addEventListener("click", function () { act("end", { reason: "abuse" }, "confirm_end"); });
$("transfer-form").addEventListener("submit", function (event) {
  event.preventDefault();
  const language = /** @type {HTMLSelectElement} */ ($("transfer-language")).value || null;
  act("transfer", { domain: /** @type {HTMLSelectElement} */ ($("transfer-domain")).value, language: language }, "confirm_transfer");
});

// ---- live updates ----

/**
 * @param {string} id
 * @param {Message | null | undefined} message
 */
function remember(id, message) {
  const c = find(id);
  if (!c || !message) return;
  c.messages = c.messages || [];
  if (!c.messages.some(function (m) { return String(m.id) === String(message.id); })) c.messages.push(message);
}

const reloadConversations = debounce(function () { loadConversations().catch(fail); }, 200);
const reloadQueue = debounce(function () { loadQueue().catch(fail); }, 200);
const reloadMe = debounce(function () { loadMe().catch(fail); }, 200);

/** @param {LiveEvent} event */
function onEvent(event) {
  if (event.type === "message" && event.message) {
    const c = find(event.conversation_id);
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
    const known = find(event.conversation_id);
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
  } else if (event.type === "my_status") {
    // This agent's status changed, maybe in another tab, and their chats may have gone back to the queue: every
    // tab shows it at once, rather than a Resolve button for a chat that is no longer theirs.
    refreshAll();
  }
}

function refreshAll() {
  return Promise.all([loadMe(), loadConversations(), loadQueue()]).catch(fail);
}

/** @param {boolean} up */
function setLive(up) {
  const badge = $("live");
  badge.setAttribute("data-live", String(up));
  badge.textContent = T.t(up ? "common.live" : "common.offline");
}

auth.start({
  role: null,
  onReady: async function (s) {
    session = s;
    $("workspace").hidden = false;
    try {
      await loadMe();
    } catch (err) {
      fail(/** @type {Failure} */ (err));
      return;
    }
    await refreshAll();
    $("workspace").setAttribute("data-ready", "true");
    live({ token: s.token, onEvent: onEvent, poll: refreshAll, onState: setLive });
    // Waiting times move on even when nothing happens.
    setInterval(function () { loadQueue().catch(fail); }, 10000);
  },
});
