"""The record of a model version as the registry stores it: its data, scores and calibration."""

from datetime import datetime
from pathlib import Path
from typing import Any

from tandem.domain.learning import LearnedAnswer, ModelStatus, ModelVersion
from tandem.models.learned_pack import learned_ids
from tandem.models.pack_models import pack_fingerprint
from tandem.models.probation import checks_of, checks_record
from tandem.nlu.intent_model import IntentModel


def new_version(
    domain: str,
    path: Path | None,
    status: ModelStatus,
    model: IntentModel | None,
    learned: list[LearnedAnswer],
    metrics: dict[str, Any],
    now: datetime,
    target_precision: float,
    promoted: bool = False,
    baseline: bool = False,
) -> ModelVersion:
    """A version to record (its id is assigned when it is added). `baseline`: `model` is the pack's own, as
    `pack_model` caches it; its bytes are stored with it, so a host that has not trained it loads them."""
    thresholds = model.thresholds if model is not None else None
    return ModelVersion(
        id=0,
        domain=domain,
        path=str(path) if path else "",
        status=status,
        created_at=now,
        promoted_at=now if promoted else None,
        data={
            "baseline": baseline,
            "pack_fingerprint": pack_fingerprint(model.representations, domain) if model else None,
            "learned_ids": learned_ids(learned),
            "rows": model.metadata.get("rows") if model else None,
            "intents": len(model.labels) if model else None,
            # Intents the model may not answer on its own yet, and the checks that decided it.
            "probation": sorted(model.probation) if model else None,
            "checks": checks_record(checks_of(learned)),
        },
        metrics=metrics,
        calibration={
            "target_precision": thresholds.target_precision if thresholds else target_precision,
            "answer": thresholds.answer if thresholds else None,
            "clarify": thresholds.clarify if thresholds else None,
            "representations": list(model.representations) if model else None,
        },
    )
