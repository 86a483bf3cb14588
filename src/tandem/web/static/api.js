// @ts-check
// Shared helpers: JSON requests, the live WebSocket with its polling safety net, small DOM and storage helpers.
// Data from the server only ever reaches the page through textContent (see el()).
import * as T from "./i18n.js";

// ---- the API's JSON, as the pages read it (src/tandem/api/schemas.py and learning_schemas.py) ----

/** @typedef {"customer" | "ai" | "agent" | "system"} Author */

/**
 * A message (MessageOut; the same shape in live events).
 * @typedef {object} Message
 * @property {number} id
 * @property {Author} author
 * @property {string} text
 * @property {string} created_at ISO 8601
 * @property {boolean} [masked] staff only: the customer's insults are hidden; reveal gives the original
 */

/**
 * A reply in a POST answer: it comes without an id (ReplyOut).
 * @typedef {object} Reply
 * @property {Author} author
 * @property {string} text
 */

/**
 * Where a queued conversation stands (QueueOut).
 * @typedef {object} QueueInfo
 * @property {number} position
 * @property {number | null} wait_seconds
 */

/** @typedef {"bot" | "queued" | "assigned" | "resolved"} ConversationStatus */

/**
 * POST /conversations: the new conversation and the customer's token for it (ConversationCreated).
 * @typedef {object} ConversationCreated
 * @property {string} id
 * @property {string} token
 */

/**
 * POST /conversations/{id}/messages (Posted).
 * @typedef {object} Posted
 * @property {Message} message
 * @property {Reply[]} replies
 * @property {ConversationStatus} status
 */

/**
 * GET /conversations/{id}/messages (ThreadOut).
 * @typedef {object} Thread
 * @property {ConversationStatus} status
 * @property {Message[]} messages
 * @property {QueueInfo | null} [queue]
 * @property {string | null} [ended_for] resolved on the spot, e.g. "abuse": no rating is asked for
 * @property {boolean} [can_confirm] the AI's last turn answered: the customer may say whether it did
 */

/**
 * An entity the AI found in what the customer wrote.
 * @typedef {object} HandoffEntity
 * @property {string} kind
 * @property {string} value
 * @property {string} [text]
 */

/**
 * A fact a connector looked up (an order, a parcel...).
 * @typedef {object} HandoffFact
 * @property {string} source
 * @property {Record<string, unknown>} [fields]
 * @property {boolean} [verified] false: the customer failed the identity check, the fields are withheld
 */

/**
 * The handoff packet (src/tandem/conversations/handoff.py). Stored with the conversation, so a packet written by
 * an older version may lack the newer fields: every one is optional.
 * @typedef {object} HandoffPacket
 * @property {string[]} [reasons]
 * @property {string[]} [intents]
 * @property {Record<string, Record<string, string>>} [intent_labels] intent -> language -> its pack's label
 * @property {string} [language]
 * @property {HandoffEntity[]} [entities]
 * @property {string | null} [question] what the customer asked when the AI handed over
 * @property {string} [summary]
 * @property {string} [offline_summary]
 * @property {string[]} [ai_tried]
 * @property {number[]} [sentiment_trail]
 * @property {HandoffFact[]} [facts]
 * @property {number} [priority]
 */

/**
 * @typedef {object} Customer
 * @property {string} name
 * @property {string | null} email
 */

/**
 * A conversation assigned to the agent (AssignedOut).
 * @typedef {object} Conversation
 * @property {string} id
 * @property {string} domain
 * @property {string | null} language
 * @property {ConversationStatus} status
 * @property {Customer} customer
 * @property {string | null} queued_at
 * @property {string | null} assigned_at
 * @property {HandoffPacket | null} handoff
 * @property {Message[]} messages
 * @property {ProposedLesson | null} [proposed_lesson]
 */

/**
 * What resolving proposes to teach, as of the message `upto` (ProposedLessonOut).
 * @typedef {object} ProposedLesson
 * @property {string} question
 * @property {string} answer
 * @property {number | null} upto
 */

/**
 * A conversation waiting for a person (QueuedOut).
 * @typedef {object} QueueItem
 * @property {string} id
 * @property {string} domain
 * @property {string | null} language
 * @property {number} priority
 * @property {number} waited_seconds
 * @property {string[]} reasons
 * @property {string[]} [waiting_for] why the router left it waiting: "stage" or "code:count"
 */

