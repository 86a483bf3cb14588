"""Agent assist: for the conversation in front of an agent, the best articles and replies to start from.

A pack's index is built once per process and (domain, language); approved answers are re-indexed, cheaply,
when they change.
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from tandem.assist.relevance import Guess
from tandem.assist.suggestions import AssistIndex, Suggestions
from tandem.domain.access import Principal, check_can_read, check_staff
from tandem.domain.conversations import Author, Conversation, Message
from tandem.domain.learning import LearnedAnswer
from tandem.domain.ports import UnitOfWork
from tandem.domain.shielding import for_staff
from tandem.llm.assist import LlmAssist
from tandem.packs.catalog import find_pack
from tandem.packs.knowledge import ArticleText

ASK_TURNS = 4  # the customer's last few messages say what the conversation is about now


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply the language model wrote from one article, checked against it; the article comes along so the
    agent can check it too."""

    text: str
    article: ArticleText


class AssistService:
    def __init__(self, uow: UnitOfWork, domains: Sequence[str], llm: LlmAssist | None = None) -> None:
        self._uow, self._domains, self._llm = uow, tuple(domains), llm
        self._indexes: dict[tuple[str, str], tuple[tuple[int, ...], AssistIndex]] = {}
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Build every served domain's indexes now (a few hundred ms each), not on an agent's first click."""
        for domain in self._domains:
            with self._uow(read_only=True) as tx:
                learned = tx.candidates.learned(domain)
            for language in find_pack(domain).languages:
                self._index(domain, language, learned)

    def for_conversation(self, principal: Principal, conversation_id: str, k: int = 3) -> Suggestions:
        """Top `k` articles and replies, in the conversation's language, for what the customer asked."""
        return self._suggest(*self._read(principal, conversation_id), k)

    def draft(self, principal: Principal, conversation_id: str) -> Draft | None:
        """A reply written by the optional language model from the best article; None without a model, an
        article, or a reply faithful to it. Slow (a model call): asked apart from `for_conversation`."""
        conversation, messages, learned = self._read(principal, conversation_id)
        if self._llm is None:
            return None
        suggestions = self._suggest(conversation, messages, learned, 1)
        if not suggestions.articles:
            return None
        best = suggestions.articles[0]
        article = ArticleText(best.article_id, best.title, best.body)
        transcript = [for_staff(m) for m in messages]
        text = self._llm.suggest_reply(transcript, article, conversation.language or "en")
        return Draft(text, article) if text else None

    def _read(
        self, principal: Principal, conversation_id: str
    ) -> tuple[Conversation, list[Message], list[LearnedAnswer]]:
        """The conversation the caller may read, its messages, and its domain's approved answers."""
        check_staff(principal)
        with self._uow(read_only=True) as tx:
            conversation = tx.conversations.get(conversation_id)
            check_can_read(principal, conversation)
            messages = tx.messages.in_conversation(conversation_id)
            learned = tx.candidates.learned(conversation.domain) if conversation.domain in self._domains else []
        return conversation, messages, learned

    def _suggest(
        self, conversation: Conversation, messages: list[Message], learned: list[LearnedAnswer], k: int
    ) -> Suggestions:
        asked = [m for m in messages if m.author == Author.CUSTOMER][-ASK_TURNS:]
        if conversation.domain not in self._domains or not asked:
            return Suggestions()
        language = conversation.language or "en"
        text = "\n".join(m.text for m in asked)
        return self._index(conversation.domain, language, learned).suggest(text, k, guesses_of(asked))

    def _index(self, domain: str, language: str, learned: list[LearnedAnswer]) -> AssistIndex:
        mine = [item for item in learned if item.language == language]
        if not mine:
            return _pack_index(domain, language)
        key = tuple(item.id for item in mine)
        with self._lock:
            cached = self._indexes.get((domain, language))
        if cached is not None and cached[0] == key:
            return cached[1]
        index = _pack_index(domain, language).with_learned(mine)  # re-indexes the approved answers only
        with self._lock:
            self._indexes[(domain, language)] = (key, index)
        return index


def guesses_of(asked: Sequence[Message]) -> list[Guess]:
    """What the AI read in each of these customer messages (the readings the handoff packet's intents come from,
    with their confidence): they weigh for the articles and answers of those intents, and against the others."""
    return [Guess(m.meta.intent, m.meta.reading.confidence) for m in asked if m.meta.reading and m.meta.intent]


@cache
def _pack_index(domain: str, language: str) -> AssistIndex:
    """A built-in pack's index, built once per process (packs are read-only): a few hundred ms."""
    return AssistIndex(find_pack(domain), language)
