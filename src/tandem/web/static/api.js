// Shared helpers: JSON requests, the live WebSocket with its polling safety net, small DOM and storage helpers.
// Data from the server only ever reaches the page through textContent (see el()).
(function () {
  "use strict";
  var T = window.Tandem;

  function ApiError(status, message) {
    this.name = "ApiError";
    this.status = status;
    this.message = message;
  }
  ApiError.prototype = Object.create(Error.prototype);

  function detailOf(data, response) {
    var detail = data && data.detail;
    if (Array.isArray(detail)) {
      // FastAPI's validation errors: a list of {loc, msg}.
      detail = detail.map(function (d) { return d && d.msg ? d.msg : JSON.stringify(d); }).join("; ");
    }
    return detail ? String(detail) : response.status + " " + response.statusText;
  }

  // request("/api/v1/...", {token, body, method}) -> parsed JSON; throws ApiError(status, detail).
  async function request(path, options) {
    options = options || {};
    var hasBody = options.body !== undefined;
    var headers = { Accept: "application/json" };
    if (hasBody) headers["Content-Type"] = "application/json";
    if (options.token) headers.Authorization = "Bearer " + options.token;
    var response;
    try {
      response = await fetch(path, {
        method: options.method || (hasBody ? "POST" : "GET"),
        headers: headers,
        body: hasBody ? JSON.stringify(options.body) : undefined,
        cache: "no-store",
      });
    } catch (err) {
      throw new ApiError(0, T.t("common.network"));
    }
    var text = await response.text();
    var data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (err) { data = null; }
    }
    if (!response.ok) throw new ApiError(response.status, detailOf(data, response));
    return data;
  }

  // live({token, onEvent, poll, onState}): a WebSocket to /api/v1/ws that reconnects with exponential backoff,
  // capped at 10 s so an agent is back well within the server's presence grace period (20 s by default).
  // While it is down, poll() runs every pollMs; on each (re)connection poll() runs once to catch up.
  function live(options) {
    var socket = null;
    var stopped = false;
    var attempt = 0;
    var retryTimer = null;
    var pollTimer = null;
    var pollMs = options.pollMs || 4000;

    function poll() { if (options.poll) options.poll(); }

    function setUp(up) {
      if (up) {
        clearInterval(pollTimer);
        pollTimer = null;
      } else if (!pollTimer && !stopped) {
        pollTimer = setInterval(poll, pollMs);
      }
      if (options.onState) options.onState(up);
    }

    function schedule() {
      if (stopped) return;
      var delay = Math.min(10000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      retryTimer = setTimeout(connect, delay);
    }

    function connect() {
      if (stopped) return;
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      try {
        socket = new WebSocket(scheme + location.host + "/api/v1/ws?token=" + encodeURIComponent(options.token));
      } catch (err) {
        schedule();
        return;
      }
      socket.onopen = function () {
        attempt = 0;
        setUp(true);
        poll();
      };
      socket.onmessage = function (message) {
        var event;
        try { event = JSON.parse(message.data); } catch (err) { return; }
        if (event && typeof event.type === "string") options.onEvent(event);
      };
      socket.onclose = function () {
        socket = null;
        setUp(false);
        schedule();
      };
    }

    setUp(false);
    connect();
    return {
      stop: function () {
        stopped = true;
        clearTimeout(retryTimer);
        clearInterval(pollTimer);
        if (socket) socket.close();
      },
      isUp: function () { return !!socket && socket.readyState === WebSocket.OPEN; },
    };
  }

  // el("li", "message", "text") -> an element whose text is set as text, never parsed as HTML.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    // randomUUID needs a secure context; getRandomValues does not.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  var store = {
    get: function (key) {
      try { return JSON.parse(sessionStorage.getItem(key)); } catch (err) { return null; }
    },
    set: function (key, value) {
      try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (err) { /* private mode: memory only */ }
    },
    remove: function (key) {
      try { sessionStorage.removeItem(key); } catch (err) { /* ignore */ }
    },
  };

  // 42 -> "42 s", 300 -> "5 min".
  function duration(seconds) {
    var s = Math.max(0, Math.round(Number(seconds) || 0));
    return s < 90 ? T.t("common.seconds", { n: s }) : T.t("common.minutes", { n: Math.round(s / 60) });
  }

  function time(iso) {
    var date = iso ? new Date(iso) : new Date();
    if (isNaN(date.getTime())) return "";
    return date.toLocaleTimeString(T.lang, { hour: "2-digit", minute: "2-digit" });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  T.ApiError = ApiError;
  T.request = request;
  T.live = live;
  T.el = el;
  T.clear = clear;
  T.uuid = uuid;
  T.store = store;
  T.duration = duration;
  T.time = time;
  T.debounce = debounce;
})();
