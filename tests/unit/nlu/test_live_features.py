"""A live message's TF-IDF features and head probabilities, computed without scikit-learn's per-call checks,
are exactly scikit-learn's: the same numbers to the last bit, on texts of every kind."""

import pickle

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from tandem.nlu import tfidf
from tandem.nlu.heads import probabilities
from tandem.nlu.tfidf import TfidfFeaturizer

TRAINING = [
    "where is my parcel",
    "my parcel has not arrived yet",
    "I want a refund for my order",
    "how do I get my money back",
    "où est mon colis ?",
    "mon colis n'est pas arrivé",
    "je veux être remboursé",
    "remboursez-moi ma commande",
    "change my delivery address",
    "modifier l'adresse de livraison",
    "my card was charged twice",
    "prélevé deux fois sur ma carte",
]
LABELS = [*["track"] * 2, *["refund"] * 2, *["track"] * 2, *["refund"] * 2, *["address"] * 2, *["card"] * 2]
MESSAGES = [
    "where is my parcel???",
    "Où est passé mon colis, ça fait été comme hiver",
    "REFUND REFUND refund",
    "",
    "!!! ???",
    "a",
    "words the vocabulary never saw: zyxxy qwerty",
    "parcel parcel parcel arrived arrived",
    "ÉTÉ À NOËL",
]


@pytest.fixture(scope="module")
def featurizer() -> TfidfFeaturizer:
    return TfidfFeaturizer().fit(TRAINING)


def by_scikit_learn(featurizer: TfidfFeaturizer, texts: list[str]) -> sparse.csr_matrix:
    return sparse.hstack([featurizer._word.transform(texts), featurizer._char.transform(texts)], format="csr")


@pytest.mark.parametrize("text", MESSAGES)
def test_one_message_gets_scikit_learns_exact_features(featurizer: TfidfFeaturizer, text: str) -> None:
    ours, theirs = featurizer.transform([text]), by_scikit_learn(featurizer, [text])
    assert ours.shape == theirs.shape
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)  # bit for bit, not approximately


def test_a_few_messages_at_once_keep_their_rows(featurizer: TfidfFeaturizer) -> None:
    texts = MESSAGES[: tfidf.SMALL]
    assert (featurizer.transform(texts) != by_scikit_learn(featurizer, texts)).nnz == 0
    many = MESSAGES * 2  # beyond SMALL: scikit-learn's own path
    assert (featurizer.transform(many) != by_scikit_learn(featurizer, many)).nnz == 0


def test_a_saved_featurizer_transforms_the_same_after_loading(featurizer: TfidfFeaturizer) -> None:
    featurizer.transform(["warm the analyzers up"])
    loaded = pickle.loads(pickle.dumps(featurizer))
    assert (loaded.transform([MESSAGES[1]]) != featurizer.transform([MESSAGES[1]])).nnz == 0


def test_a_refitted_featurizer_uses_its_new_vocabulary() -> None:
    featurizer = TfidfFeaturizer().fit(TRAINING)
    before = featurizer.transform(["zyxxy parcel"])
    featurizer.fit([*TRAINING, "zyxxy zyxxy"])
    after = featurizer.transform(["zyxxy parcel"])
    assert after.shape[1] > before.shape[1]
    assert (after != by_scikit_learn(featurizer, ["zyxxy parcel"])).nnz == 0


@pytest.mark.parametrize("labels", [LABELS, ["a", "b"] * 6], ids=["four classes", "two classes"])
def test_head_probabilities_are_scikit_learns(featurizer: TfidfFeaturizer, labels: list[str]) -> None:
    head = LogisticRegression(C=30.0, max_iter=3000).fit(featurizer.transform(TRAINING), labels)
    for features in (featurizer.transform([MESSAGES[0]]), featurizer.transform(MESSAGES)):
        ours, theirs = probabilities(head, features), head.predict_proba(features)
        assert ours.dtype == np.float64
        assert np.array_equal(ours, theirs)
    dense = np.random.default_rng(0).normal(size=(12, 5)).astype(np.float32)  # like a sentence encoder's vectors
    dense_head = LogisticRegression(max_iter=3000).fit(dense, labels)
    assert np.array_equal(probabilities(dense_head, dense[:1]), dense_head.predict_proba(dense[:1]))
