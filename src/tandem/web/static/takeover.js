// @ts-check
// The supervisor's alert for hostile conversations: customers who stayed insulting after the AI's warning wait
// for a supervisor (GET /api/v1/supervisor/waiting). Each row says since when, for which team, and when it is
// closed if nobody takes it; "Take over" assigns it to the signed-in supervisor and opens their workspace, where
// they answer. The list is read on page load and again on every live event; every value is shown as text.
import * as T from "./i18n.js";
import { $, clear, duration, el, request } from "./api.js";

/** @import { Failure, WaitingForSupervisor } from "./api.js" */

/**
 * @typedef {object} AlertOptions
 * @property {() => string} token
 * @property {(err: Failure) => void} fail
 * @property {(path: string) => void} [open] where the workspace is opened (tests and other pages may replace it)
 */

/**
 * hostileAlerts({token(), fail(err)}) -> {refresh()}
 * @param {AlertOptions} options
 * @returns {{refresh: () => Promise<void>}}
 */
export function hostileAlerts(options) {
  const open = options.open || function (path) { window.location.assign(path); };
  let taking = false;

  /**
   * @param {WaitingForSupervisor} item
   * @returns {HTMLLIElement}
   */
  function row(item) {
    const li = el("li", "hostile-item");
    li.setAttribute("data-id", item.id);
    const language = item.language ? T.label("common.language_names", item.language) : "–";
    li.appendChild(el("span", "hostile-text", T.t("dashboard.hostile.item", {
      waited: duration(item.waited_seconds),
      domain: T.label("domains", item.domain),
      language: language,
    })));
    li.appendChild(el("span", "hostile-closes", T.t("dashboard.hostile.closes", { left: duration(item.closes_in_seconds) })));
    const button = el("button", "button primary hostile-take", T.t("dashboard.hostile.take"));
    button.type = "button";
    button.addEventListener("click", function () { take(item.id, button); });
    li.appendChild(button);
    return li;
  }

  /**
   * @param {string} id
   * @param {HTMLButtonElement} button
   */
  async function take(id, button) {
    if (taking) return;
    taking = true;
    button.disabled = true;
    $("hostile-error").hidden = true;
    try {
      await request("/api/v1/supervisor/waiting/" + encodeURIComponent(id) + "/take", { token: options.token(), method: "POST" });
      $("hostile-notice").textContent = T.t("dashboard.hostile.taken");
      open("/agent?lang=" + encodeURIComponent(T.lang) + "&conversation=" + encodeURIComponent(id));
    } catch (err) {
      const failure = /** @type {Failure} */ (err);
      button.disabled = false;
      options.fail(failure);
      const line = $("hostile-error");
      line.textContent = T.t("common.error", { detail: failure.message });
      line.hidden = false;
      refresh();
    } finally {
      taking = false;
    }
  }

  /** @param {WaitingForSupervisor[]} items */
  function render(items) {
    const list = $("hostile-list");
    clear(list);
    items.forEach(function (item) { list.appendChild(row(item)); });
    $("hostile-count").textContent = String(items.length);
    // Shown while something waits, or while an error about the last click is still worth reading.
    $("hostile").hidden = items.length === 0 && $("hostile-error").hidden;
  }

  async function refresh() {
    if (taking) return;
    const items = /** @type {WaitingForSupervisor[]} */ (await request("/api/v1/supervisor/waiting", { token: options.token() }));
    render(items);
  }

  return { refresh: refresh };
}