/** @typedef {"available" | "break" | "offline"} AgentStatus */

/**
 * A member of staff with their load and wellbeing (AgentOut).
 * @typedef {object} Agent
 * @property {number} id
 * @property {string} username
 * @property {string} display_name
 * @property {string} role
 * @property {AgentStatus} status
 * @property {string[]} skills
 * @property {string[]} languages
 * @property {number} capacity
 * @property {number} active
 * @property {number} load
 * @property {"normal" | "high" | "very_high"} load_level
 * @property {number} effective_capacity
 * @property {number} recent_hard
 * @property {number} hard_today
 * @property {number} hard_share
 * @property {number} occupancy_last_hour
 * @property {number} worked_minutes_today
 * @property {number} worked_minutes_week
 * @property {boolean} break_due
 * @property {string | null} break_due_at
 * @property {boolean} [break_in_lull] the break is asked for early because nobody waits
 * @property {number} breaks_taken_today
 * @property {number} overtime_minutes
 * @property {string | null} cooling_down_until
 * @property {string[]} alerts
 * @property {number | null} [check_in] the agent's own valid check-in: /agents/me only
 * @property {boolean} [ask_check_in]
 */

/**
 * POST /auth/login (LoginOut).
 * @typedef {object} Login
 * @property {string} access_token
 * @property {string} token_type
 * @property {"agent" | "supervisor"} role
 */

/**
 * GET /metrics/summary (src/tandem/metrics/summary.py).
 * @typedef {object} MetricsSummary
 * @property {number} conversations
 * @property {number | null} containment_rate null until a customer has talked to the AI
 * @property {Record<string, number>} escalations_by_reason
 * @property {number} queue_length
 * @property {{avg: number, max: number}} wait_seconds
 * @property {number} asa_seconds
 * @property {Partial<Record<AgentStatus, number>>} agents_by_status the agents, supervisors not counted
 * @property {number} [agents_busy] available agents in at least one chat
 * @property {{contained: number, finished: number, in_progress: number}} [containment] what the rate is over
 * @property {{average: number | null, count: number}} csat
 * @property {{total: number, by_staff: number, unanswered: number}} [ended_for_abuse]
 * @property {{agent_id: number, username: string, display_name: string, until: string}[]} [cooling_down]
 */

/**
 * A hostile conversation waiting for a supervisor (GET /api/v1/supervisor/waiting).
 * @typedef {object} WaitingForSupervisor
 * @property {string} id
 * @property {string} domain
 * @property {string | null} language
 * @property {number} waited_seconds
 * @property {string} closes_at ISO 8601: closed, flagged as abuse, if nobody takes it by then
 * @property {number} closes_in_seconds
 */

/**
 * An article agent assist found (ArticleHitOut).
 * @typedef {object} ArticleHit
 * @property {string} article_id
 * @property {string} title
 * @property {string} body
 * @property {number} score
 */

/**
 * A suggested reply: from an article, a learned answer (ReplyHintOut) or the language model's draft (no score).
 * @typedef {object} ReplyHint
 * @property {string} text
 * @property {string} source "article", "learned" or "draft"
 * @property {string} source_id
 * @property {number} [score]
 */

/**
 * GET /conversations/{id}/assist (AssistOut).
 * @typedef {object} Assist
 * @property {ArticleHit[]} articles
 * @property {ReplyHint[]} replies
 */

/**
 * GET /conversations/{id}/assist/draft: null without a language model (DraftOut).
 * @typedef {object} Draft
 * @property {string} text
 * @property {string} article_id
 * @property {string} article_title
 * @property {string} article_body
 */

/**
 * A lesson proposed by a resolved conversation, in the review queue (CandidateOut).
 * @typedef {object} Candidate
 * @property {number} id
 * @property {string} conversation_id
 * @property {string} domain
 * @property {string} language
 * @property {string} question
 * @property {string | null} intent
 * @property {string | null} suggested_intent
 * @property {boolean} checks_intent
 * @property {string} answer
 * @property {string} status
 * @property {string} created_at
 */

/**
 * An intent model version (ModelVersionOut); data, metrics and calibration are free-form on the server.
 * @typedef {object} ModelVersion
 * @property {number} id
 * @property {string} status "active", "retired", "rejected" or "failed"
 * @property {string} created_at
 * @property {string | null} promoted_at
 * @property {{learned_ids?: unknown[], probation?: string[]}} data
 * @property {{score?: number}} metrics
 * @property {{answer?: number}} calibration
 * @property {FigureFell[] | null} [rejection] a rejected version: the held-out figures that fell, the score first
 */

