"""Sparse lexical representation: TF-IDF over words and character n-grams.

Character n-grams inside word boundaries make the model robust to typos, missing accents and inflection,
which chat text is full of; word bigrams keep short phrases ("not arrived", "pas reçu") together.
"""

from collections.abc import Sequence
from typing import Any

from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


class TfidfFeaturizer:
    name = "tfidf"

    def __init__(self) -> None:
        self._word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")
        self._char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, strip_accents="unicode"
        )

    def fit(self, texts: Sequence[str]) -> "TfidfFeaturizer":
        # min_df=2 would empty the char vocabulary on tiny corpora; fall back to keeping every n-gram.
        if len(texts) < 50:
            self._char.set_params(min_df=1)
        self._word.fit(texts)
        self._char.fit(texts)
        return self

    def transform(self, texts: Sequence[str]) -> Any:
        return sparse.hstack([self._word.transform(texts), self._char.transform(texts)], format="csr")
