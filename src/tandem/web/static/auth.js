// @ts-check
// Staff sign-in shared by the agent workspace and the supervisor dashboard: the token lives in sessionStorage.
import * as T from "./i18n.js";
import { $, request, store } from "./api.js";

/** @import { Failure, Login } from "./api.js" */

/**
 * A signed-in member of staff, as kept in sessionStorage.
 * @typedef {object} Session
 * @property {string} token
 * @property {string} role
 */

const KEY = "tandem.staff";

/** @param {string} [message] */
function showLogin(message) {
  $("login").hidden = false;
  const error = $("login-error");
  error.textContent = message || "";
  error.hidden = !message;
  const username = document.getElementById("login-username");
  if (username) username.focus();
}

/**
 * start({role, onReady(session)}): onReady runs with {token, role} once signed in (now or after the form).
 * @param {{role: string | null, onReady: (session: Session) => void}} options
 */
export function start(options) {
  const form = /** @type {HTMLFormElement} */ ($("login-form"));
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
    const username = /** @type {HTMLInputElement} */ (form.username);
    const password = /** @type {HTMLInputElement} */ (form.password);
    button.disabled = true;
    try {
      const result = /** @type {Login} */ (await request("/api/v1/auth/login", {
        body: { username: username.value.trim(), password: password.value },
      }));
      if (options.role && result.role !== options.role) {
        showLogin(T.t("common.not_supervisor"));
        return;
      }
      /** @type {Session} */
      const session = { token: result.access_token, role: result.role };
      store.set(KEY, session);
      password.value = "";
      $("login").hidden = true;
      options.onReady(session);
    } catch (err) {
      showLogin(T.t("common.sign_in_failed", { detail: /** @type {Failure} */ (err).message }));
    } finally {
      button.disabled = false;
    }
  });
  const signOutButton = document.getElementById("sign-out");
  if (signOutButton) signOutButton.addEventListener("click", function () { signOut(); });

  const session = /** @type {Session | null} */ (store.get(KEY));
  if (session && session.token && (!options.role || session.role === options.role)) options.onReady(session);
  else showLogin();
}

/** @param {string} [message] shown on the sign-in form after the reload */
export function signOut(message) {
  store.remove(KEY);
  if (message) store.set(KEY + ".message", message);
  location.reload();
}

/**
 * A 401 means the token expired or was revoked: back to the sign-in form. Returns true when handled.
 * @param {Failure | null | undefined} error
 * @returns {boolean}
 */
export function handle(error) {
  if (error && error.status === 401) {
    signOut(error.message);
    return true;
  }
  return false;
}

// A message left by signOut() before the reload.
const left = /** @type {string | null} */ (store.get(KEY + ".message"));
if (left) {
  store.remove(KEY + ".message");
  document.addEventListener("DOMContentLoaded", function () { showLogin(T.t("common.sign_in_failed", { detail: left })); });
}
