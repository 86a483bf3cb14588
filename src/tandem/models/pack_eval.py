"""Held-out evaluation of a pack end to end: does the AI answer when it should and hand over when it should?

Each language's examples are split (stratified by intent); a model is trained and calibrated on the rest;
the held-out messages go through the real triage (intent model + signals + policy), one at a time, as a
first message. Expected: an intent the AI handles -> answer with that intent; a `human` intent or an
out-of-scope message -> escalate. A wrong or unwarranted answer (a missed escalation) is the costly error.
"""

from collections import Counter
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

from tandem.domain.packs import HandlerKind, Pack
from tandem.domain.triage import Decision
from tandem.models.pack_models import train_pack_model
from tandem.models.training import choose_representations
from tandem.nlu.dataset import Dataset, from_packs
from tandem.nlu.intent_model import Progress
from tandem.triage.service import TriageService

RARE = 4  # examples below which a (intent, language) stratum is never held out
MISSED_ESCALATION_COST = 5.0  # a wrong answer costs the customer (and trust) far more than a wasted handoff


@dataclass(frozen=True)
class LanguageScore:
    language: str
    should_answer: int
    answered_right: int  # answered, with the right intent
    answered_wrong: int  # answered with another intent
    clarified: int
    escalated_unnecessarily: int
    should_escalate: int
    escalated: int
    clarified_instead: int
    missed_escalations: int  # answered although a person (or nobody) should have

    @property
    def answer_rate(self) -> float:
        return self.answered_right / max(1, self.should_answer)

    @property
    def escalation_recall(self) -> float:
        return self.escalated / max(1, self.should_escalate)

    @property
    def answer_precision(self) -> float:
        answers = self.answered_right + self.answered_wrong + self.missed_escalations
        return self.answered_right / max(1, answers)

    @property
    def cost_per_message(self) -> float:
        cost = self.escalated_unnecessarily + MISSED_ESCALATION_COST * (self.missed_escalations + self.answered_wrong)
        return cost / max(1, self.should_answer + self.should_escalate)


def evaluate_pack(
    pack: Pack, test_size: float = 0.25, seed: int = 0, representation: str = "auto", progress: Progress | None = None
) -> list[LanguageScore]:
    """Train on part of `pack`, triage the held-out part; one score per language."""
    data = from_packs([pack])
    train, held = _split(data, test_size, seed)
    model = train_pack_model(train, choose_representations(train, representation), progress=progress)
    service = TriageService(model, [pack])
    human = {i.name for i in pack.intents.values() if i.handler.kind == HandlerKind.HUMAN}
    scores = []
    for lang in pack.languages:
        rows = [(t, label) for t, label, lg in held if lg == lang]
        counts: Counter[str] = Counter()
        for text, label in rows:
            result = service.triage(text).result
            should_escalate = label is None or label in human
            counts[_outcome(result.decision, result.intent, label, should_escalate)] += 1
        scores.append(
            LanguageScore(
                language=lang,
                should_answer=sum(1 for _, label in rows if label is not None and label not in human),
                answered_right=counts["answered_right"],
                answered_wrong=counts["answered_wrong"],
                clarified=counts["clarified"],
                escalated_unnecessarily=counts["escalated_unnecessarily"],
                should_escalate=sum(1 for _, label in rows if label is None or label in human),
                escalated=counts["escalated"],
                clarified_instead=counts["clarified_instead"],
                missed_escalations=counts["missed_escalation"],
            )
        )
    return scores


def _outcome(decision: Decision, intent: str | None, label: str | None, should_escalate: bool) -> str:
    if should_escalate:
        return {Decision.ESCALATE: "escalated", Decision.CLARIFY: "clarified_instead"}.get(
            decision, "missed_escalation"
        )
    if decision == Decision.ANSWER:
        return "answered_right" if intent == label else "answered_wrong"
    return "clarified" if decision == Decision.CLARIFY else "escalated_unnecessarily"


def _split(data: Dataset, test_size: float, seed: int) -> tuple[Dataset, list[tuple[str, str | None, str]]]:
    """Stratified by intent and language; out-of-scope examples are split too (held-out ones must escalate)."""
    strata = np.array([f"{label}|{lang}" for label, lang in zip(data.labels, data.languages, strict=True)])
    counts = Counter(strata.tolist())
    # A stratum too small to split (an intent just learned from agents) stays whole in training.
    splittable = np.array([counts[s] >= RARE for s in strata.tolist()], dtype=bool)
    idx = np.arange(len(data.texts))
    fit, held = train_test_split(idx[splittable], test_size=test_size, stratify=strata[splittable], random_state=seed)
    fit = np.concatenate([fit, idx[~splittable]])
    oos_idx = np.arange(len(data.oos_texts))
    oos_fit, oos_held = train_test_split(oos_idx, test_size=0.5, random_state=seed)
    train = Dataset(
        texts=tuple(data.texts[i] for i in fit),
        labels=tuple(data.labels[i] for i in fit),
        languages=tuple(data.languages[i] for i in fit),
        oos_texts=tuple(data.oos_texts[i] for i in oos_fit),
        oos_languages=tuple(data.oos_languages[i] for i in oos_fit),
    )
    held_rows: list[tuple[str, str | None, str]] = [(data.texts[i], data.labels[i], data.languages[i]) for i in held]
    held_rows += [(data.oos_texts[i], None, data.oos_languages[i]) for i in oos_held]
    return train, held_rows
