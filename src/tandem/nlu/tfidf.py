"""Sparse lexical representation: TF-IDF over words and character n-grams.

Character n-grams inside word boundaries make the model robust to typos, missing accents and inflection,
which chat text is full of; word bigrams keep short phrases ("not arrived", "pas reçu") together.

A live message is transformed here rather than by scikit-learn (`SMALL` texts or fewer): the same analyzers,
vocabularies and weights, the same arithmetic (sublinear term frequency, idf, each vectorizer's rows scaled to
unit length), without the per-call checks and conversions that cost more than the work itself for one text.
"""

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

SMALL = 4  # up to this many texts at once: transformed here (a message, a few); more: by scikit-learn

# One vectorizer's analyzer, vocabulary and idf weights, and the column its features start at.
_Part = tuple[Callable[[str], list[str]], dict[str, int], np.ndarray, int]


class TfidfFeaturizer:
    name = "tfidf"

    def __init__(self) -> None:
        self._word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")
        self._char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, strip_accents="unicode"
        )
        self._parts: list[_Part] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_parts", None)  # analyzers are closures: rebuilt after loading
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._parts = None

    def fit(self, texts: Sequence[str]) -> "TfidfFeaturizer":
        # min_df=2 would empty the char vocabulary on tiny corpora; fall back to keeping every n-gram.
        if len(texts) < 50:
            self._char.set_params(min_df=1)
        self._word.fit(texts)
        self._char.fit(texts)
        self._parts = None
        return self

    def transform(self, texts: Sequence[str]) -> Any:
        if len(texts) <= SMALL:
            return self._transform_small(texts)
        return sparse.hstack([self._word.transform(texts), self._char.transform(texts)], format="csr")

    def _transform_small(self, texts: Sequence[str]) -> sparse.csr_matrix:
        parts = self._parts or self._build_parts()
        indices: list[np.ndarray] = []
        data: list[np.ndarray] = []
        indptr = [0]
        for text in texts:
            for analyze, vocabulary, idf, offset in parts:
                columns, values = _weights(analyze(text), vocabulary, idf)
                indices.append(columns + offset)
                data.append(values)
            indptr.append(indptr[-1] + sum(len(c) for c in indices[-len(parts) :]))
        width = parts[-1][3] + len(parts[-1][1])
        return sparse.csr_matrix(
            (np.concatenate(data), np.concatenate(indices).astype(np.int32), np.asarray(indptr, dtype=np.int32)),
            shape=(len(texts), width),
        )

    def _build_parts(self) -> list[_Part]:
        parts, offset = [], 0
        for vectorizer in (self._word, self._char):
            vocabulary = vectorizer.vocabulary_
            parts.append((vectorizer.build_analyzer(), vocabulary, vectorizer.idf_, offset))
            offset += len(vocabulary)
        self._parts = parts
        return parts


def _weights(features: list[str], vocabulary: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One text's columns (ascending) and TF-IDF weights for one vectorizer, its row scaled to unit length."""
    counts: dict[int, int] = {}
    for feature in features:
        column = vocabulary.get(feature)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    columns = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
    values = np.log(np.fromiter((counts[c] for c in columns), dtype=np.float64, count=len(counts))) + 1.0
    values *= idf[columns]
    squares = 0.0
    for value in values.tolist():  # summed in column order, as scikit-learn does: the same last digit
        squares += value * value
    if squares > 0.0:
        values /= math.sqrt(squares)
    return columns, values
