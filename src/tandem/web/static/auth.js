// Staff sign-in shared by the agent workspace and the supervisor dashboard: the token lives in sessionStorage.
(function () {
  "use strict";
  var T = window.Tandem;
  var KEY = "tandem.staff";

  function showLogin(message) {
    document.getElementById("login").hidden = false;
    var error = document.getElementById("login-error");
    error.textContent = message || "";
    error.hidden = !message;
    var username = document.getElementById("login-username");
    if (username) username.focus();
  }

  // start({role, onReady(session)}): onReady runs with {token, role} once signed in (now or after the form).
  function start(options) {
    var form = document.getElementById("login-form");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        var result = await T.request("/api/v1/auth/login", {
          body: { username: form.username.value.trim(), password: form.password.value },
        });
        if (options.role && result.role !== options.role) {
          showLogin(T.t("common.not_supervisor"));
          return;
        }
        var session = { token: result.access_token, role: result.role };
        T.store.set(KEY, session);
        form.password.value = "";
        document.getElementById("login").hidden = true;
        options.onReady(session);
      } catch (err) {
        showLogin(T.t("common.sign_in_failed", { detail: err.message }));
      } finally {
        button.disabled = false;
      }
    });
    var signOutButton = document.getElementById("sign-out");
    if (signOutButton) signOutButton.addEventListener("click", function () { signOut(); });

    var session = T.store.get(KEY);
    if (session && session.token && (!options.role || session.role === options.role)) options.onReady(session);
    else showLogin();
  }

  function signOut(message) {
    T.store.remove(KEY);
    if (message) T.store.set(KEY + ".message", message);
    location.reload();
  }

  // A 401 means the token expired or was revoked: back to the sign-in form. Returns true when handled.
  function handle(error) {
    if (error && error.status === 401) {
      signOut(error.message);
      return true;
    }
    return false;
  }

  // A message left by signOut() before the reload.
  var left = T.store.get(KEY + ".message");
  if (left) {
    T.store.remove(KEY + ".message");
    document.addEventListener("DOMContentLoaded", function () { showLogin(T.t("common.sign_in_failed", { detail: left })); });
  }

  T.auth = { start: start, signOut: signOut, handle: handle };
})();
