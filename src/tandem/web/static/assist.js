// @ts-check
// Agent assist for the open conversation: suggested replies (one click puts one in the reply box, to edit and
// send by hand: nothing is ever sent from here) and help articles whose body unfolds. Every value is text.
import * as T from "./i18n.js";
import { $, clear, el, request } from "./api.js";

/** @import { ArticleHit, Assist, Conversation, Draft, Failure, ReplyHint } from "./api.js" */

/**
 * @typedef {object} PanelOptions
 * @property {() => string} token
 * @property {(text: string) => void} insert
 * @property {(err: Failure) => void} fail
 */

/**
 * panel({token(), insert(text), fail(err)}) -> {show(conversation)}: call show() whenever the conversation
 * or its messages change; it asks the server again only when the customer said something new.
 * @param {PanelOptions} options
 * @returns {{show: (conversation: Conversation | null) => void}}
 */
export function assistPanel(options) {
  /** @type {string | null} */
  let shownId = null; // the conversation the suggestions are for
  let shownCount = -1; // and how many customer messages it had then
  let asked = 0; // answers to older requests are dropped

  /**
   * The server's score is the calibrated probability that the suggestion is relevant (tandem.assist.relevance),
   * not a text similarity: it is said as such.
   * @param {number | undefined} score
   */
  function percent(score) {
    return T.t("workspace.assist.match", { n: Math.round(Math.max(0, Math.min(1, Number(score) || 0)) * 100) });
  }

  /**
   * @param {ReplyHint} reply
   * @param {Record<string, string>} titles article id -> title
   * @returns {string}
   */
  function sourceOf(reply, titles) {
    if (reply.source === "learned") return T.t("workspace.assist.source_learned");
    if (reply.source === "draft") return T.t("workspace.assist.source_draft", { title: titles[reply.source_id] || "" });
    const title = titles[reply.source_id];
    return title ? T.t("workspace.assist.source_article", { title: title }) : T.t("workspace.assist.source_article_plain");
  }

  /**
   * @param {ReplyHint} reply
   * @param {Record<string, string>} titles
   * @returns {HTMLLIElement}
   */
  function replyItem(reply, titles) {
    const li = el("li", "assist-reply");
    li.setAttribute("data-source", reply.source);
    li.appendChild(el("p", "assist-reply-text", reply.text));
    const foot = el("div", "assist-foot");
    const source = sourceOf(reply, titles);
    foot.appendChild(el("span", "muted", reply.score === undefined ? source : source + " · " + percent(reply.score)));
    const button = el("button", "button small assist-insert", T.t("workspace.assist.insert"));
    button.type = "button";
    button.setAttribute("aria-label", T.t("workspace.assist.insert_label", { text: reply.text }));
    button.addEventListener("click", function () { options.insert(reply.text); });
    foot.appendChild(button);
    li.appendChild(foot);
    return li;
  }

  /**
   * @param {ReplyHint[]} replies
   * @param {Record<string, string>} titles
   */
  function renderReplies(replies, titles) {
    const ul = $("assist-replies");
    clear(ul);
    replies.forEach(function (reply) { ul.appendChild(replyItem(reply, titles)); });
    $("assist-replies-box").hidden = replies.length === 0;
  }

  /**
   * The optional language model's draft (null without one): slower, so it joins the replies when it comes.
   * @param {string} id
   * @param {number} mine
   */
  async function loadDraft(id, mine) {
    /** @type {Draft | null} */
    let draft;
    try {
      draft = /** @type {Draft | null} */ (
        await request("/api/v1/conversations/" + encodeURIComponent(id) + "/assist/draft", { token: options.token() })
      );
    } catch {
      return; // the suggestions without a draft are still worth having
    }
    if (!draft || mine !== asked) return;
    /** @type {Record<string, string>} */
    const titles = {};
    titles[draft.article_id] = draft.article_title;
    const ul = $("assist-replies");
    ul.insertBefore(replyItem({ text: draft.text, source: "draft", source_id: draft.article_id }, titles), ul.firstChild);
    $("assist-replies-box").hidden = false;
    $("assist-empty").hidden = true;
  }

  /** @param {ArticleHit[]} articles */
  function renderArticles(articles) {
    const ul = $("assist-articles");
    clear(ul);
    articles.forEach(function (article) {
      const li = el("li", "assist-article");
      li.setAttribute("data-article", article.article_id);
      const details = el("details");
      const summary = el("summary", null, article.title);
      summary.appendChild(el("span", "muted assist-score", " · " + percent(article.score)));
      details.appendChild(summary);
      details.appendChild(el("p", "assist-article-body", article.body));
      li.appendChild(details);
      ul.appendChild(li);
    });
    $("assist-articles-box").hidden = articles.length === 0;
  }

  /**
   * @param {Assist | null} data null: nothing asked yet (or the request failed)
   */
  function render(data) {
    const articles = (data && data.articles) || [];
    const replies = (data && data.replies) || [];
    /** @type {Record<string, string>} */
    const titles = {};
    articles.forEach(function (a) { titles[a.article_id] = a.title; });
    renderReplies(replies, titles);
    renderArticles(articles);
    const empty = $("assist-empty");
    empty.hidden = articles.length + replies.length > 0;
    // Below the relevance floor the server sends nothing rather than noise: say so plainly.
    empty.textContent = T.t(data ? "workspace.assist.no_match" : "workspace.assist.empty");
    $("assist").setAttribute("data-state", "ready");
  }

  /** @param {string} id */
  async function load(id) {
    const mine = ++asked;
    $("assist").setAttribute("data-state", "loading");
    try {
      const data = /** @type {Assist} */ (
        await request("/api/v1/conversations/" + encodeURIComponent(id) + "/assist", { token: options.token() })
      );
      if (mine !== asked) return;
      render(data);
      loadDraft(id, mine);
    } catch (err) {
      if (mine !== asked) return;
      shownCount = -1; // try again on the next change
      render(null);
      options.fail(/** @type {Failure} */ (err));
    }
  }

  /** @param {Conversation | null} conversation */
  function show(conversation) {
    if (!conversation) {
      shownId = null;
      asked += 1;
      render(null);
      $("assist").hidden = true;
      return;
    }
    $("assist").hidden = false;
    const customer = (conversation.messages || []).filter(function (m) { return m.author === "customer"; }).length;
    if (conversation.id === shownId && customer === shownCount) return;
    // Never show another customer's suggestions, even for a moment.
    if (conversation.id !== shownId) render(null);
    shownId = conversation.id;
    shownCount = customer;
    load(conversation.id);
  }

  return { show: show };
}
