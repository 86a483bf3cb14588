"""Replay of the learning loop on a labelled dataset: does containment rise, safely, as people teach the AI?

Protocol (docs/benchmarks.md, "Learning loop replay"): each intent's training rows are split in two halves,
"seen" and "stream" (seeded). The AI starts knowing a random `known_share` of the intents, trained on their
seen rows with the product's `train_model`. The stream rows of every intent, shuffled, are the traffic. Each
message is answered iff its confidence reaches the model's calibrated answer threshold, as triage decides;
otherwise a person solves it and it becomes an approved example with its true intent. Every `retrain_every`
approvals the model is retrained on the initial rows plus every approved example, and scored on the test
set, which is never learned from. The reference is the model trained on all the training rows.
A wrong answer is silent by default: nobody learns from it. With `rejected_share` > 0, that share of the
wrong answers (seeded draw) is rejected by the customer, as triage's `rejected_answer` rule expects, so a
person solves it and it is approved like an escalation; it still counts as a wrong answer.

With a `probation` rule (the product's default, `tandem.domain.probation`), an intent is answered on its own
only once people have checked enough of the answers the AI would have given with it: until then such a
message goes to a person (one check: right if its true intent is the model's, wrong otherwise) and, like every
message a person solves, becomes an approved example. A near-repeat of a training example is answered anyway,
as in the product. None of the initial intents is vouched for: unlike a pack, the initial rows come with no
out-of-scope examples, so nothing tells the model what it does not know. A wrong answer rejected by the
customer is a wrong check of its intent. The checks are counted as they happen (the product recomputes the
probation set with every retraining, which the live loop runs after each approval).
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tandem.domain.errors import InvalidInput
from tandem.domain.probation import DEFAULT_PROBATION, Checks, ProbationRule
from tandem.domain.proportion import wilson_interval
from tandem.learning.replay_result import Checkpoint, ReplayResult, WrongAnswer
from tandem.models.training import train_model
from tandem.nlu.dataset import Dataset
from tandem.nlu.intent_model import IntentModel, Progress
from tandem.nlu.pii import redact

CHUNK = 512  # messages triaged per batch by one model (a retrain mid-chunk re-triages the rest)
Trainer = Callable[[Dataset], IntentModel]


@dataclass(frozen=True)
class Split:
    """The initial training rows, the stream of (text, true intent) in arrival order, the known intents."""

    initial: Dataset
    stream: tuple[tuple[str, str], ...]
    known: frozenset[str]


def split_for_replay(train: Dataset, known_share: float, seed: int) -> Split:
    """Seen/stream halves per intent, a random `known_share` of the intents known, the stream shuffled."""
    check_parameters(known_share, 1)
    rng = np.random.default_rng(seed)
    intents = train.intents
    n_known = round(known_share * len(intents))
    if n_known < 2:
        raise InvalidInput(f"known share {known_share} of {len(intents)} intents leaves fewer than two known")
    known = frozenset(intents[i] for i in rng.choice(len(intents), size=n_known, replace=False))
    labels = np.asarray(train.labels)
    initial_rows: list[int] = []
    stream_rows: list[int] = []
    for intent in intents:
        rows = rng.permutation(np.flatnonzero(labels == intent))
        half = (rows.size + 1) // 2
        if intent in known:
            initial_rows.extend(rows[:half].tolist())
        stream_rows.extend(rows[half:].tolist())
    initial_rows.sort()
    stream = tuple((train.texts[i], train.labels[i]) for i in rng.permutation(stream_rows))
    initial = Dataset(tuple(train.texts[i] for i in initial_rows), tuple(train.labels[i] for i in initial_rows))
    return Split(initial, stream, known)


def check_parameters(known_share: float, retrain_every: int, rejected_share: float = 0.0) -> None:
    if not 0.0 <= rejected_share <= 1.0:
        raise InvalidInput(f"rejected share must be between 0 and 1, got {rejected_share}")
    if not 0.0 < known_share < 1.0:
        raise InvalidInput(f"known share must be strictly between 0 and 1, got {known_share}")
    if retrain_every < 1:
        raise InvalidInput(f"retrain every must be at least 1 approval, got {retrain_every}")


def score(model: IntentModel, texts: Sequence[str], truth: Sequence[str]) -> tuple[float, float | None]:
    """Containment (share the AI answers on its own: confident, and its intent off probation or the message a
    near-repeat, as `IntentModel.judge` says) and precision of those answers (None: none)."""
    probabilities, confidence, verified = model.judge(texts)
    answered = (confidence >= _answer_at(model)) & verified
    containment = float(answered.mean()) if answered.size else 0.0
    if not answered.any():
        return round(containment, 4), None
    correct = np.asarray(model.labels)[probabilities.argmax(axis=1)] == np.asarray(truth)
    return round(containment, 4), round(float(correct[answered].mean()), 4)


def _answer_at(model: IntentModel) -> float:
    return model.thresholds.answer if model.thresholds else 0.0


def triage(
    model: IntentModel, texts: Sequence[str], truth: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per message: would the AI answer it (confidence >= answer threshold), is its top intent the true one,
    that top intent, and is the message a near-repeat of a training example (answered even on probation)."""
    probabilities, confidence, repeat = model.appraise(texts)
    predicted = np.asarray(model.labels)[probabilities.argmax(axis=1)]
    return confidence >= _answer_at(model), predicted == np.asarray(truth), predicted, repeat


