// @ts-check
// "Teach the AI" in the agent workspace: what resolving a conversation proposes for the AI to learn. Prefilled
// (the question the AI handed over on, the agent's last reply, the AI's own intent guess), so one click on
// Resolve sends the defaults; what the agent edits stays as edited. A supervisor reviews every proposal.
import * as T from "./i18n.js";
import { $ } from "./api.js";
import * as intents from "./intents.js";

/** @import { Conversation, Failure, HandoffPacket, Message } from "./api.js" */

// The server's limits (tandem.learning.lessons): a longer lesson is not saved, though the case still closes.
const MAX_QUESTION = 1000;
const MAX_ANSWER = 4000;

/**
 * `text` within `limit` characters: cut after the last whole sentence, else the last whole word, with "…" (as the
 * server cuts what it proposes from a conversation). A boundary in the first half is not worth it.
 * @param {string} text
 * @param {number} limit
 * @returns {string}
 */
export function shorten(text, limit) {
  const whole = text.trim();
  if (whole.length <= limit) return whole;
  const room = whole.slice(0, limit - 2); // space for " …"
  let sentence = -1;
  room.replace(/[.!?](?=\s)|\n/g, function (match, offset) {
    sentence = offset + match.length;
    return match;
  });
  if (sentence >= limit / 2) return room.slice(0, sentence).trimEnd() + " …";
  const space = whole.slice(0, limit).search(/\s\S*$/);
  if (space >= limit / 2) return whole.slice(0, space).trimEnd() + "…";
  return whole.slice(0, limit - 1) + "…";
}

/**
 * The body of POST /conversations/{id}/resolve (ResolveIn): what the agent confirms the AI should learn.
 * @typedef {object} Lesson
 * @property {boolean} learn
 * @property {string} [question]
 * @property {string} [answer]
 * @property {string} [intent]
 */

/**
 * The customer message the AI escalated on: the last one the AI replied to before a person wrote (after the
 * hand-over the AI stays quiet); the packet's own record of it when it has one.
 * @param {Conversation} conversation
 * @returns {string}
 */
function escalatedQuestion(conversation) {
  /** @type {HandoffPacket} */
  const packet = conversation.handoff || {};
  if (packet.question) return String(packet.question);
  const messages = conversation.messages || [];
  const firstAgent = messages.findIndex(function (m) { return m.author === "agent"; });
  const before = firstAgent < 0 ? messages : messages.slice(0, firstAgent);
  /** @type {Message | null | undefined} */
  let question = null;
  before.forEach(function (m, i) {
    const next = before[i + 1];
    if (m.author === "customer" && next && next.author === "ai") question = m;
  });
  if (!question) question = before.filter(function (m) { return m.author === "customer"; }).pop();
  // A masked message is shown with its insults hidden: not something to teach.
  return question && !question.masked ? question.text : "";
}

/**
 * @param {Conversation} conversation
 * @returns {string}
 */
function lastReply(conversation) {
  const mine = (conversation.messages || []).filter(function (m) { return m.author === "agent"; });
  return mine.length ? mine[mine.length - 1].text : "";
}

/**
 * @typedef {object} LessonForm
 * @property {(conversation: Conversation | null) => void} show
 * @property {() => Lesson} body
 * @property {() => string | null} problem
 */

/**
 * form({token(), fail(err)}) -> {show(conversation), body(), problem()}
 * @param {{token: () => string, fail: (err: Failure) => void}} options
 * @returns {LessonForm}
 */
export function lessonForm(options) {
  const question = /** @type {HTMLTextAreaElement} */ ($("teach-question"));
  const answer = /** @type {HTMLTextAreaElement} */ ($("teach-answer"));
  const learn = /** @type {HTMLInputElement} */ ($("teach-learn"));
  const picker = new intents.Picker(
    /** @type {HTMLSelectElement} */ ($("teach-intent")),
    /** @type {HTMLInputElement} */ ($("teach-intent-new")),
    T.t("common.intent_guess"),
  );
  /** @type {string | null} */
  let shownId = null;
  /** @type {string | null} */
  let shownDomain = null;

  [question, answer].forEach(function (field) {
    field.addEventListener("input", function () { field.setAttribute("data-edited", "true"); });
  });
  learn.addEventListener("change", function () { $("teach").setAttribute("data-learn", String(learn.checked)); });

  /**
   * Fill a field with its default unless the agent has written in it.
   * @param {HTMLTextAreaElement} field
   * @param {string} text
   */
  function prefill(field, text) {
    if (field.getAttribute("data-edited") !== "true") field.value = text;
  }

  /** @param {string} domain */
  function loadIntents(domain) {
    shownDomain = domain;
    intents.load(options.token(), domain).then(function (names) {
      if (shownDomain !== domain) return;
      const chosen = picker.value();
      picker.fill(names, chosen);
    }, options.fail);
  }

  /** @param {Conversation | null} conversation */
  function show(conversation) {
    if (!conversation) {
      shownId = null;
      return;
    }
    if (conversation.id !== shownId) {
      shownId = conversation.id;
      question.removeAttribute("data-edited");
      answer.removeAttribute("data-edited");
      learn.checked = true;
      $("teach").setAttribute("data-learn", "true");
      picker.set(null, []);
      loadIntents(conversation.domain);
    }
    prefill(question, shorten(escalatedQuestion(conversation), MAX_QUESTION));
    prefill(answer, shorten(lastReply(conversation), MAX_ANSWER));
  }

  /**
   * The resolve request's body: what the agent confirms (the server proposes whatever is left empty).
   * @returns {Lesson}
   */
  function body() {
    if (!learn.checked) return { learn: false };
    /** @type {Lesson} */
    const out = { learn: true };
    const q = question.value.trim();
    const a = answer.value.trim();
    const intent = picker.value();
    if (q) out.question = q;
    if (a) out.answer = a;
    if (intent) out.intent = intent;
    return out;
  }

  /**
   * Why the lesson cannot be sent as it is (then the form opens on it), or null.
   * @returns {string | null}
   */
  function problem() {
    const why = learn.checked ? picker.problem() : null;
    if (why) {
      const teach = /** @type {HTMLDetailsElement} */ ($("teach"));
      teach.open = true;
      $("teach-intent-new").focus();
    }
    return why;
  }

  return { show: show, body: body, problem: problem };
}
