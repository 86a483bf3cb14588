// @ts-check
// "Did this answer your question? Yes / No" under an answer of the AI in the customer widget. The customer's
// word is sent once per conversation (POST /api/v1/conversations/{id}/answered, docs/metrics.md: it is what makes
// an AI resolution "confirmed" rather than assumed); "No" offers a person, asked for the way a customer asks in
// words, so the AI hands over as it does for anyone who asks.
import * as T from "./i18n.js";
import { $, request } from "./api.js";

/** @import { Failure } from "./api.js" */

/**
 * @typedef {object} AnsweredOptions
 * @property {() => {id: string, token: string, answered?: boolean} | null} conversation the conversation going on
 * @property {() => void} save keeps the conversation (its `answered`) in sessionStorage
 * @property {(text: string) => void} ask sends a message as the customer
 * @property {(text: string) => void} error shows a problem under the conversation
 * @property {() => void} changed the customer's answer was saved (a "yes" lets them rate the AI's help)
 */

/**
 * @param {AnsweredOptions} options
 * @returns {{offer: (status: string, canConfirm: boolean) => void, hide: () => void}}
 */
export function answeredBox(options) {
  const box = $("widget-answered");
  const person = $("widget-person");
  const said = $("widget-answered-said");
  let sending = false;

  function hide() {
    box.hidden = true;
    person.hidden = true;
    said.hidden = true;
  }

  /**
   * While the conversation is `status`: ask when the server says the AI's last turn was an answer
   * (`canConfirm`; not a flow's question nor a choice between readings), unless the customer already said.
   * @param {string} status
   * @param {boolean} canConfirm
   */
  function offer(status, canConfirm) {
    const current = options.conversation();
    const open = status === "bot" && !!current && current.answered === undefined && canConfirm;
    box.hidden = !open;
    if (status !== "bot") person.hidden = true;
  }

  /** @param {boolean} answered */
  async function send(answered) {
    const current = options.conversation();
    if (!current || sending) return;
    sending = true;
    try {
      await request("/api/v1/conversations/" + encodeURIComponent(current.id) + "/answered", {
        token: current.token, body: { answered: answered },
      });
      current.answered = answered;
      options.save();
      options.changed();
      box.hidden = true;
      said.textContent = answered ? T.t("widget.answered_thanks") : "";
      said.hidden = !answered;
      person.hidden = answered;
      // The keyboard goes on where it is needed next: offering a person, or back to writing.
      $(answered ? "widget-input" : "widget-ask-person").focus();
    } catch (err) {
      const failure = /** @type {Failure} */ (err);
      box.hidden = true;
      // 409: nothing the AI said can be confirmed yet (no answer given, or a person has the conversation).
      if (failure.status === 409) {
        said.textContent = T.t("widget.answered_not_yet");
        said.hidden = false;
      } else {
        options.error(T.t("common.error", { detail: failure.message }));
      }
    } finally {
      sending = false;
    }
  }

  box.addEventListener("click", function (event) {
    const button = /** @type {Element} */ (event.target).closest("button[data-answered]");
    if (button) send(button.getAttribute("data-answered") === "true");
  });
  $("widget-ask-person").addEventListener("click", function () {
    hide();
    options.ask(T.t("widget.ask_person_text"));
  });
  return { offer: offer, hide: hide };
}
