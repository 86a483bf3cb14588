"""Past human answers for agent assist: which approved answers were given to questions like this one.

A learned answer is scored on two things: how close its verified question is to the customer's text, and how
close the customer's text is to its intent (all the pack's examples of that intent). The question finds the
near-duplicates; the intent keeps a differently worded question on the same subject in the running.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize as l2_normalize

from tandem.domain.learning import LearnedAnswer
from tandem.domain.packs import Pack
from tandem.packs.knowledge import normalize

# Share of a learned answer's score that comes from its intent rather than its own question. Bench (reply
# from the query's intent, synthetic answers): 0 -> p@1 0.57 p@3 0.79, 0.5 -> 0.74/0.89, 0.7 -> 0.80/0.89,
# 1 -> 0.85/0.85. Not 1: the question must still rank a near-duplicate first among one intent's answers.
INTENT_WEIGHT = 0.7


class QuestionSpace:
    """Word and character TF-IDF fitted on the way customers phrase questions (every intent's examples in one
    language), plus one centroid per intent. Built once per (pack, language): learned answers are only
    transformed into it, so approving one does not refit anything."""

    def __init__(self, pack: Pack, language: str) -> None:
        names = [name for name, intent in pack.intents.items() if intent.examples.get(language)]
        examples = [e for name in names for e in pack.intents[name].examples[language]]
        owners = np.repeat(np.arange(len(names)), [len(pack.intents[n].examples[language]) for n in names])
        self._word = TfidfVectorizer(preprocessor=normalize, ngram_range=(1, 2), sublinear_tf=True)
        self._char = TfidfVectorizer(preprocessor=normalize, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self.fitted = bool(examples)
        if self.fitted:
            self._word.fit(examples)
            self._char.fit(examples)
        self.intents = {name: i for i, name in enumerate(names)}
        word, char = self.transform(examples)
        self.intent_word = _centroids(word, owners, len(names))
        self.intent_char = _centroids(char, owners, len(names))

    def transform(self, texts: Sequence[str]) -> tuple[Any, Any]:
        """L2-normalised word and character rows of `texts` (empty rows if nothing was fitted)."""
        if self.fitted and texts:
            return self._word.transform(texts), self._char.transform(texts)
        width = (len(self._word.vocabulary_), len(self._char.vocabulary_)) if self.fitted else (0, 0)
        return sparse.csr_matrix((len(texts), width[0])), sparse.csr_matrix((len(texts), width[1]))


@dataclass(frozen=True, slots=True)
class LearnedIndex:
    """The approved answers of one language, transformed into a `QuestionSpace`."""

    answers: tuple[LearnedAnswer, ...]
    space: QuestionSpace
    question_word: Any
    question_char: Any
    intent_word: Any  # one row per answer: its intent's centroid
    intent_char: Any

    @classmethod
    def build(cls, space: QuestionSpace, language: str, learned: Sequence[LearnedAnswer]) -> "LearnedIndex":
        """Index the answers of `learned` given in `language` (the others are ignored)."""
        answers = tuple(a for a in learned if a.language == language and a.answer.strip())
        word, char = space.transform([a.question for a in answers])
        # An intent the pack does not know (new, named by the agent) has no examples: its learned questions
        # are its only wording, so their centroid stands in for it.
        names = sorted({a.intent for a in answers} - set(space.intents))
        new = {name: i for i, name in enumerate(names)}
        owners = np.array([new.get(a.intent, -1) for a in answers], dtype=np.intp)
        known = owners >= 0
        new_word = _centroids(word[known], owners[known], len(names))
        new_char = _centroids(char[known], owners[known], len(names))

        def rows(pack_centroids: Any, new_centroids: Any) -> Any:
            table = sparse.vstack([pack_centroids, new_centroids], format="csr")
            offset = pack_centroids.shape[0]
            index = [space.intents[a.intent] if a.intent in space.intents else offset + new[a.intent] for a in answers]
            return table[index] if answers else sparse.csr_matrix((0, table.shape[1]))

        return cls(answers, space, word, char, rows(space.intent_word, new_word), rows(space.intent_char, new_char))

    def scores(self, text: str) -> NDArray[np.float64]:
        """Score of each answer for `text`, 0..1: mean word/char cosine, question and intent blended."""
        if not self.answers or not self.space.fitted:
            return np.zeros(len(self.answers))
        word, char = self.space.transform([text])
        question = (_cosine(self.question_word, word) + _cosine(self.question_char, char)) / 2.0
        intent = (_cosine(self.intent_word, word) + _cosine(self.intent_char, char)) / 2.0
        return np.asarray((1.0 - INTENT_WEIGHT) * question + INTENT_WEIGHT * intent, dtype=np.float64)


def _cosine(rows: Any, query: Any) -> NDArray[np.float64]:
    # Rows and query are L2-normalised, so the dot product is the cosine.
    return np.asarray((rows @ query.T).toarray()).ravel()


def _centroids(rows: Any, owners: NDArray[np.intp], count: int) -> Any:
    """L2-normalised sum of the rows of each owner 0..count-1 (a zero row for an owner without rows)."""
    membership = sparse.csr_matrix(
        (np.ones(len(owners)), (owners, np.arange(len(owners)))), shape=(count, rows.shape[0])
    )
    summed = sparse.csr_matrix(membership @ rows)
    # sklearn's normalize refuses an empty matrix, and an index may have no learned answers yet.
    return l2_normalize(summed, norm="l2") if summed.shape[0] and summed.shape[1] else summed
