// Agent assist for the open conversation: suggested replies (one click puts one in the reply box, to edit and
// send by hand: nothing is ever sent from here) and help articles whose body unfolds. Every value is text.
(function () {
  "use strict";
  var T = window.Tandem;
  var $ = function (id) { return document.getElementById(id); };

  // panel({token(), insert(text), fail(err)}) -> {show(conversation)}: call show() whenever the conversation
  // or its messages change; it asks the server again only when the customer said something new.
  function panel(options) {
    var shownId = null; // the conversation the suggestions are for
    var shownCount = -1; // and how many customer messages it had then
    var asked = 0; // answers to older requests are dropped

    function percent(score) {
      return T.t("workspace.assist.match", { n: Math.round(Math.max(0, Math.min(1, Number(score) || 0)) * 100) });
    }

    function sourceOf(reply, titles) {
      if (reply.source === "learned") return T.t("workspace.assist.source_learned");
      if (reply.source === "draft") return T.t("workspace.assist.source_draft", { title: titles[reply.source_id] || "" });
      var title = titles[reply.source_id];
      return title ? T.t("workspace.assist.source_article", { title: title }) : T.t("workspace.assist.source_article_plain");
    }

    function replyItem(reply, titles) {
      var li = T.el("li", "assist-reply");
      li.setAttribute("data-source", reply.source);
      li.appendChild(T.el("p", "assist-reply-text", reply.text));
      var foot = T.el("div", "assist-foot");
      var source = sourceOf(reply, titles);
      foot.appendChild(T.el("span", "muted", reply.score === undefined ? source : source + " · " + percent(reply.score)));
      var button = T.el("button", "button small assist-insert", T.t("workspace.assist.insert"));
      button.type = "button";
      button.setAttribute("aria-label", T.t("workspace.assist.insert_label", { text: reply.text }));
      button.addEventListener("click", function () { options.insert(reply.text); });
      foot.appendChild(button);
      li.appendChild(foot);
      return li;
    }

    function renderReplies(replies, titles) {
      var ul = $("assist-replies");
      T.clear(ul);
      replies.forEach(function (reply) { ul.appendChild(replyItem(reply, titles)); });
      $("assist-replies-box").hidden = replies.length === 0;
    }

    // The optional language model's draft (null without one): slower, so it joins the replies when it comes.
    async function loadDraft(id, mine) {
      var draft = null;
      try {
        draft = await T.request("/api/v1/conversations/" + encodeURIComponent(id) + "/assist/draft", { token: options.token() });
      } catch (err) {
        return; // the suggestions without a draft are still worth having
      }
      if (!draft || mine !== asked) return;
      var titles = {};
      titles[draft.article_id] = draft.article_title;
      var ul = $("assist-replies");
      ul.insertBefore(replyItem({ text: draft.text, source: "draft", source_id: draft.article_id }, titles), ul.firstChild);
      $("assist-replies-box").hidden = false;
      $("assist-empty").hidden = true;
    }

    function renderArticles(articles) {
      var ul = $("assist-articles");
      T.clear(ul);
      articles.forEach(function (article) {
        var li = T.el("li", "assist-article");
        li.setAttribute("data-article", article.article_id);
        var details = T.el("details");
        var summary = T.el("summary", null, article.title);
        summary.appendChild(T.el("span", "muted assist-score", " · " + percent(article.score)));
        details.appendChild(summary);
        details.appendChild(T.el("p", "assist-article-body", article.body));
        li.appendChild(details);
        ul.appendChild(li);
      });
      $("assist-articles-box").hidden = articles.length === 0;
    }

    function render(data) {
      var articles = (data && data.articles) || [];
      var replies = (data && data.replies) || [];
      var titles = {};
      articles.forEach(function (a) { titles[a.article_id] = a.title; });
      renderReplies(replies, titles);
      renderArticles(articles);
      $("assist-empty").hidden = articles.length + replies.length > 0;
      $("assist").setAttribute("data-state", "ready");
    }

    async function load(id) {
      var mine = ++asked;
      $("assist").setAttribute("data-state", "loading");
      try {
        var data = await T.request("/api/v1/conversations/" + encodeURIComponent(id) + "/assist", { token: options.token() });
        if (mine !== asked) return;
        render(data);
        loadDraft(id, mine);
      } catch (err) {
        if (mine !== asked) return;
        shownCount = -1; // try again on the next change
        render(null);
        options.fail(err);
      }
    }

    function show(conversation) {
      if (!conversation) {
        shownId = null;
        asked += 1;
        render(null);
        $("assist").hidden = true;
        return;
      }
      $("assist").hidden = false;
      var customer = (conversation.messages || []).filter(function (m) { return m.author === "customer"; }).length;
      if (conversation.id === shownId && customer === shownCount) return;
      // Never show another customer's suggestions, even for a moment.
      if (conversation.id !== shownId) render(null);
      shownId = conversation.id;
      shownCount = customer;
      load(conversation.id);
    }

    return { show: show };
  }

  T.assist = { panel: panel };
})();
