import numpy as np
import pytest

from tandem.domain.errors import InvalidInput
from tandem.models.training import choose_representations, train_model
from tandem.nlu.dataset import Dataset
from tandem.nlu.encoders import is_available
from tandem.triage.calibration import calibrate

EN = [
    "where is my order",
    "my order is late",
    "track my order",
    "has my order shipped",
    "how do I return this",
    "return an item",
    "can I send it back",
    "return policy please",
]
FR = [
    "où est ma commande",
    "ma commande est en retard",
    "suivre ma commande",
    "ma commande est-elle partie",
    "comment retourner ceci",
    "retourner un article",
    "puis-je le renvoyer",
    "politique de retour svp",
]
LABELS = ["order_status"] * 4 + ["return"] * 4


def test_explicit_representations_always_include_tfidf() -> None:
    data = Dataset(tuple(EN), tuple(LABELS))
    assert choose_representations(data, "use") == ("tfidf", "use")
    assert choose_representations(data, "tfidf,use") == ("tfidf", "use")


def test_auto_keeps_english_only_minilm_off_french_data() -> None:
    french = Dataset(tuple(FR), tuple(LABELS), ("fr",) * 8)
    assert choose_representations(french) == ("tfidf", "use")
    english = Dataset(tuple(EN), tuple(LABELS), ("en",) * 8)
    expected = ("tfidf", "use", "minilm") if is_available("minilm") else ("tfidf", "use")
    assert choose_representations(english) == expected


def test_training_calibrates_and_records_metadata() -> None:
    data = Dataset(
        tuple(EN + FR) * 3,
        tuple(LABELS * 2) * 3,
        tuple(["en"] * 8 + ["fr"] * 8) * 3,
        oos_texts=("what's the weather", "tell me a joke", "quel temps fait-il"),
        oos_languages=("en", "en", "fr"),
    )
    model = train_model(data, ("tfidf",), target_precision=0.9)
    assert model.thresholds is not None
    assert 0.0 < model.thresholds.clarify <= model.thresholds.answer
    assert model.thresholds.target_precision == 0.9
    assert model.metadata["rows"] == 48 and model.metadata["oos_rows"] == 3
    assert model.metadata["languages"] == {"en": 24, "fr": 24}
    assert model.labels == ("order_status", "return")


def test_tiny_data_still_trains_with_a_plain_split() -> None:
    texts = ("hello", "hi", "bye", "goodbye", "thanks", "thank you")
    labels = ("greet", "greet", "bye", "bye", "thanks", "thanks")
    model = train_model(Dataset(texts, labels), ("tfidf",))
    assert model.thresholds is not None
    assert len(model.labels) >= 2


def test_out_of_fold_calibration_with_an_out_of_scope_class() -> None:
    data = Dataset(
        tuple(EN + FR) * 3,
        tuple(LABELS * 2) * 3,
        tuple(["en"] * 8 + ["fr"] * 8) * 3,
        oos_texts=("what's the weather", "tell me a joke", "quel temps fait-il", "une blague svp"),
        oos_languages=("en", "en", "fr", "fr"),
    )
    model = train_model(data, ("tfidf",), target_precision=0.9, oos_class=True, folds=3)
    assert "out_of_scope" in model.labels
    assert model.thresholds is not None and model.thresholds.answer <= 1.0
    # out of fold, every row is predicted by a model that did not see it, the 4 taught out-of-scope ones too
    assert model.metadata["calibration_rows"] == 48 + 4


def test_calibration_uses_the_confidence_it_is_given() -> None:
    probabilities = np.array([[0.9, 0.1], [0.8, 0.2], [0.7, 0.3]])
    truth = [0, 1, 0]  # the 0.8 row is wrong
    assert calibrate(probabilities, truth, 1.0).answer == pytest.approx(0.9)
    # lowered by familiarity, the wrong row falls below the last right one: the threshold can go down to it
    lowered = np.array([0.9, 0.5, 0.7])
    assert calibrate(probabilities, truth, 1.0, confidence=lowered).answer == pytest.approx(0.7)
    with pytest.raises(InvalidInput):
        calibrate(probabilities, truth, confidence=[0.5])


@pytest.mark.slow
@pytest.mark.parametrize("folds", [0, 3], ids=["hold-out", "out-of-fold"])
def test_training_sets_the_familiarity_ramp_before_the_thresholds(folds: int) -> None:
    data = Dataset(
        tuple(EN + FR) * 3,
        tuple(LABELS * 2) * 3,
        tuple(["en"] * 8 + ["fr"] * 8) * 3,
        oos_texts=("what's the weather", "tell me a joke", "quel temps fait-il", "une blague svp"),
        oos_languages=("en", "en", "fr", "fr"),
    )
    model = train_model(data, ("tfidf", "use"), target_precision=0.9, oos_class=folds > 0, folds=folds)
    assert model.familiarity_ramp is not None
    assert model.familiarity_ramp.low <= model.familiarity_ramp.high <= 1.0 + 1e-6
    assert model.thresholds is not None
    p, confidence = model.confidences(["where is my order", "how do I return this"])
    assert (confidence <= p.max(axis=1) + 1e-12).all()  # familiarity only ever lowers the confidence


def test_a_tfidf_only_model_gets_no_familiarity_ramp() -> None:
    data = Dataset(tuple(EN + FR) * 3, tuple(LABELS * 2) * 3)
    assert train_model(data, ("tfidf",)).familiarity_ramp is None
