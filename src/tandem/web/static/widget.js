// @ts-check
// The customer chat widget: starts a conversation on the first message, keeps it per domain in sessionStorage
// (a reload continues it), shows AI / agent / system messages live, the status line, the length of a long message,
// "did this answer your question?" under an answer of the AI (answered.js) and the CSAT buttons (not for a
// conversation ended for abuse). The shop page's entry module.
import * as T from "./i18n.js";
import { $, ApiError, LOCALE, live, request, store, uuid } from "./api.js";
import { MessageList } from "./messages.js";
import { answeredBox } from "./answered.js";

/** @import { ConversationCreated, ConversationStatus, Failure, Live, LiveEvent, Posted, QueueInfo, Thread } from "./api.js" */
/** @import { Entry } from "./messages.js" */

/**
 * The customer's conversation, as kept in sessionStorage.
 * @typedef {object} StoredConversation
 * @property {string} id
 * @property {string} token
 * @property {number} [csat] the customer's rating, once given
 * @property {boolean} [answered] whether the AI's answer helped, once the customer said
 */

const root = $("widget");
const domain = root.getAttribute("data-domain");
const lang = root.getAttribute("data-lang");
const key = "tandem.conversation." + domain;
const form = /** @type {HTMLFormElement} */ ($("widget-form"));
const input = /** @type {HTMLTextAreaElement} */ ($("widget-input"));
const statusLine = $("widget-status");
const identity = $("widget-identity");
const csatBox = $("widget-csat");
const notice = $("widget-notice");
const errorLine = $("widget-error");
const newButton = $("widget-new");
const counter = $("widget-count");
// The server keeps a customer's first 4,000 characters: the widget says so before anything is sent.
const MAX_CHARS = 4000;
const SHOW_COUNT_FROM = 3500;
const numbers = new Intl.NumberFormat(LOCALE);
const list = new MessageList(
  $("widget-messages"),
  function (author) { return T.label("widget.author", author); },
  $("widget-scroll")
);

let conversation = /** @type {StoredConversation | null} */ (store.get(key));
/** @type {ConversationStatus} */
let status = "bot";
/** @type {QueueInfo | null} */
let queue = null;
// Why a resolved conversation was ended on the spot ("abuse": no rating asked); undefined until the server said.
/** @type {string | null | undefined} */
let endedFor = null;
/** @type {Live | null} */
let connection = null;
// Messages go out one after another, in the order typed: the reply to one can arrive over the live
// connection before its POST returns, and a customer who types on meanwhile must not be ignored.
/** @type {Promise<void>} */
let outbox = Promise.resolve();
const answered = answeredBox({
  conversation: function () { return conversation; },
  save: function () { if (conversation) store.set(key, conversation); },
  ask: function (text) { enqueue(text); },
  error: showError,
  changed: function () { render(); },
});

/**
 * The conversation going on: its callers run only once there is one.
 * @returns {StoredConversation}
 */
function current() {
  if (!conversation) throw new Error("no conversation");
  return conversation;
}

/**
 * @param {string} suffix
 * @returns {string}
 */
function path(suffix) {
  return "/api/v1/conversations/" + encodeURIComponent(current().id) + suffix;
}

/** @param {string} text */
function showError(text) {
  errorLine.textContent = text || "";
  errorLine.hidden = !text;
}

function render() {
  let text;
  if (status === "queued" && queue && queue.position) {
    const known = queue.wait_seconds !== null && queue.wait_seconds !== undefined;
    const minutes = Math.max(1, Math.ceil((Number(queue.wait_seconds) || 0) / 60));
    text = T.t(known ? "widget.status_queued" : "widget.status_queued_position", {
      position: queue.position,
      minutes: minutes,
    });
  } else if (status === "resolved" && endedFor) {
    text = T.t("widget.status_ended");
  } else {
    text = T.t(status === "queued" ? "widget.status_queued_unknown" : "widget.status_" + status);
  }
  statusLine.textContent = text;
  statusLine.setAttribute("data-status", status);
  const rated = conversation && conversation.csat;
  // Rated once closed (not after an end for abuse), or while with the AI once the customer said it answered.
  const aiHelped = status === "bot" && !!conversation && conversation.answered === true;
  csatBox.hidden = !!rated || !((status === "resolved" && endedFor === null) || aiHelped);
  notice.hidden = !(rated && (status === "resolved" || status === "bot"));
  if (rated) notice.textContent = T.t("widget.csat_thanks", { score: rated });
  newButton.hidden = status !== "resolved";
  form.hidden = status === "resolved"; // a closed conversation is rated, then a new one starts
  identity.hidden = !!conversation;
}

/**
 * @param {ConversationStatus | null | undefined} next
 * @param {QueueInfo | null} nextQueue
 */
function setStatus(next, nextQueue) {
  if (next) status = next;
  if (status !== "bot") answered.hide(); // with a person, or closed: the question is no longer the AI's
  queue = status === "queued" ? nextQueue || queue : null;
  render();
}