/**
 * One held-out figure that made a retrained version fall short (src/tandem/models/rejection.py).
 * @typedef {object} FigureFell
 * @property {string} measure "score", "answer_rate", "answer_precision", "escalation_recall" or "missed_escalations"
 * @property {string | null} language null for the score
 * @property {number} before the active version's
 * @property {number} after the retrained version's
 * @property {number | null} [allowed] the score: the lowest that would have been promoted
 */

/**
 * GET /models/{domain} (ModelsOut).
 * @typedef {object} ModelsView
 * @property {string} domain
 * @property {number | null} serving
 * @property {boolean} training
 * @property {ModelVersion[]} versions
 */

/**
 * The live events a page hears on the WebSocket (what the services publish, src/tandem/domain/events.py and
 * the services' outboxes). Each page reacts to the types it knows and ignores the others.
 * @typedef {{type: "message", conversation_id: string, message: Message}
 *   | {type: "status", conversation_id: string, status: ConversationStatus, queue: QueueInfo | null}
 *   | {type: "assigned", conversation_id: string}
 *   | {type: "queue", length: number}
 *   | {type: "agents"}
 *   | {type: "candidates"}
 *   | {type: "check_in", after: string}
 *   | {type: "wellbeing", break_due: boolean, reason: string | null, break_due_at: string | null}
 *   | {type: "alert", agent_id: number, alert: string}
 *   | {type: "my_status", status: AgentStatus, requeued: number}
 *   | {type: "supervisor_needed", conversation_id: string}} LiveEvent
 */

/**
 * What a failed call hands to the pages: an ApiError (status 0 without a network) or any other Error.
 * @typedef {{message: string, status?: number}} Failure
 */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/**
 * @param {unknown} data
 * @param {Response} response
 * @returns {string}
 */
function detailOf(data, response) {
  let detail = data && /** @type {{detail?: unknown}} */ (data).detail;
  if (Array.isArray(detail)) {
    // FastAPI's validation errors: a list of {loc, msg}.
    detail = detail.map(function (d) { return d && d.msg ? d.msg : JSON.stringify(d); }).join("; ");
  }
  return detail ? String(detail) : response.status + " " + response.statusText;
}

/**
 * @typedef {object} RequestOptions
 * @property {string | null} [token]
 * @property {unknown} [body] sent as JSON; with one, the default method is POST
 * @property {string} [method]
 */

/**
 * request("/api/v1/...", {token, body, method}) -> parsed JSON; throws ApiError(status, detail). The JSON is
 * what the server says it is: callers name its type (one of the typedefs above).
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<unknown>}
 */
