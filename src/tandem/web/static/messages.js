// @ts-check
// A rendered message list shared by the widget and the agent workspace. Messages arrive from several places
// (the POST answer, the WebSocket, polling), so they are de-duplicated by id, and an optimistic entry shown
// before the server gave it an id is matched to the server's copy by author and text. Times are written for the
// reader: the browser's own variant of the page's language (en-GB, en-US, fr-CA...), with the day when not today.
import { LOCALE, clear, el } from "./api.js";

/** @import { Author, Message } from "./api.js" */

/**
 * A message on the list; id is null until the server's copy of it arrived.
 * @typedef {object} Entry
 * @property {string | null} id
 * @property {Author} author
 * @property {string} text
 * @property {string | null | undefined} created_at
 * @property {boolean} [masked]
 * @property {boolean} [mine] typed on this page
 * @property {boolean} [claimed] a reply matched to a POST answer
 * @property {HTMLElement} [node] set once rendered
 */

/**
 * @typedef {object} ListOptions
 * @property {(id: string) => Promise<string>} [reveal] a masked message's original text (staff only)
 * @property {string} [revealLabel]
 */

const TIME = new Intl.DateTimeFormat(LOCALE, { hour: "numeric", minute: "2-digit" });
const DAY_TIME = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
const FULL = new Intl.DateTimeFormat(LOCALE, { dateStyle: "full", timeStyle: "short" });

/**
 * When a message was written, as the reader says it: the time today, the day and time before (now when pending);
 * `full` for a tooltip.
 * @param {string | null | undefined} iso
 * @returns {{short: string, full: string}}
 */
export function when(iso) {
  const date = iso ? new Date(iso) : new Date();
  if (isNaN(date.getTime())) return { short: "", full: "" };
  const today = date.toDateString() === new Date().toDateString();
  return { short: (today ? TIME : DAY_TIME).format(date), full: FULL.format(date) };
}

export class MessageList {
  /**
   * root: the <ol>; scroller: the element that scrolls (root itself unless given). options.reveal(id) -> a promise
   * of a masked message's original text (staff only), offered behind a button labelled options.revealLabel.
   * @param {HTMLElement} root
   * @param {(author: Author) => string} labelFor
   * @param {HTMLElement | null} [scroller]
   * @param {ListOptions} [options]
   */
  constructor(root, labelFor, scroller, options) {
    this.root = root;
    this.scroller = scroller || root;
    this.labelFor = labelFor;
    this.options = options || {};
    /** @type {Entry[]} */
    this.entries = [];
    /** @type {Set<string>} */
    this.ids = new Set();
  }

  clear() {
    this.entries = [];
    this.ids = new Set();
    clear(this.root);
  }

  /** @param {Entry} entry */
  _render(entry) {
    const item = el("li", "message message-" + entry.author);
    item.setAttribute("data-author", entry.author);
    const head = el("div", "message-head");
    head.appendChild(el("span", "message-author", this.labelFor(entry.author)));
    const written = when(entry.created_at);
    const stamp = el("time", "message-time", written.short);
    stamp.title = written.full;
    head.appendChild(stamp);
    item.appendChild(head);
    const text = el("p", "message-text", entry.text);
    item.appendChild(text);
    if (entry.masked) this._maskable(entry, item, text);
    entry.node = item;
    this._mark(entry);
    const box = this.scroller;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    this.root.appendChild(item);
    if (nearBottom || entry.mine) box.scrollTop = box.scrollHeight;
  }

  /**
   * A message shown with the customer's insults masked: a button reveals it, on purpose (the server logs it).
   * @param {Entry} entry
   * @param {HTMLElement} item
   * @param {HTMLElement} text
   */
  _maskable(entry, item, text) {
    item.setAttribute("data-masked", "true");
    const reveal = this.options.reveal;
    if (!reveal) return;
    const button = el("button", "link-button reveal", this.options.revealLabel || "");
    button.type = "button";
    button.addEventListener("click", function () {
      button.disabled = true;
      // A masked entry always has its id: it came from the server.
      reveal(/** @type {string} */ (entry.id)).then(function (original) {
        text.textContent = original; // text, never markup
        item.setAttribute("data-masked", "revealed");
        if (button.parentNode) button.parentNode.removeChild(button);
      }, function () { button.disabled = false; });
    });
    item.appendChild(button);
  }

  /** @param {Entry} entry an entry already rendered: pending, or the server's copy with the server's time */
  _mark(entry) {
    const node = /** @type {HTMLElement} */ (entry.node);
    if (entry.id === null) node.setAttribute("data-pending", "true");
    else {
      node.removeAttribute("data-pending");
      node.setAttribute("data-id", String(entry.id));
    }
    const stamp = node.querySelector(".message-time");
    if (stamp && entry.created_at) {
      const written = when(entry.created_at);
      stamp.textContent = written.short;
      stamp.setAttribute("title", written.full);
      stamp.setAttribute("datetime", entry.created_at);
    }
  }

  /**
   * @param {Entry} entry
   * @returns {Entry}
   */
  _append(entry) {
    this.entries.push(entry);
    this._render(entry);
    return entry;
  }

  /**
   * A message the server knows (it has an id). Returns true when it was not shown yet.
   * @param {Message | null | undefined} message
   * @returns {boolean}
   */
  add(message) {
    if (!message || message.id === undefined || message.id === null) return false;
    const key = String(message.id);
    if (this.ids.has(key)) return false;
    this.ids.add(key);
    for (let i = 0; i < this.entries.length; i++) {
      const pending = this.entries[i];
      if (pending.id === null && pending.author === message.author && pending.text === message.text) {
        pending.id = key;
        pending.created_at = message.created_at || pending.created_at;
        this._mark(pending);
        return false;
      }
    }
    this._append({
      id: key, author: message.author, text: message.text, created_at: message.created_at, masked: !!message.masked,
    });
    return true;
  }

  /**
   * Shown at once, before the server answered; mine = typed on this page.
   * @param {Author} author
   * @param {string} text
   * @returns {Entry}
   */
  addPending(author, text) {
    return this._append({ id: null, author: author, text: text, created_at: null, mine: true });
  }

  /**
   * A reply that came without an id in the POST answer: skip it when the WebSocket already delivered it
   * after `since` (the message it answers).
   * @param {Author} author
   * @param {string} text
   * @param {Entry} [since]
   * @returns {Entry}
   */
  addReply(author, text, since) {
    const start = since ? this.entries.indexOf(since) + 1 : 0;
    for (let i = start; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry.id !== null && !entry.claimed && entry.author === author && entry.text === text) {
        entry.claimed = true;
        return entry;
      }
    }
    return this._append({ id: null, author: author, text: text, created_at: null, claimed: true });
  }

  /** @param {Entry} entry */
  remove(entry) {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    if (entry.node && entry.node.parentNode) entry.node.parentNode.removeChild(entry.node);
  }
}
