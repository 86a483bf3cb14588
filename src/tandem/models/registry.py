"""Intent model versions per domain: train from the pack plus approved lessons, gate, promote, roll back.

A new model is promoted only if it scores at least as well as the active one on the pack's own held-out split
(the same split for every version, so scores compare); otherwise it is recorded as rejected, with the figures
that fell (`tandem.models.rejection`), and never served.
Every version records its data (pack fingerprint, approved items, the intents on probation and the checks
that put them there, `tandem.models.probation`), its held-out scores and its calibration.
Every version that has a model stores its bytes with its record (`tandem.models.artifacts`), the pack's own
model included (`tandem.models.baselines`): every worker of every host serves the same bytes, and none retrains
what another trained. Workers find out about a promotion or a rollback by reading the active version
(`ModelRegistry.active`).
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tandem.domain.errors import Conflict
from tandem.domain.learning import LearnedAnswer, ModelStatus, ModelVersion
from tandem.domain.packs import Pack, check_domain
from tandem.domain.ports import UnitOfWork
from tandem.models.artifacts import ArtifactLoader
from tandem.models.baselines import SharedBaselines
from tandem.models.learned_pack import with_learned
from tandem.models.pack_eval import LanguageScore, evaluate_pack
from tandem.models.pack_models import train_pack_model
from tandem.models.probation import checks_of, on_probation
from tandem.models.rejection import rejection_reason
from tandem.models.training import choose_representations
from tandem.models.version_record import new_version
from tandem.nlu.atomic import made_once, write_atomically
from tandem.nlu.dataset import from_packs
from tandem.nlu.intent_model import IntentModel, Progress
from tandem.packs.catalog import find_pack, pack_names

log = logging.getLogger(__name__)
# Held-out score = 1 - cost per message (pack_eval: a missed escalation costs 5, a needless one 1). A new model
# may lose at most this much against the active one: one needless escalation in ~400 held-out messages.
TOLERANCE = 0.0025


@dataclass(frozen=True)
class Served:
    """What a worker serves for one domain: the model, the pack it was trained with, and its version."""

    version_id: int | None
    model: IntentModel
    pack: Pack


def held_out_metrics(scores: list[LanguageScore]) -> dict[str, Any]:
    messages = sum(s.should_answer + s.should_escalate for s in scores)
    cost = sum(s.cost_per_message * (s.should_answer + s.should_escalate) for s in scores) / max(1, messages)
    return {
        "score": round(1.0 - cost, 5),
        "messages": messages,
        "languages": {
            s.language: {
                "answer_rate": round(s.answer_rate, 4),
                "answer_precision": round(s.answer_precision, 4),
                "escalation_recall": round(s.escalation_recall, 4),
                "missed_escalations": s.missed_escalations,
            }
            for s in scores
        },
    }


def held_out_cache(model_dir: Path, domain: str, fingerprint: str | None) -> Path:
    """Where a pack's own held-out metrics are kept beside its model (JSON of `held_out_metrics`): the same for
    every database, so measured once per model directory."""
    return model_dir / f"{domain}-{fingerprint}.heldout.json"


class ModelRegistry:
    def __init__(
        self,
        uow: UnitOfWork,
        model_dir: Path,
        clock: Callable[[], datetime],
        target_precision: float = 0.97,
        representation: str = "auto",
    ) -> None:
        self._uow, self._model_dir, self._clock = uow, model_dir, clock
        self._target = target_precision
        self._representation = representation
        self._baselines = SharedBaselines(uow, model_dir, clock, target_precision)
        self._artifacts = ArtifactLoader(uow, model_dir)

    def baseline(self, domain: str, model: IntentModel) -> int | None:
        """Record `model`, the pack's own (cached by `pack_model`), as the first version of a domain that has none,
        with its bytes if this host's model directory has them (`SharedBaselines.record`). The baseline's version
        id if it is the active one, else None."""
        return self._baselines.record(domain, model)

    def active(self, domain: str) -> ModelVersion | None:
        with self._uow(read_only=True) as tx:
            return tx.models.active(domain)

    def versions(self, domain: str) -> list[ModelVersion]:
        check_domain(domain, pack_names())
        with self._uow(read_only=True) as tx:
            return tx.models.of_domain(domain)

    def load(self, version: ModelVersion) -> Served:
        """The model of `version` with the pack it was trained on (the pack plus the lessons it learned), from the
        bytes stored with it (a version recorded before they were: from its file). Raises ModelError."""
        if version.data.get("baseline"):
            return Served(version.id, self._baselines.model(version.domain), find_pack(version.domain))
        model = self._artifacts.load(version)
        return Served(version.id, model, with_learned(find_pack(version.domain), self._lessons_of(version)))

    def train(self, domain: str, progress: Progress | None = None) -> ModelVersion:
        """Train on the pack plus every approved lesson; promote if it scores no worse on the held-out split."""
        check_domain(domain, pack_names())
        with self._uow(read_only=True) as tx:
            learned = tx.candidates.learned(domain)
            current = tx.models.active(domain)
        pack = with_learned(find_pack(domain), learned)
        try:
            return self._train(domain, pack, learned, current, progress)
        except Exception as exc:  # recorded for the supervisor (the retrainer logs the traceback)
            with self._uow() as tx:
                error = {"error": f"{type(exc).__name__}: {exc}"[:500]}
                tx.models.add(self._version(domain, None, ModelStatus.FAILED, None, learned, error))
                tx.commit()
            raise

    def _train(
        self,
        domain: str,
        pack: Pack,
        learned: list[LearnedAnswer],
        current: ModelVersion | None,
        progress: Progress | None,
    ) -> ModelVersion:
        metrics = self._held_out(pack, progress)
        active = self._bar(current, progress)
        bar = float(active["score"]) if active is not None else None
        now = self._clock()
        if active is not None and metrics["score"] < float(active["score"]) - TOLERANCE:
            metrics["compared_with"] = {"version": current.id if current else None, "score": bar}
            # Which figures fell, for the supervisor (the models screen words it in their language).
            metrics["rejection"] = rejection_reason(metrics, active, TOLERANCE)
            with self._uow() as tx:
                rejected = tx.models.add(self._version(domain, None, ModelStatus.REJECTED, None, learned, metrics))
                tx.commit()
            log.info("model for %s not promoted: held-out score %.4f < %.4f", domain, metrics["score"], bar)
            return rejected
        data = from_packs([pack])
        model = train_pack_model(data, choose_representations(data, self._representation), self._target, progress)
        # The pack vouches for its own intents; one learned from lessons waits for enough people's checks.
        vouched = [name for name, intent in find_pack(domain).intents.items() if intent.vouched]
        model.probation = on_probation(model.labels, checks_of(learned), vouched)
        path = self._model_dir / "versions" / f"{domain}-{now:%Y%m%dT%H%M%S%f}.joblib"
        model.save(path)
        stored = path.read_bytes()
        metrics["compared_with"] = {"version": current.id if current else None, "score": bar}
        with self._uow() as tx:
            tx.models.hold()
            previous = tx.models.active(domain)
            version = tx.models.add(self._version(domain, path, ModelStatus.ACTIVE, model, learned, metrics, True))
            tx.artifacts.put(version.id, stored)  # with its record: every host loads these bytes, none retrains
            if previous is not None:
                tx.models.set_status(previous.id, ModelStatus.RETIRED)
            tx.commit()
        log.info("model %s for %s promoted (held-out score %.4f)", version.id, domain, metrics["score"])
        return version

    def rollback(self, domain: str) -> ModelVersion:
        """Serve the version that was active before the current one again; the current one is retired."""
        check_domain(domain, pack_names())
        with self._uow() as tx:
            tx.models.hold()
            current = tx.models.active(domain)
            if current is None:
                raise Conflict(f"no model of {domain} is active")
            earlier = [v for v in tx.models.of_domain(domain) if v.status == ModelStatus.RETIRED and v.id < current.id]
            if not earlier:
                raise Conflict(f"the active model of {domain} is its first: there is nothing to roll back to")
            target = max(earlier, key=lambda v: v.promoted_at or v.created_at)
            tx.models.set_status(current.id, ModelStatus.RETIRED)
            tx.models.set_status(target.id, ModelStatus.ACTIVE, promoted_at=self._clock())
            tx.commit()
        log.info("model of %s rolled back from version %s to %s", domain, current.id, target.id)
        return target

    def _bar(self, current: ModelVersion | None, progress: Progress | None) -> dict[str, Any] | None:
        """The active version's held-out metrics, measured now (and recorded) if they never were."""
        if current is None:
            return None
        if "score" in current.metrics:
            return current.metrics
        # The pack's own score is the same for every database: measured once per host, kept with the model cache.
        cached = held_out_cache(self._model_dir, current.domain, current.data.get("pack_fingerprint"))
        if current.data.get("baseline"):
            metrics = self._baseline_held_out(current.domain, cached, progress)
        else:
            metrics = self._held_out(with_learned(find_pack(current.domain), self._lessons_of(current)), progress)
        with self._uow() as tx:
            tx.models.set_metrics(current.id, metrics)
            tx.commit()
        return metrics

    def _baseline_held_out(self, domain: str, cached: Path, progress: Progress | None) -> dict[str, Any]:
        """The built-in pack's held-out metrics from `cached`, measured once for every process sharing the model
        directory (the others wait for the first and read what it wrote)."""

        def load(path: Path) -> dict[str, Any]:
            found: dict[str, Any] = json.loads(path.read_text())
            return found

        def save(metrics: dict[str, Any], path: Path) -> None:
            write_atomically(path, lambda tmp: tmp.write_text(json.dumps(metrics)))

        return made_once(cached, load, lambda: self._held_out(find_pack(domain), progress), save)

    def _lessons_of(self, version: ModelVersion) -> list[LearnedAnswer]:
        """The approved lessons `version` was trained with (those approved since are not in it)."""
        ids = set(version.data.get("learned_ids", []))
        with self._uow(read_only=True) as tx:
            return [item for item in tx.candidates.learned(version.domain) if item.id in ids]

    def _held_out(self, pack: Pack, progress: Progress | None) -> dict[str, Any]:
        return held_out_metrics(evaluate_pack(pack, representation=self._representation, progress=progress))

    def _version(
        self,
        domain: str,
        path: Path | None,
        status: ModelStatus,
        model: IntentModel | None,
        learned: list[LearnedAnswer],
        metrics: dict[str, Any],
        promoted: bool = False,
    ) -> ModelVersion:
        return new_version(domain, path, status, model, learned, metrics, self._clock(), self._target, promoted)