export async function request(path, options) {
  options = options || {};
  const hasBody = options.body !== undefined;
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json" };
  if (hasBody) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = "Bearer " + options.token;
  let response;
  try {
    response = await fetch(path, {
      method: options.method || (hasBody ? "POST" : "GET"),
      headers: headers,
      body: hasBody ? JSON.stringify(options.body) : undefined,
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, T.t("common.network"));
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) throw new ApiError(response.status, detailOf(data, response));
  return data;
}

/**
 * @typedef {object} LiveOptions
 * @property {string} token
 * @property {(event: LiveEvent) => void} onEvent
 * @property {() => void} [poll]
 * @property {(up: boolean) => void} [onState]
 * @property {number} [pollMs]
 */

/**
 * @typedef {object} Live
 * @property {() => void} stop
 * @property {() => boolean} isUp
 */

/**
 * live({token, onEvent, poll, onState}): a WebSocket to /api/v1/ws that sends the token as its first message
 * ({"type": "auth"}) and is up once the server answers {"type": "ready"}. It reconnects with exponential backoff,
 * capped at 10 s so an agent is back well within the server's presence grace period (20 s by default).
 * While it is down, poll() runs every pollMs; on each (re)connection poll() runs once to catch up.
 * @param {LiveOptions} options
 * @returns {Live}
 */
export function live(options) {
  /** @type {WebSocket | null} */
  let socket = null;
  let stopped = false;
  let ready = false;
  let attempt = 0;
  /** @type {number | undefined} */
  let retryTimer = undefined;
  /** @type {number | undefined} */
  let pollTimer = undefined;
  const pollMs = options.pollMs || 4000;

  function poll() { if (options.poll) options.poll(); }

  /** @param {boolean} up */
  function setUp(up) {
    if (up) {
      clearInterval(pollTimer);
      pollTimer = undefined;
    } else if (!pollTimer && !stopped) {
      pollTimer = setInterval(poll, pollMs);
    }
    if (options.onState) options.onState(up);
  }

  function schedule() {
    if (stopped) return;
    const delay = Math.min(10000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    attempt += 1;
    retryTimer = setTimeout(connect, delay);
  }

  function connect() {
    if (stopped) return;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    /** @type {WebSocket} */
    let opened;
    try {
      // The token goes in the first message, never in the URL: URLs end up in access logs.
      socket = opened = new WebSocket(scheme + location.host + "/api/v1/ws");
    } catch {
      schedule();
      return;
    }
    opened.onopen = function () {
      opened.send(JSON.stringify({ type: "auth", token: options.token }));
    };
    opened.onmessage = function (message) {
      /** @type {unknown} */
      let event;
      try { event = JSON.parse(message.data); } catch { return; }
      if (!event || typeof (/** @type {{type?: unknown}} */ (event).type) !== "string") return;
      if (/** @type {{type: string}} */ (event).type === "ready") {
        // Subscribed: from here on nothing is missed, so catch up once and stop polling.
        attempt = 0;
        ready = true;
        setUp(true);
        poll();
        return;
      }
      options.onEvent(/** @type {LiveEvent} */ (event));
    };
    opened.onclose = function () {
      socket = null;
      ready = false;
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
    isUp: function () { return ready && !!socket && socket.readyState === WebSocket.OPEN; },
  };
}

/**
 * The element with this id. The page's template has it, so it is never null here (a missing one fails at its
 * first use, as it always did); callers that need a particular kind of element name it with a cast.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function $(id) {
  return /** @type {HTMLElement} */ (document.getElementById(id));
}

/**
 * el("li", "message", "text") -> an element whose text is set as text, never parsed as HTML.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string | null} [className]
 * @param {string | number | null} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** @param {Node} node */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** @returns {string} */
export function uuid() {
  if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

/** sessionStorage as JSON; what get() returns is what was set, so callers name its type. */
export const store = {
  /**
   * @param {string} key
   * @returns {unknown} null when absent (or unreadable)
   */
  get: function (key) {
    try { return JSON.parse(sessionStorage.getItem(key) ?? "null"); } catch { return null; }
  },
  /**
   * @param {string} key
   * @param {unknown} value
   */
  set: function (key, value) {
    try { sessionStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: memory only */ }
  },
  /** @param {string} key */
  remove: function (key) {
    try { sessionStorage.removeItem(key); } catch { /* ignore */ }
  },
};

/**
 * 42 -> "42 s", 300 -> "5 min".
 * @param {unknown} seconds
 * @returns {string}
 */
export function duration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  return s < 90 ? T.t("common.seconds", { n: s }) : T.t("common.minutes", { n: Math.round(s / 60) });
}

/**
 * The time of day of an ISO 8601 date (now without one), "" when it is not a date.
 * @param {string | null} [iso]
 * @returns {string}
 */
export function time(iso) {
  const date = iso ? new Date(iso) : new Date();
  if (isNaN(date.getTime())) return "";
  return date.toLocaleTimeString(LOCALE, { hour: "numeric", minute: "2-digit" });
}

/**
 * `value` with `digits` decimals as the reader writes numbers ("0,72" in French, "0.72" in English).
 * @param {number} value
 * @param {number} digits
 * @returns {string}
 */
export function decimal(value, digits) {
  return new Intl.NumberFormat(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** The reader's locale: the browser's preferred variant of the page's language (en-GB, fr-CA...), else the
 * language itself, so times read "18:52" or "6:52 PM" as the reader writes them. */
export const LOCALE = (navigator.languages || []).find(function (l) {
  return l.split("-")[0].toLowerCase() === T.lang;
}) || T.lang;

/**
 * @param {() => void} fn
 * @param {number} ms
 * @returns {() => void}
 */
export function debounce(fn, ms) {
  /** @type {number | undefined} */
  let timer = undefined;
  return function () {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
