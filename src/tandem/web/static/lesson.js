// "Teach the AI" in the agent workspace: what resolving a conversation proposes for the AI to learn. Prefilled
// (the question the AI handed over on, the agent's last reply, the AI's own intent guess), so one click on
// Resolve sends the defaults; what the agent edits stays as edited. A supervisor reviews every proposal.
(function () {
  "use strict";
  var T = window.Tandem;
  var $ = function (id) { return document.getElementById(id); };

  // The customer message the AI escalated on: the last one the AI replied to before a person wrote (after the
  // hand-over the AI stays quiet); the packet's own record of it when it has one.
  function escalatedQuestion(conversation) {
    var packet = conversation.handoff || {};
    if (packet.question) return String(packet.question);
    var messages = conversation.messages || [];
    var firstAgent = messages.findIndex(function (m) { return m.author === "agent"; });
    var before = firstAgent < 0 ? messages : messages.slice(0, firstAgent);
    var question = null;
    before.forEach(function (m, i) {
      var next = before[i + 1];
      if (m.author === "customer" && next && next.author === "ai") question = m;
    });
    if (!question) question = before.filter(function (m) { return m.author === "customer"; }).pop();
    // A masked message is shown with its insults hidden: not something to teach.
    return question && !question.masked ? question.text : "";
  }

  function lastReply(conversation) {
    var mine = (conversation.messages || []).filter(function (m) { return m.author === "agent"; });
    return mine.length ? mine[mine.length - 1].text : "";
  }

  // form({token(), fail(err)}) -> {show(conversation), body()}
  function form(options) {
    var question = $("teach-question");
    var answer = $("teach-answer");
    var learn = $("teach-learn");
    var picker = new T.intents.Picker($("teach-intent"), $("teach-intent-new"), T.t("common.intent_guess"));
    var shownId = null;
    var shownDomain = null;

    [question, answer].forEach(function (field) {
      field.addEventListener("input", function () { field.setAttribute("data-edited", "true"); });
    });
    learn.addEventListener("change", function () { $("teach").setAttribute("data-learn", String(learn.checked)); });

    // Fill a field with its default unless the agent has written in it.
    function prefill(field, text) {
      if (field.getAttribute("data-edited") !== "true") field.value = text;
    }

    function loadIntents(domain) {
      shownDomain = domain;
      T.intents.load(options.token(), domain).then(function (names) {
        if (shownDomain !== domain) return;
        var chosen = picker.value();
        picker.fill(names, chosen);
      }, options.fail);
    }

    function show(conversation) {
      if (!conversation) {
        shownId = null;
        return;
      }
      if (conversation.id !== shownId) {
        shownId = conversation.id;
        question.removeAttribute("data-edited");
        answer.removeAttribute("data-edited");
        learn.checked = true;
        $("teach").setAttribute("data-learn", "true");
        picker.set(null, []);
        loadIntents(conversation.domain);
      }
      prefill(question, escalatedQuestion(conversation));
      prefill(answer, lastReply(conversation));
    }

    // The resolve request's body: what the agent confirms (the server proposes whatever is left empty).
    function body() {
      if (!learn.checked) return { learn: false };
      var out = { learn: true };
      var q = question.value.trim();
      var a = answer.value.trim();
      var intent = picker.value();
      if (q) out.question = q;
      if (a) out.answer = a;
      if (intent) out.intent = intent;
      return out;
    }

    // Whether resolving with body() proposes something (a question and an answer to learn).
    function proposes() {
      return learn.checked && !!question.value.trim() && !!answer.value.trim();
    }

    // Why the lesson cannot be sent as it is (then the form opens on it), or null.
    function problem() {
      var why = learn.checked ? picker.problem() : null;
      if (why) {
        $("teach").open = true;
        $("teach-intent-new").focus();
      }
      return why;
    }

    return { show: show, body: body, proposes: proposes, problem: problem };
  }

  T.lesson = { form: form };
})();
