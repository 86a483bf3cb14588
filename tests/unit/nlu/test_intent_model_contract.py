"""The contract every intent model passes: fit, predict calibrated probabilities, save -> load round trip."""

from pathlib import Path

import numpy as np
import pytest

from tandem.domain.errors import InvalidInput, ModelError
from tandem.nlu.familiarity import FLOOR, Ramp
from tandem.nlu.intent_model import IntentModel

TEXTS = {
    "order_status": [
        "where is my order",
        "my order has not arrived",
        "when will my package come",
        "track my order",
        "où est ma commande",
        "ma commande n'est pas arrivée",
        "quand arrive mon colis",
        "suivre ma commande",
    ],
    "return_policy": [
        "how do I return an item",
        "can I send this back",
        "return policy please",
        "I want a refund for this",
        "comment retourner un article",
        "puis-je renvoyer ce produit",
        "politique de retour",
        "je veux être remboursé",
    ],
    "greeting": ["hello", "hi there", "good morning", "hey", "bonjour", "salut", "bonsoir", "coucou"],
}
TEXTS_FLAT = [t for ts in TEXTS.values() for t in ts]
LABELS = [label for label, ts in TEXTS.items() for _ in ts]
PROBES = ["where's my parcel?", "comment faire un retour", "hello!"]

REPRESENTATIONS = [
    pytest.param(("tfidf",), id="tfidf"),
    pytest.param(("tfidf", "use"), id="tfidf+use"),
    pytest.param(("tfidf", "minilm"), id="tfidf+minilm", marks=pytest.mark.minilm),
]


@pytest.fixture(scope="module", params=REPRESENTATIONS)
def trained(request: pytest.FixtureRequest) -> IntentModel:
    return IntentModel(request.param).fit(TEXTS_FLAT, LABELS)


def test_probabilities_cover_the_label_set(trained: IntentModel) -> None:
    p = trained.predict_proba(PROBES)
    assert trained.labels == ("greeting", "order_status", "return_policy")
    assert p.shape == (3, 3)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-6)
    assert (p >= 0).all()


def test_it_learns_the_intents(trained: IntentModel) -> None:
    predicted = [trained.labels[i] for i in trained.predict_proba(PROBES).argmax(axis=1)]
    assert predicted == ["order_status", "return_policy", "greeting"]


def test_save_load_round_trip_gives_the_same_predictions(trained: IntentModel, tmp_path: Path) -> None:
    trained.metadata = {"rows": len(TEXTS_FLAT)}
    trained.familiarity_ramp = Ramp(0.5, 0.95)  # as training would set it: confidence then depends on familiarity
    path = tmp_path / "model.joblib"
    try:
        trained.save(path)
    finally:
        trained.familiarity_ramp = None
    loaded = IntentModel.load(path)
    assert loaded.labels == trained.labels
    assert loaded.representations == trained.representations
    assert loaded.metadata == {"rows": len(TEXTS_FLAT)}
    assert loaded.familiarity_ramp == Ramp(0.5, 0.95)
    np.testing.assert_allclose(loaded.predict_proba(PROBES), trained.predict_proba(PROBES), rtol=1e-6)
    trained.familiarity_ramp = Ramp(0.5, 0.95)
    try:
        p, confidence = trained.confidences(PROBES)
    finally:
        trained.familiarity_ramp = None
    loaded_p, loaded_confidence = loaded.confidences(PROBES)
    np.testing.assert_allclose(loaded_p, p, rtol=1e-6)
    np.testing.assert_allclose(loaded_confidence, confidence, rtol=1e-6)


def test_confidence_is_the_top_probability_lowered_by_familiarity(trained: IntentModel) -> None:
    p, confidence = trained.confidences(PROBES)
    np.testing.assert_allclose(confidence, p.max(axis=1))  # no ramp yet: familiarity changes nothing
    ranking, first, _ = trained.assess(PROBES[0])
    assert ranking == trained.rank(PROBES[0]) and first == pytest.approx(confidence[0])
    trained.familiarity_ramp = Ramp(2.0, 3.0)  # every familiarity <= 1 is below it...
    try:
        lowered = trained.confidences(PROBES)[1]
    finally:
        trained.familiarity_ramp = None
    if trained.familiarity_representation is None:  # ...but a TF-IDF-only model has no familiarity to lower
        np.testing.assert_allclose(lowered, confidence)
    else:
        np.testing.assert_allclose(lowered, FLOOR * p.max(axis=1))


def test_rank_is_sorted_and_bounded(trained: IntentModel) -> None:
    ranking = trained.rank("où est mon colis", k=2)
    assert len(ranking) == 2
    assert ranking[0].probability >= ranking[1].probability
    assert ranking[0].intent == "order_status"


def test_one_intent_only_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least two intents"):
        IntentModel(("tfidf",)).fit(["a", "b"], ["x", "x"])


def test_tfidf_is_mandatory() -> None:
    with pytest.raises(InvalidInput):
        IntentModel(("use",))


def test_loading_garbage_is_a_clear_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.joblib"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a readable intent model"):
        IntentModel.load(bad)
    with pytest.raises(ModelError, match="no intent model"):
        IntentModel.load(tmp_path / "missing.joblib")


def test_an_untrained_model_refuses_to_predict() -> None:
    with pytest.raises(ModelError):
        IntentModel(("tfidf",)).predict_proba(["hello"])


def test_an_intent_on_probation_is_answered_only_for_a_near_repeat(trained: IntentModel, tmp_path: Path) -> None:
    texts = [PROBES[0], TEXTS["order_status"][0], PROBES[1]]  # order_status new wording, order_status repeat, return
    assert trained.judge(texts)[2].tolist() == [True, True, True]  # nothing on probation
    trained.probation = frozenset({"order_status"})
    try:
        verified = trained.judge(texts)[2]
        assert trained.assess(texts[0])[2] is bool(verified[0])
        trained.save(tmp_path / "model.joblib")
    finally:
        trained.probation = frozenset()
    assert IntentModel.load(tmp_path / "model.joblib").probation == {"order_status"}
    if trained.familiarity_representation is None:  # no embedding to tell a repeat: every message is held
        assert verified.tolist() == [False, False, True]
    else:  # the very question people settled is a precedent; a new wording of it is not
        assert verified.tolist() == [False, True, True]
