// @ts-check
// "What the AI learns": the supervisor's review queue of lessons proposed by resolved conversations. Each one can
// be edited (question, intent, answer) and approved — the AI retrains with it — or rejected. Every value is text.
import * as T from "./i18n.js";
import { $, el, request, time } from "./api.js";
import * as intents from "./intents.js";

/** @import { Candidate, Failure } from "./api.js" */

/**
 * @typedef {object} QueueOptions
 * @property {() => string} token
 * @property {(err: Failure) => void} fail
 * @property {(text: string) => void} done
 */

/**
 * queue({token(), fail(err), done(text)}) -> {refresh()}
 * @param {QueueOptions} options
 * @returns {{refresh: () => Promise<void>}}
 */
export function reviewQueue(options) {
  /** @type {Promise<void> | null} */
  let loading = null;
  let again = false;
  /** @type {Record<string, HTMLLIElement>} candidate id -> its card, kept across refreshes so edits in progress survive */
  let shown = {};

  /**
   * A labelled control; `shown` is what goes on the page when the control sits inside something else.
   * @template {HTMLElement} C
   * @param {HTMLElement} box
   * @param {string} id
   * @param {string} label
   * @param {C} control
   * @param {HTMLElement} [shown]
   * @returns {C}
   */
  function field(box, id, label, control, shown) {
    const wrap = el("div", "review-field");
    control.id = id;
    const tag = el("label", null, label);
    tag.htmlFor = id;
    wrap.appendChild(tag);
    wrap.appendChild(shown || control);
    box.appendChild(wrap);
    return control;
  }

  /**
   * @param {string} value
   * @param {number} rows
   * @param {number} max
   * @returns {HTMLTextAreaElement}
   */
  function textarea(value, rows, max) {
    const node = el("textarea");
    node.rows = rows;
    node.maxLength = max;
    node.value = value || "";
    return node;
  }

  /**
   * @param {Candidate} c
   * @returns {HTMLLIElement}
   */
  function card(c) {
    const li = el("li", "card-inner review-item");
    li.setAttribute("data-candidate", String(c.id));
    li.appendChild(el("p", "muted review-meta", T.t("dashboard.review.meta", {
      domain: T.label("domains", c.domain),
      language: String(c.language || "").toUpperCase(),
      time: time(c.created_at),
      conversation: String(c.conversation_id).slice(0, 8),
    })));
    const prefix = "review-" + c.id + "-";
    const question = field(li, prefix + "question", T.t("dashboard.review.question"), textarea(c.question, 2, 1000));
    const select = el("select");
    const input = el("input");
    input.maxLength = 64;
    input.autocomplete = "off";
    input.hidden = true;
    input.id = prefix + "intent-new";
    const intentBox = el("div", "intent-picker");
    intentBox.appendChild(select);
    intentBox.appendChild(input);
    field(li, prefix + "intent", T.t("dashboard.review.intent"), select, intentBox);
    const picker = new intents.Picker(select, input, T.t("common.intent_choose"));
    // Approving a question the AI would have answered checks its guess: right only if the intent stays it.
    if (c.suggested_intent && c.checks_intent) {
      li.setAttribute("data-checks", c.suggested_intent);
      li.appendChild(el("p", "review-suggested review-checks", T.t("dashboard.review.checks", {
        intent: String(c.suggested_intent).replace(/_/g, " "),
      })));
    } else if (c.suggested_intent && c.suggested_intent !== c.intent) {
      li.appendChild(el("p", "muted review-suggested", T.t("dashboard.review.suggested", {
        intent: String(c.suggested_intent).replace(/_/g, " "),
      })));
    }
    const answer = field(li, prefix + "answer", T.t("dashboard.review.answer"), textarea(c.answer, 3, 4000));
    const actions = el("div", "review-actions");
    const approve = el("button", "button success review-approve", T.t("dashboard.review.approve"));
    const reject = el("button", "button danger review-reject", T.t("dashboard.review.reject"));
    approve.type = reject.type = "button";
    actions.appendChild(approve);
    actions.appendChild(reject);
    li.appendChild(actions);

    picker.set(c.intent, []);
    intents.load(options.token(), c.domain).then(function (names) {
      picker.fill(names, picker.value() || c.intent);
    }, options.fail);

    approve.addEventListener("click", function () {
      const problem = picker.problem();
      if (problem) return options.fail(new Error(problem));
      const intent = picker.value();
      if (!intent) {
        select.focus();
        return options.fail(new Error(T.t("common.intent_choose")));
      }
      decide(c, "approve", { intent: intent, question: question.value.trim(), answer: answer.value.trim() },
        "dashboard.review.approved", [approve, reject]);
    });
    reject.addEventListener("click", function () {
      decide(c, "reject", undefined, "dashboard.review.rejected", [approve, reject]);
    });
    return li;
  }

  /**
   * @param {Candidate} c
   * @param {"approve" | "reject"} action
   * @param {{intent: string, question: string, answer: string} | undefined} body the reviewer's edits (ReviewIn)
   * @param {string} done the key of what to say when it worked
   * @param {HTMLButtonElement[]} buttons
   */
  async function decide(c, action, body, done, buttons) {
    buttons.forEach(function (b) { b.disabled = true; });
    try {
      await request("/api/v1/learning/candidates/" + encodeURIComponent(c.id) + "/" + action, {
        token: options.token(),
        method: "POST",
        body: body,
      });
      options.done(T.t(done));
      if (action === "approve") intents.load(options.token(), c.domain, true).catch(function () {});
    } catch (err) {
      options.fail(/** @type {Failure} */ (err));
    } finally {
      buttons.forEach(function (b) { b.disabled = false; });
      refresh();
    }
  }

  /** @param {Candidate[]} items */
  function render(items) {
    const ul = $("review-list");
    /** @type {Record<string, HTMLLIElement>} */
    const keep = {};
    items.forEach(function (c) {
      const node = shown[c.id] || card(c);
      keep[c.id] = node;
      ul.appendChild(node); // in the server's order; an existing card moves with its edits
    });
    Object.keys(shown).forEach(function (id) {
      if (!keep[id] && shown[id].parentNode) shown[id].parentNode.removeChild(shown[id]);
    });
    shown = keep;
    $("review-count").textContent = String(items.length);
    $("review-empty").hidden = items.length > 0;
    $("review").setAttribute("data-count", String(items.length));
  }

  /**
   * One request at a time; a refresh asked for meanwhile runs once after it.
   * @returns {Promise<void>}
   */
  function refresh() {
    if (loading) {
      again = true;
      return loading;
    }
    loading = /** @type {Promise<Candidate[]>} */ (
      request("/api/v1/learning/candidates?status=pending", { token: options.token() })
    )
      .then(render, options.fail)
      .then(function () {
        loading = null;
        if (again) {
          again = false;
          refresh();
        }
      });
    return loading;
  }

  return { refresh: refresh };
}
