// A rendered message list shared by the widget and the agent workspace. Messages arrive from several places
// (the POST answer, the WebSocket, polling), so they are de-duplicated by id, and an optimistic entry shown
// before the server gave it an id is matched to the server's copy by author and text.
(function () {
  "use strict";
  var T = window.Tandem;

  // root: the <ol>; scroller: the element that scrolls (root itself unless given). options.reveal(id) -> a promise
  // of a masked message's original text (staff only), offered behind a button labelled options.revealLabel.
  function MessageList(root, labelFor, scroller, options) {
    this.root = root;
    this.scroller = scroller || root;
    this.labelFor = labelFor;
    this.options = options || {};
    this.entries = [];
    this.ids = new Set();
  }

  MessageList.prototype.clear = function () {
    this.entries = [];
    this.ids = new Set();
    T.clear(this.root);
  };

  MessageList.prototype._render = function (entry) {
    var item = T.el("li", "message message-" + entry.author);
    item.setAttribute("data-author", entry.author);
    var head = T.el("div", "message-head");
    head.appendChild(T.el("span", "message-author", this.labelFor(entry.author)));
    var when = T.el("time", "message-time", T.time(entry.created_at));
    if (entry.created_at) when.setAttribute("datetime", entry.created_at);
    head.appendChild(when);
    item.appendChild(head);
    var text = T.el("p", "message-text", entry.text);
    item.appendChild(text);
    if (entry.masked) this._maskable(entry, item, text);
    entry.node = item;
    this._mark(entry);
    var box = this.scroller;
    var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    this.root.appendChild(item);
    if (nearBottom || entry.mine) box.scrollTop = box.scrollHeight;
  };

  // A message shown with the customer's insults masked: a button reveals it, on purpose (the server logs it).
  MessageList.prototype._maskable = function (entry, item, text) {
    item.setAttribute("data-masked", "true");
    var reveal = this.options.reveal;
    if (!reveal) return;
    var button = T.el("button", "link-button reveal", this.options.revealLabel || "");
    button.type = "button";
    button.addEventListener("click", function () {
      button.disabled = true;
      reveal(entry.id).then(function (original) {
        text.textContent = original; // text, never markup
        item.setAttribute("data-masked", "revealed");
        if (button.parentNode) button.parentNode.removeChild(button);
      }, function () { button.disabled = false; });
    });
    item.appendChild(button);
  };

  MessageList.prototype._mark = function (entry) {
    if (entry.id === null) entry.node.setAttribute("data-pending", "true");
    else {
      entry.node.removeAttribute("data-pending");
      entry.node.setAttribute("data-id", String(entry.id));
    }
  };

  MessageList.prototype._append = function (entry) {
    this.entries.push(entry);
    this._render(entry);
    return entry;
  };

  // A message the server knows (it has an id). Returns true when it was not shown yet.
  MessageList.prototype.add = function (message) {
    if (!message || message.id === undefined || message.id === null) return false;
    var key = String(message.id);
    if (this.ids.has(key)) return false;
    this.ids.add(key);
    for (var i = 0; i < this.entries.length; i++) {
      var pending = this.entries[i];
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
  };

  // Shown at once, before the server answered; mine = typed on this page.
  MessageList.prototype.addPending = function (author, text) {
    return this._append({ id: null, author: author, text: text, created_at: null, mine: true });
  };

  // A reply that came without an id in the POST answer: skip it when the WebSocket already delivered it
  // after `since` (the message it answers).
  MessageList.prototype.addReply = function (author, text, since) {
    var start = since ? this.entries.indexOf(since) + 1 : 0;
    for (var i = start; i < this.entries.length; i++) {
      var entry = this.entries[i];
      if (entry.id !== null && !entry.claimed && entry.author === author && entry.text === text) {
        entry.claimed = true;
        return entry;
      }
    }
    return this._append({ id: null, author: author, text: text, created_at: null, claimed: true });
  };

  MessageList.prototype.remove = function (entry) {
    var index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    if (entry.node && entry.node.parentNode) entry.node.parentNode.removeChild(entry.node);
  };

  T.MessageList = MessageList;
})();