def replay(
    train: Dataset,
    test: Dataset,
    representations: Sequence[str],
    known_share: float = 0.5,
    retrain_every: int = 200,
    seed: int = 0,
    target_precision: float = 0.97,
    rejected_share: float = 0.0,
    progress: Progress | None = None,
    probation: ProbationRule | None = DEFAULT_PROBATION,
) -> ReplayResult:
    """Run the learning loop over `train`'s stream half, scoring every retrained model on `test`."""
    check_parameters(known_share, retrain_every, rejected_share)
    split = split_for_replay(train, known_share, seed)

    def trainer(data: Dataset) -> IntentModel:
        return train_model(data, representations, target_precision, seed=seed, progress=progress)

    result = run_loop(split, test, trainer, retrain_every, progress, rejected_share, seed, probation)
    started = time.perf_counter()
    full = trainer(train)
    full_seconds = time.perf_counter() - started
    containment, precision = score(full, test.texts, test.labels)
    result.full_knowledge = {
        "containment": containment,
        "precision": precision,
        "train_seconds": round(full_seconds, 1),
    }
    result.parameters = {
        "known_share": known_share,
        "retrain_every": retrain_every,
        "seed": seed,
        "target_precision": target_precision,
        "rejected_share": rejected_share,
        "representations": list(representations),
        "probation": None
        if probation is None
        else {"min_checks": probation.min_checks, "max_error": probation.max_error},
    }
    result.intents = len(train.intents)
    return result


