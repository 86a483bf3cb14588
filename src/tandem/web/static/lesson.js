// @ts-check
// "Teach the AI" in the agent workspace: what resolving a conversation proposes for the AI to learn. Prefilled
// with the server's proposal (the customer's real question and the agent's substantive answer, never a last
// "[EMAIL]" or "Anything else I can do for you?": tandem.learning.proposal) and the AI's own intent guess. What
// the agent leaves as it is, the server proposes again from the conversation when it is resolved; what the agent
// edits is sent as edited. A supervisor reviews every proposal.
import * as T from "./i18n.js";
import { $, debounce, request } from "./api.js";
import * as intents from "./intents.js";

/** @import { Conversation, Failure, ProposedLesson } from "./api.js" */

/**
 * The body of POST /conversations/{id}/resolve (ResolveIn): what the agent confirms the AI should learn.
 * @typedef {object} Lesson
 * @property {boolean} learn
 * @property {string} [question]
 * @property {string} [answer]
 * @property {string} [intent]
 */

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
  const teach = /** @type {HTMLDetailsElement} */ ($("teach"));
  /** @type {string | null} */
  let shownId = null;
  /** @type {Conversation | null} */
  let shown = null;
  /** @type {string | null} */
  let shownDomain = null;
  /** @type {ProposedLesson | null} the newest proposal fetched for the shown conversation */
  let fetched = null;
  let asked = 0; // answers to older requests are dropped

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

  /**
   * The newest proposal known for `conversation`: the one it came with, or one fetched since.
   * @param {Conversation} conversation
   * @returns {ProposedLesson | null}
   */
  function proposalOf(conversation) {
    const given = conversation.proposed_lesson || null;
    if (fetched && (!given || (fetched.upto || 0) >= (given.upto || 0))) return fetched;
    return given;
  }

  /**
   * Whether messages came after the proposal was made (an agent's answer, a customer's "thanks").
   * @param {Conversation} conversation
   * @returns {boolean}
   */
  function stale(conversation) {
    const proposal = proposalOf(conversation);
    const messages = conversation.messages || [];
    const last = messages.length ? Number(messages[messages.length - 1].id) : null;
    return !proposal || proposal.upto !== last;
  }

  /** @param {ProposedLesson | null} proposal */
  function fill(proposal) {
    prefill(question, proposal ? proposal.question : "");
    prefill(answer, proposal ? proposal.answer : "");
  }

  // The server proposes from the messages it has: asked again while the form is open and messages came since.
  const refresh = debounce(async function () {
    const conversation = shown;
    if (!conversation || !teach.open || !stale(conversation)) return;
    const mine = ++asked;
    try {
      const mineNow = /** @type {Conversation[]} */ (
        await request("/api/v1/agents/me/conversations", { token: options.token() })
      );
      const found = mineNow.find(function (c) { return c.id === conversation.id; });
      if (mine !== asked || shown !== conversation || !found || !found.proposed_lesson) return;
      fetched = found.proposed_lesson;
      fill(proposalOf(conversation));
    } catch (err) {
      options.fail(/** @type {Failure} */ (err));
    }
  }, 250);

  teach.addEventListener("toggle", function () { if (teach.open) refresh(); });

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
    shown = conversation;
    if (!conversation) {
      shownId = null;
      return;
    }
    if (conversation.id !== shownId) {
      shownId = conversation.id;
      fetched = null;
      asked += 1;
      question.removeAttribute("data-edited");
      answer.removeAttribute("data-edited");
      learn.checked = true;
      $("teach").setAttribute("data-learn", "true");
      picker.set(null, []);
      loadIntents(conversation.domain);
    }
    fill(proposalOf(conversation));
    refresh();
  }

  /**
   * The resolve request's body: what the agent wrote or confirmed by editing; the server proposes the rest from
   * the conversation as it is then (the same proposal as the form's, and never a stale one).
   * @returns {Lesson}
   */
  function body() {
    if (!learn.checked) return { learn: false };
    /** @type {Lesson} */
    const out = { learn: true };
    const q = question.value.trim();
    const a = answer.value.trim();
    const intent = picker.value();
    if (q && question.getAttribute("data-edited") === "true") out.question = q;
    if (a && answer.getAttribute("data-edited") === "true") out.answer = a;
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
      teach.open = true;
      $("teach-intent-new").focus();
    }
    return why;
  }

  return { show: show, body: body, problem: problem };
}
