// "What the AI learns": the supervisor's review queue of lessons proposed by resolved conversations. Each one can
// be edited (question, intent, answer) and approved — the AI retrains with it — or rejected. Every value is text.
(function () {
  "use strict";
  var T = window.Tandem;
  var $ = function (id) { return document.getElementById(id); };

  // queue({token(), fail(err), done(text)}) -> {refresh()}
  function queue(options) {
    var loading = null;
    var again = false;
    var shown = {}; // candidate id -> its card, kept across refreshes so edits in progress survive

    // A labelled control; `shown` is what goes on the page when the control sits inside something else.
    function field(box, id, label, control, shown) {
      var wrap = T.el("div", "review-field");
      control.id = id;
      var tag = T.el("label", null, label);
      tag.htmlFor = id;
      wrap.appendChild(tag);
      wrap.appendChild(shown || control);
      box.appendChild(wrap);
      return control;
    }

    function textarea(value, rows, max) {
      var node = T.el("textarea");
      node.rows = rows;
      node.maxLength = max;
      node.value = value || "";
      return node;
    }

    function card(c) {
      var li = T.el("li", "card-inner review-item");
      li.setAttribute("data-candidate", String(c.id));
      li.appendChild(T.el("p", "muted review-meta", T.t("dashboard.review.meta", {
        domain: T.label("domains", c.domain),
        language: String(c.language || "").toUpperCase(),
        time: T.time(c.created_at),
        conversation: String(c.conversation_id).slice(0, 8),
      })));
      var prefix = "review-" + c.id + "-";
      var question = field(li, prefix + "question", T.t("dashboard.review.question"), textarea(c.question, 2, 1000));
      var select = T.el("select");
      var input = T.el("input");
      input.maxLength = 64;
      input.autocomplete = "off";
      input.hidden = true;
      input.id = prefix + "intent-new";
      var intentBox = T.el("div", "intent-picker");
      intentBox.appendChild(select);
      intentBox.appendChild(input);
      field(li, prefix + "intent", T.t("dashboard.review.intent"), select, intentBox);
      var picker = new T.intents.Picker(select, input, T.t("common.intent_choose"));
      // Approving a question the AI would have answered checks its guess: right only if the intent stays it.
      if (c.suggested_intent && c.checks_intent) {
        li.setAttribute("data-checks", c.suggested_intent);
        li.appendChild(T.el("p", "review-suggested review-checks", T.t("dashboard.review.checks", {
          intent: String(c.suggested_intent).replace(/_/g, " "),
        })));
      } else if (c.suggested_intent && c.suggested_intent !== c.intent) {
        li.appendChild(T.el("p", "muted review-suggested", T.t("dashboard.review.suggested", {
          intent: String(c.suggested_intent).replace(/_/g, " "),
        })));
      }
      var answer = field(li, prefix + "answer", T.t("dashboard.review.answer"), textarea(c.answer, 3, 4000));
      var actions = T.el("div", "review-actions");
      var approve = T.el("button", "button success review-approve", T.t("dashboard.review.approve"));
      var reject = T.el("button", "button danger review-reject", T.t("dashboard.review.reject"));
      approve.type = reject.type = "button";
      actions.appendChild(approve);
      actions.appendChild(reject);
      li.appendChild(actions);

      picker.set(c.intent, []);
      T.intents.load(options.token(), c.domain).then(function (names) {
        picker.fill(names, picker.value() || c.intent);
      }, options.fail);

      approve.addEventListener("click", function () {
        var problem = picker.problem();
        if (problem) return options.fail(new Error(problem));
        var intent = picker.value();
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

    async function decide(c, action, body, done, buttons) {
      buttons.forEach(function (b) { b.disabled = true; });
      try {
        await T.request("/api/v1/learning/candidates/" + encodeURIComponent(c.id) + "/" + action, {
          token: options.token(),
          method: "POST",
          body: body,
        });
        options.done(T.t(done));
        if (action === "approve") T.intents.load(options.token(), c.domain, true).catch(function () {});
      } catch (err) {
        options.fail(err);
      } finally {
        buttons.forEach(function (b) { b.disabled = false; });
        refresh();
      }
    }

    function render(items) {
      var ul = $("review-list");
      var keep = {};
      items.forEach(function (c) {
        var node = shown[c.id] || card(c);
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

    // One request at a time; a refresh asked for meanwhile runs once after it.
    function refresh() {
      if (loading) {
        again = true;
        return loading;
      }
      loading = T.request("/api/v1/learning/candidates?status=pending", { token: options.token() })
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

  T.review = { queue: queue };
})();
