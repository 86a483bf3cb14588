"""What the optional language model is used for: phrasing a knowledge article as an answer, the handoff
summary, and a suggested reply for the agent. Never the triage decision.

Every use has an offline result to fall back on, so each returns None when the model is down, slow, or says
something the article does not (`bot.grounding`); the callers then do what they did without a model.
"""

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tandem.domain.conversations import Author, Message
from tandem.domain.meta import MessageMeta, SourceArticle
from tandem.i18n import t
from tandem.llm.client import ChatMessage, LlmClient, LlmUnavailable
from tandem.llm.grounding import MIN_OVERLAP, check_grounding, unsupported_facts
from tandem.packs.knowledge import ArticleText

if TYPE_CHECKING:
    from tandem.settings import Settings

log = logging.getLogger(__name__)
NO_ANSWER = "NO_ANSWER"  # what the model is told to say when the article does not answer the question
SUMMARY_CHARS = 400
SUGGESTION_OVERLAP = 0.5  # an agent's reply may show more empathy than an article holds; the agent reads it
_LANGUAGE_NAMES = {"fr": "French", "en": "English"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORDY = re.compile(r"[^\W\d_]{3,}")
_SPEAKERS = {Author.CUSTOMER: "Customer", Author.AI: "Assistant", Author.AGENT: "Agent"}

_ANSWER_PROMPT = (
    "You are a customer-service assistant. Answer the customer's question using ONLY the article below. "
    "Do not add any fact, number, price, delay, link or condition that is not in the article, and do not "
    "change what it allows or forbids. If the article does not answer the question, reply exactly {no_answer}. "
    "Reply in {language}, in at most three sentences, with no greeting and no signature."
)
_SUMMARY_PROMPT = (
    "You write handoff notes for customer-service agents. Summarise the conversation below in at most two "
    "short factual sentences, in {language}: what the customer wants and what has been tried. Do not invent "
    "anything; keep order and tracking numbers as they are written."
)
_SUGGEST_PROMPT = (
    "You help a customer-service agent. Write the one reply the agent could send next, in {language}, using "
    "ONLY the facts of the article below. Do not add any fact, number, price, delay, link or condition that is "
    "not in the article. At most three sentences, no signature."
)


@dataclass(frozen=True, slots=True)
class PhrasedAnswer:
    """The model's wording of an article, checked against it; `text` ends with the article's reference."""

    text: str
    meta: MessageMeta = field(default_factory=MessageMeta)


class LlmAssist:
    """The model's three uses. Build one with `from_settings`; None there means no model is configured."""

    def __init__(self, client: LlmClient) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"LlmAssist({self.client!r})"

    @classmethod
    def from_settings(cls, settings: "Settings") -> "LlmAssist | None":
        """The configured model (`TANDEM_LLM_*`), or None when `TANDEM_LLM_URL` is unset."""
        if not settings.llm_url:
            return None
        client = LlmClient(
            settings.llm_url, settings.llm_model, settings.llm_api_key, timeout=settings.llm_timeout_seconds
        )
        return cls(client)

    def phrase_answer(self, question: str, article: ArticleText, language: str) -> PhrasedAnswer | None:
        """The customer's question answered in the model's words from `article` only, followed by the
        article's title as its source; None (send the article itself) if the model fails or strays from it."""
        if not _WORDY.search(question):  # "1", "yes": nothing to phrase an answer to
            return None
        system = _ANSWER_PROMPT.format(no_answer=NO_ANSWER, language=_language(language))
        user = f"Article: {article.title}\n{article.body}\n\nCustomer question: {question}"
        answer = self._grounded("answer", system, user, article, question)
        if answer is None:
            return None
        text = f"{answer}\n\n{t('llm_source', language, title=article.title)}"
        meta = MessageMeta(phrased_by="llm", article=SourceArticle(article.id, article.title, article.body))
        return PhrasedAnswer(text, meta)

    def summarize(self, transcript: Sequence[Message], language: str) -> str | None:
        """At most two sentences on what the customer wants, from the conversation (redacted before it leaves);
        None if the model fails or gives a number, link or contact the conversation does not."""
        lines = _lines(transcript)
        if not lines:
            return None
        system = _SUMMARY_PROMPT.format(language=_language(language))
        try:
            written = self.client.chat([ChatMessage("system", system), ChatMessage("user", lines)], "summary")
        except LlmUnavailable:
            return None
        summary = " ".join(_SENTENCE_END.split(" ".join(written.split()))[:2])
        if len(summary) > SUMMARY_CHARS or unsupported_facts(summary, lines):
            log.info("LLM summary rejected: too long or not from the conversation")
            return None
        return summary

    def suggest_reply(self, transcript: Sequence[Message], article: ArticleText, language: str) -> str | None:
        """One reply the agent could send next, from `article` only (checked as customer answers are), given
        the conversation so far; None if the model fails or strays from the article."""
        lines = _lines(transcript)
        if not lines:
            return None
        system = _SUGGEST_PROMPT.format(language=_language(language))
        user = f"Article: {article.title}\n{article.body}\n\nConversation:\n{lines}"
        customer_words = " ".join(m.text for m in transcript if m.author == Author.CUSTOMER)
        return self._grounded("suggestion", system, user, article, customer_words, SUGGESTION_OVERLAP)

    def _grounded(
        self,
        purpose: str,
        system: str,
        user: str,
        article: ArticleText,
        question: str,
        min_overlap: float = MIN_OVERLAP,
    ) -> str | None:
        try:
            answer = self.client.chat([ChatMessage("system", system), ChatMessage("user", user)], purpose)
        except LlmUnavailable:
            return None
        if NO_ANSWER in answer:
            return None
        source = f"{article.title}\n{article.body}"
        verdict = check_grounding(answer, source, question, min_overlap)
        if not verdict.grounded:
            # The kinds only: the answer itself may be wrong in ways nobody should read as the company's word.
            log.info("LLM %s rejected as not grounded in %s: %s", purpose, article.id, ", ".join(verdict.kinds))
            return None
        return answer


def _lines(transcript: Sequence[Message]) -> str:
    return "\n".join(f"{_SPEAKERS[m.author]}: {' '.join(m.text.split())}" for m in transcript if m.author in _SPEAKERS)


def _language(code: str) -> str:
    return _LANGUAGE_NAMES.get(code, code)
