"""Recalibrate a saved intent model on labelled data it was not trained on."""

from pathlib import Path

from tandem.domain.triage import Thresholds
from tandem.nlu.dataset import Dataset
from tandem.nlu.intent_model import IntentModel
from tandem.triage.calibration import calibrate


def recalibrate(model_path: Path, data: Dataset, target_precision: float) -> Thresholds:
    """Compute new thresholds on `data` and store them in the model file. Unknown intents count as out of scope.

    The thresholds are set on the model's own confidence (familiarity included, its ramp kept as trained).
    """
    model = IntentModel.load(model_path)
    probabilities, confidence = model.confidences(list(data.texts) + list(data.oos_texts))
    index = {label: i for i, label in enumerate(model.labels)}
    truth = [index.get(label, -1) for label in data.labels] + [-1] * len(data.oos_texts)
    model.thresholds = calibrate(probabilities, truth, target_precision, confidence=confidence)
    model.metadata["calibration_rows"] = len(truth)
    model.save(model_path)
    return model.thresholds