def run_loop(
    split: Split,
    test: Dataset,
    trainer: Trainer,
    retrain_every: int,
    progress: Progress | None = None,
    rejected_share: float = 0.0,
    seed: int = 0,
    probation: ProbationRule | None = None,
) -> ReplayResult:
    """The replay proper, with any `trainer` (the product's `train_model` in `replay`)."""
    stream = split.stream
    # One draw per message, fixed up front: whether a wrong answer is rejected does not depend on batching.
    rejects = np.random.default_rng([seed, 1]).random(len(stream)) < rejected_share
    rejected = 0
    approved: list[tuple[str, str]] = []
    checkpoints: list[Checkpoint] = []
    window = [0, 0, 0]  # messages, answered, answered correctly since the last checkpoint
    totals = [0, 0, 0]
    checks: dict[str, Checks] = {}
    wrong: list[WrongAnswer] = []

    def held(intent: str) -> bool:
        return probation is not None and not probation.trusted(checks.get(intent, Checks()))

    def checkpoint(model: IntentModel, seconds: float, position: int, retrained: bool = True) -> None:
        # The checks so far decide, as the product's registry does when it trains a model.
        model.probation = frozenset(i for i in model.labels if held(i))
        containment, precision = score(model, test.texts, test.labels)
        messages, answered, right = window
        for i in range(3):
            totals[i] += window[i]
            window[i] = 0
        checkpoints.append(
            Checkpoint(
                messages=position,
                approvals=len(approved),
                known_intents=len(model.labels),
                test_containment=containment,
                test_precision=precision,
                online_containment=_share(answered, messages),
                online_precision=_share(right, answered),
                train_seconds=round(seconds, 1),
                retrained=retrained,
                rejected_answers=rejected,
                trusted_intents=None if probation is None else len(model.labels) - len(model.probation),
                online_answers=answered,
                online_wrong=answered - right,
                online_precision_interval=_rounded(wilson_interval(right, answered)) if answered else None,
                online_precision_so_far=_share(totals[2], totals[1]),
            )
        )

    def retrain() -> tuple[IntentModel, float]:
        started = time.perf_counter()
        data = Dataset(
            split.initial.texts + tuple(text for text, _ in approved),
            split.initial.labels + tuple(label for _, label in approved),
        )
        return trainer(data), time.perf_counter() - started

    def check(intent: str, right: bool) -> None:
        checks[intent] = checks.get(intent, Checks()).add(right)

    model, seconds = retrain()
    position = 0
    checkpoint(model, seconds, position)
    while position < len(stream):
        chunk = stream[position : position + CHUNK]
        would, correct, predicted, repeat = triage(model, [text for text, _ in chunk], [label for _, label in chunk])
        due = False
        for i, message in enumerate(chunk):
            position += 1
            window[0] += 1
            if would[i] and not repeat[i] and held(predicted[i]):
                check(predicted[i], bool(correct[i]))  # a person answers instead, and sees whether the AI was right
            elif would[i]:
                window[1] += 1
                window[2] += int(correct[i])
                if not correct[i]:
                    wrong.append(_wrong_answer(position, message, predicted[i], probation, checks, held))
                if correct[i] or not rejects[position - 1]:
                    continue
                rejected += 1  # the customer says no: a person takes over, as after an escalation
                if probation is not None:
                    check(predicted[i], False)
            approved.append(message)  # a person solves it: one more approved example with its true intent
            if len(approved) % retrain_every == 0:
                due = True
                break
        if progress:
            progress("replaying the stream", position, len(stream))
        if due:
            model, seconds = retrain()
            checkpoint(model, seconds, position)
    if window[0]:
        checkpoint(model, 0.0, position, retrained=False)
    return ReplayResult(
        checkpoints=checkpoints,
        full_knowledge={},
        parameters={},
        stream_messages=len(stream),
        intents=len(split.known | {label for _, label in stream}),
        online_total={
            "containment": _share(totals[1], totals[0]) or 0.0,
            "precision": _share(totals[2], totals[1]),
        },
        wrong_answers=wrong,
    )


def _share(part: int, whole: int) -> float | None:
    """`part` / `whole` to four places; None when `whole` is 0 (nothing replayed, or nothing answered)."""
    return round(part / whole, 4) if whole else None


def _rounded(interval: tuple[float, float]) -> tuple[float, float]:
    return round(interval[0], 4), round(interval[1], 4)


def _wrong_answer(
    position: int,
    message: tuple[str, str],
    intent: str,
    probation: ProbationRule | None,
    checks: dict[str, Checks],
    held: Callable[[str], bool],
) -> WrongAnswer:
    text = redact(message[0])
    if probation is None:
        return WrongAnswer(position, text, str(intent), message[1], "confident", None)
    c = checks.get(intent, Checks())
    why = "precedent" if held(intent) else "trusted"
    return WrongAnswer(position, text, str(intent), message[1], why, (c.right, c.wrong))
