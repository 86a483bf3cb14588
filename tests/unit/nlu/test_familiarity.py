"""Familiarity: similarity to the nearest training example of the top intent, and the ramp making it a weight."""

import numpy as np
import pytest

from tandem.domain.errors import InvalidInput
from tandem.domain.triage import OUT_OF_SCOPE_INTENT
from tandem.nlu.familiarity import FLOOR, HIGH_QUANTILE, LOW_QUANTILE, ExampleIndex, Ramp
from tandem.nlu.intent_model import IntentModel

TEXTS = [
    "where is my order",
    "my order has not arrived yet",
    "track my parcel please",
    "when will my package be delivered",
    "how do I return an item",
    "I want to send this back for a refund",
    "what is your return policy",
    "can I exchange the shoes I bought",
]
LABELS = ["order_status"] * 4 + ["return_policy"] * 4


def test_the_index_compares_with_the_top_intent_examples_only() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]], dtype=np.float32)
    index = ExampleIndex.build("use", vectors, [0, 1, -1], intents=3)  # the -1 row is not answerable: left out
    assert index.rows == 2
    queries = np.array([[3.0, 0.0], [3.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    scores = index.score(queries, [0, 1, 1, 2])
    # same direction as intent 0's example; orthogonal to intent 1's; intent 2 has no examples: no opinion (1.0)
    np.testing.assert_allclose(scores, [1.0, 0.0, 1.0, 1.0], atol=1e-3)
    assert index.score(np.zeros((0, 2)), []).shape == (0,)


def test_the_index_refuses_mismatched_rows() -> None:
    with pytest.raises(InvalidInput):
        ExampleIndex.build("use", np.ones((3, 2)), [0, 1], intents=2)


def test_the_ramp_is_floored_below_low_one_above_high_linear_between() -> None:
    ramp = Ramp(0.4, 0.6)
    np.testing.assert_allclose(ramp.weight([0.1, 0.4, 0.5, 0.6, 0.9]), [FLOOR, FLOOR, 0.5, 1.0, 1.0])
    np.testing.assert_allclose(Ramp(0.5, 0.5).weight([0.4, 0.5, 0.6]), [FLOOR, 1.0, 1.0])
    assert 0.0 < FLOOR < 0.01  # never 0: the least familiar messages stay ordered by probability


def test_the_ramp_comes_from_low_quantiles_of_in_scope_familiarity() -> None:
    familiarity = np.linspace(0.0, 1.0, 1001)
    ramp = Ramp.from_in_scope(familiarity)
    assert ramp is not None
    assert ramp.low == pytest.approx(LOW_QUANTILE) and ramp.high == pytest.approx(HIGH_QUANTILE)
    # all but the least familiar twentieth of in-scope messages keep their full confidence
    assert np.mean(ramp.weight(familiarity) == 1.0) == pytest.approx(1 - HIGH_QUANTILE, abs=0.002)
    assert Ramp.from_in_scope([]) is None


def test_a_tfidf_only_model_has_no_familiarity() -> None:
    model = IntentModel(("tfidf",)).fit(TEXTS, LABELS)
    features = model.featurize(["where is my order", "quantum chromodynamics of quarks"])
    assert model.familiarity_representation is None
    np.testing.assert_array_equal(model.familiarity_features(features, model.predict_proba_features(features)), 1.0)


@pytest.mark.slow
def test_familiarity_is_high_for_a_known_message_and_low_for_an_unrelated_one() -> None:
    model = IntentModel(("tfidf", "use")).fit(TEXTS, LABELS)
    assert model.familiarity_representation == "use"
    features = model.featurize(["where is my order", "the mitochondria is the powerhouse of the cell"])
    known, unrelated = model.familiarity_features(features, model.predict_proba_features(features))
    assert known == pytest.approx(1.0, abs=2e-3)  # an identical training example (stored as float16)
    assert unrelated < 0.5 and unrelated < known - 0.4


@pytest.mark.slow
def test_out_of_scope_examples_are_not_familiar_examples() -> None:
    texts = [*TEXTS, "tell me a joke", "what's the weather like", "who won the match"]
    labels = LABELS + [OUT_OF_SCOPE_INTENT] * 3
    model = IntentModel(("tfidf", "use")).fit(texts, labels)
    assert model._examples is not None and model._examples.rows == len(TEXTS)
    features = model.featurize(["tell me a joke"])
    p = model.predict_proba_features(features)
    if model.labels[int(p.argmax())] != OUT_OF_SCOPE_INTENT:  # judged against an answerable intent's examples
        assert model.familiarity_features(features, p)[0] < 0.99
    else:  # the out-of-scope class has no examples to compare with: no opinion
        assert model.familiarity_features(features, p)[0] == 1.0
