"""Agent assist: for the conversation in front of a human agent, the best knowledge-base articles and the best
replies to insert (from the articles and from approved past human answers), in the conversation's language.

Ranking is the knowledge base's own TF-IDF search (title, body and the linked intents' examples; word and
character n-grams): on held-out questions of the built-in packs it beat BM25 and per-example nearest
neighbours, and a centroid blend was within noise of it (bench/assist_retrieval.py, docs/benchmarks.md). What is
shown is ordered by, and cut at a floor of, the probability of being relevant (`tandem.assist.relevance`).
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from tandem.assist.learned import LearnedIndex, QuestionSpace
from tandem.assist.relevance import ARTICLES, FLOOR, LEARNED, Evidence, Guess, linked_intents, neutral_intents, relevant
from tandem.domain.learning import LearnedAnswer
from tandem.domain.packs import Pack
from tandem.packs.knowledge import KnowledgeBase

# Weight of the latest customer message against the whole text. Bench (held-out questions after small talk,
# after another topic, or followed by "hello?"): 0 -> mean p@1 0.858, 0.25 -> 0.878, 0.5 -> 0.872,
# 1 -> collapses on a trailing nudge. The latest message is usually the live question; the whole text keeps a
# question followed by a nudge.
LATEST_WEIGHT = 0.25
# An article body longer than this is cut for a reply: its first paragraph, then whole sentences.
REPLY_CHARS = 700

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class ArticleSuggestion:
    article_id: str
    title: str
    body: str
    score: float  # probability that it is relevant, 0..1 (tandem.assist.relevance)
    similarity: float = 0.0  # mean word/char cosine with the customer's text, 0..1


@dataclass(frozen=True, slots=True)
class ReplySuggestion:
    text: str  # ready to insert
    source: str  # "article" or "learned"
    source_id: str  # article id, or learned answer id
    score: float  # probability that it is relevant, 0..1, for either source (tandem.assist.relevance)


@dataclass(frozen=True, slots=True)
class Suggestions:
    articles: tuple[ArticleSuggestion, ...] = ()
    replies: tuple[ReplySuggestion, ...] = ()


class AssistIndex:
    """What agent assist searches for one pack in one language: its articles and approved past answers.

    Built once per (pack, language); when an answer is approved, `with_learned` re-indexes the answers only
    and shares the rest.
    """

    def __init__(self, pack: Pack, language: str, learned: Sequence[LearnedAnswer] = ()) -> None:
        self.language = language
        # Articles learned from agents may exist in some languages only; the others are not this index's.
        articles = [a for a in pack.articles.values() if language in a.title and language in a.body]
        self._kb = KnowledgeBase(articles, language, pack.intents)
        self._links, self._neutral = linked_intents(pack), neutral_intents(pack)
        self._space = QuestionSpace(pack, language)
        self._learned = LearnedIndex.build(self._space, language, learned)

    def with_learned(self, learned: Sequence[LearnedAnswer]) -> "AssistIndex":
        """The same index with `learned` as its past answers (those of other languages are ignored)."""
        clone = object.__new__(AssistIndex)
        clone.language, clone._kb, clone._space = self.language, self._kb, self._space
        clone._links, clone._neutral = self._links, self._neutral
        clone._learned = LearnedIndex.build(self._space, self.language, learned)
        return clone

    def suggest(self, text: str, k: int = 3, guesses: Sequence[Guess] = (), floor: float = FLOOR) -> Suggestions:
        """The `k` most likely relevant articles and replies for `text`, the customer's side of the conversation
        (messages joined by newlines, latest last), given what the AI read in those messages (`guesses`). Only
        those at least `floor` likely to be relevant: none at all rather than noise. Empty for empty text."""
        messages = [line for line in text.splitlines() if line.strip()]
        if not messages or k <= 0:
            return Suggestions()
        evidence = Evidence(guesses, self._neutral)
        ids = list(self._kb.articles)
        similarity = _weighted(messages, lambda t: self._article_scores(t, ids))
        chance = relevant(ARTICLES, list(similarity), [self._links.get(i, ()) for i in ids], evidence)
        order = sorted(
            (i for i in range(len(ids)) if similarity[i] > 0.0 and chance[i] >= floor),
            key=lambda i: (-chance[i], -similarity[i]),
        )
        shown = [self._article(ids[i], chance[i], float(similarity[i])) for i in order]
        candidates = [ReplySuggestion(reply_text(a.body), "article", a.article_id, a.score) for a in shown]
        answers = self._learned.answers
        learned = _weighted(messages, self._learned.scores)
        odds = relevant(LEARNED, list(learned), [(a.intent,) for a in answers], evidence)
        candidates += [
            ReplySuggestion(answer.answer.strip(), "learned", str(answer.id), round(chance_, 4))
            for answer, score, chance_ in zip(answers, learned, odds, strict=True)
            if score > 0.0 and chance_ >= floor
        ]
        candidates.sort(key=lambda reply: -reply.score)
        return Suggestions(tuple(shown[:k]), _dedupe(candidates, k))

    def _article_scores(self, text: str, ids: list[str]) -> NDArray[np.float64]:
        hits = {hit.article_id: hit.score for hit in self._kb.search(text, k=len(ids))}
        return np.array([hits.get(i, 0.0) for i in ids])

    def _article(self, article_id: str, chance: float, similarity: float) -> ArticleSuggestion:
        article = self._kb.article(article_id)
        return ArticleSuggestion(article.id, article.title, article.body, round(chance, 4), round(similarity, 4))


def reply_text(body: str, limit: int = REPLY_CHARS) -> str:
    """A reply-sized version of an article body: the whole body when it fits in `limit` characters (pack
    bodies are written to be sent as they are), else its first paragraph, else as many whole sentences of it
    as fit (at least one)."""
    body = body.strip()
    if len(body) <= limit:
        return body
    paragraph = re.split(r"\n\s*\n", body, maxsplit=1)[0].strip()
    if len(paragraph) <= limit:
        return paragraph
    sentences = _SENTENCE_END.split(paragraph)
    kept = [sentences[0]]
    for sentence in sentences[1:]:
        if len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


def _weighted(messages: list[str], score: Callable[[str], NDArray[np.float64]]) -> NDArray[np.float64]:
    """Scores of the latest message blended with those of the whole text (just the text for one message)."""
    whole = score("\n".join(messages))
    if len(messages) == 1 or LATEST_WEIGHT == 0.0:
        return whole
    return np.asarray(LATEST_WEIGHT * score(messages[-1]) + (1.0 - LATEST_WEIGHT) * whole, dtype=np.float64)


def _dedupe(replies: list[ReplySuggestion], k: int) -> tuple[ReplySuggestion, ...]:
    """The first `k` replies whose texts differ (ignoring case and spacing); the best-scored copy is kept."""
    seen: set[str] = set()
    kept: list[ReplySuggestion] = []
    for reply in replies:
        key = " ".join(reply.text.casefold().split())
        if key and key not in seen:
            seen.add(key)
            kept.append(reply)
        if len(kept) == k:
            break
    return tuple(kept)
