"""Knowledge-base retrieval: which articles best answer a free-text question, in one language."""

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Article, HandlerKind, Intent, Pack

# Ligatures NFKD leaves alone but customers type either way ("oeuf" / "œuf").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def normalize(text: str) -> str:
    """Lower-case, accent-free form used on both articles and queries ("Délai" matches "delai")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Hit:
    article_id: str
    title: str
    score: float  # mean of word and character n-gram cosine similarity, 0..1


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article in one language, ready to send."""

    id: str
    title: str
    body: str


class KnowledgeBase:
    """TF-IDF search over the articles of one language.

    Each article is indexed with its title, body and the examples of the intents it is linked to, so the way
    customers phrase a question counts as much as the article's own wording.
    """

    def __init__(self, articles: Iterable[Article], language: str, intents: Mapping[str, Intent] | None = None) -> None:
        self.language = language
        self.articles: dict[str, Article] = {article.id: article for article in articles}
        for article in self.articles.values():
            if language not in article.title or language not in article.body:
                raise InvalidInput(f"article {article.id!r} has no text in language {language!r}")
        self._ids = list(self.articles)
        documents = [self._document(self.articles[i], intents or {}) for i in self._ids]
        self._word = TfidfVectorizer(preprocessor=normalize, ngram_range=(1, 2), sublinear_tf=True)
        self._char = TfidfVectorizer(preprocessor=normalize, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._word_matrix = self._word.fit_transform(documents) if documents else None
        self._char_matrix = self._char.fit_transform(documents) if documents else None

    @classmethod
    def from_pack(cls, pack: Pack, language: str) -> "KnowledgeBase":
        """The knowledge base of a pack in one of its languages."""
        return cls(pack.articles.values(), language, pack.intents)

    def search(self, query: str, k: int = 3) -> list[Hit]:
        """The `k` best articles for `query`, best first; articles sharing nothing with it are left out."""
        if self._word_matrix is None or self._char_matrix is None or not query.strip() or k <= 0:
            return []
        # Rows are L2-normalised by the vectorizers, so a dot product is the cosine.
        word = (self._word_matrix @ self._word.transform([query]).T).toarray().ravel()
        char = (self._char_matrix @ self._char.transform([query]).T).toarray().ravel()
        scores = (word + char) / 2.0
        order = np.argsort(-scores, kind="stable")[:k]
        return [
            Hit(self._ids[i], self.articles[self._ids[i]].title[self.language], round(float(scores[i]), 4))
            for i in order
            if scores[i] > 0.0
        ]

    def article(self, article_id: str) -> ArticleText:
        """One article in this knowledge base's language. Raises `KeyError` for an unknown id."""
        article = self.articles[article_id]
        return ArticleText(article.id, article.title[self.language], article.body[self.language])

    def _document(self, article: Article, intents: Mapping[str, Intent]) -> str:
        examples = [
            example
            for name in article.intents
            if name in intents
            for example in intents[name].examples.get(self.language, ())
        ]
        # The title twice: it is the article's most specific wording.
        title = article.title[self.language]
        return "\n".join([title, title, article.body[self.language], *examples])


def article_for_intent(pack: Pack, intent: str, language: str) -> ArticleText | None:
    """The article answering `intent` in `language`: its `article:` handler, else the first article linked
    to it; None if there is none, or if it was learned from agents who never answered in `language`."""
    handler = pack.intents[intent].handler if intent in pack.intents else None
    if handler is not None and handler.kind == HandlerKind.ARTICLE and handler.target in pack.articles:
        article: Article | None = pack.articles[handler.target]
    else:
        article = next((a for a in pack.articles.values() if intent in a.intents), None)
    if article is None:
        return None
    if language not in article.title or language not in article.body:
        if "learned" in article.tags:  # agents answered it in other languages only: a person's job here
            return None
        raise InvalidInput(f"article {article.id!r} has no text in language {language!r}")
    return ArticleText(article.id, article.title[language], article.body[language])