async function refresh() {
  if (!conversation) return;
  try {
    const data = /** @type {Thread} */ (await request(path("/messages"), { token: conversation.token }));
    const messages = data.messages || [];
    messages.forEach(function (m) { list.add(m); });
    endedFor = data.ended_for || null;
    setStatus(data.status, data.queue || null);
    answered.offer(status, data.can_confirm === true);
  } catch (err) {
    // The conversation is gone (server reset) or the token no longer works: start afresh on the next message.
    const failure = /** @type {Failure} */ (err);
    if (failure.status === 401 || failure.status === 403 || failure.status === 404) forget();
  }
}

/** @param {LiveEvent} event */
function onEvent(event) {
  const about = "conversation_id" in event ? event.conversation_id : undefined;
  if (!conversation || (about && about !== conversation.id)) return;
  if (event.type === "message" && event.message) list.add(event.message);
  else if (event.type === "status") {
    // Resolved: whether to ask for a rating (not after an end for abuse) is the thread's to say.
    if (event.status === "resolved") endedFor = undefined;
    setStatus(event.status, event.queue || null);
    if ((event.status === "queued" && !event.queue) || event.status === "resolved") refresh();
  }
  else if (event.type === "assigned") setStatus("assigned", null);
}

function connect() {
  if (connection) connection.stop();
  connection = live({ token: current().token, onEvent: onEvent, poll: refresh });
}

function forget() {
  if (connection) connection.stop();
  connection = null;
  conversation = null;
  store.remove(key);
  list.clear();
  status = "bot";
  queue = null;
  endedFor = null;
  showError("");
  answered.hide();
  render();
}

async function start() {
  const name = /** @type {HTMLInputElement} */ ($("widget-name")).value.trim() || T.t("widget.default_name");
  const email = /** @type {HTMLInputElement} */ ($("widget-email")).value.trim() || null;
  try {
    const created = /** @type {ConversationCreated} */ (await request("/api/v1/conversations", {
      body: { domain: domain, language: lang, customer: { name: name, email: email } },
    }));
    conversation = { id: created.id, token: created.token };
  } catch (err) {
    const failure = /** @type {ApiError} */ (err);
    throw new ApiError(failure.status, T.t("widget.start_failed", { detail: failure.message }));
  }
  store.set(key, conversation);
  render();
  connect();
}

/**
 * @param {string} text
 * @param {Entry} mine the pending entry shown for it
 */
async function send(text, mine) {
  try {
    if (!conversation) await start();
    const result = /** @type {Posted} */ (await request(path("/messages"), {
      token: current().token,
      body: { text: text, client_message_id: uuid() },
    }));
    list.add(result.message);
    (result.replies || []).forEach(function (reply) { list.addReply(reply.author, reply.text, mine); });
    setStatus(result.status, null);
    answered.hide(); // until the GET below says whether the AI's reply can be confirmed
    // The POST answer carries no queue position, and replies come without ids: one GET settles both (and the
    // question "did this answer your question?").
    refresh();
  } catch (err) {
    const failure = /** @type {Failure} */ (err);
    list.remove(mine);
    if (!input.value) input.value = text;
    showCount();
    showError(failure.status === 0 || !conversation ? failure.message : T.t("widget.send_failed", { detail: failure.message }));
  }
}

/**
 * Near the limit, how long the message is; over it, that it must be shorter (nothing is cut without a word).
 * @returns {boolean} whether the message is too long to send
 */
function showCount() {
  const length = input.value.trim().length;
  const over = length > MAX_CHARS;
  counter.hidden = input.value.length <= SHOW_COUNT_FROM;
  counter.textContent = T.t(over ? "widget.too_long" : "widget.count", {
    count: numbers.format(length),
    max: numbers.format(MAX_CHARS),
  });
  counter.setAttribute("data-over", String(over));
  input.setAttribute("aria-invalid", String(over));
  return over;
}

/** @param {string} text */
function enqueue(text) {
  showError("");
  answered.hide();
  input.value = "";
  showCount();
  const mine = list.addPending("customer", text);
  outbox = outbox.then(function () { return send(text, mine); });
  input.focus();
}

form.addEventListener("submit", function (event) {
  event.preventDefault();
  const text = input.value.trim();
  if (showCount()) input.focus();
  else if (text) enqueue(text);
});

input.addEventListener("input", showCount);

input.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

csatBox.addEventListener("click", async function (event) {
  const button = /** @type {Element} */ (event.target).closest("button[data-score]");
  if (!button || !conversation) return;
  const score = Number(button.getAttribute("data-score"));
  showError("");
  try {
    const result = /** @type {{csat: number} | null} */ (await request(path("/csat"), { token: conversation.token, body: { score: score } }));
    conversation.csat = result && result.csat ? result.csat : score;
    store.set(key, conversation);
    render();
  } catch (err) {
    showError(T.t("common.error", { detail: /** @type {Failure} */ (err).message }));
  }
});

newButton.addEventListener("click", function () {
  forget();
  input.focus();
});

/** @param {boolean} open */
function setOpen(open) {
  const toggle = $("widget-toggle");
  toggle.setAttribute("aria-expanded", String(open));
  toggle.setAttribute("aria-label", String(toggle.getAttribute(open ? "data-close-label" : "data-open-label")));
  /** @type {Element} */ (toggle.firstElementChild).textContent = open ? "\u2013" : "+";
  $("widget-body").hidden = !open;
  root.classList.toggle("widget-minimised", !open);
}

$("widget-toggle").addEventListener("click", function () {
  const open = this.getAttribute("aria-expanded") !== "true";
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
