"""The loop of a learning-loop replay (protocol: `tandem.learning.replay`): triage the stream, let people solve
what the AI does not answer, retrain on their approvals, score each model on the test set."""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from tandem.domain.probation import Checks, ProbationRule
from tandem.domain.proportion import wilson_interval
from tandem.learning.replay_result import Checkpoint, ReplayResult, WrongAnswer
from tandem.learning.replay_split import Split
from tandem.nlu.dataset import Dataset
from tandem.nlu.intent_model import IntentModel, Progress
from tandem.nlu.pii import redact

CHUNK = 512  # messages triaged per batch by one model (a retrain mid-chunk re-triages the rest)
Trainer = Callable[[Dataset], IntentModel]


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
    loop = _Loop(split, test, trainer, probation, rejected_share, seed)
    model = loop.retrain()
    while loop.position < len(stream):
        due = loop.take(model, stream[loop.position : loop.position + CHUNK], retrain_every)
        if progress:
            progress("replaying the stream", loop.position, len(stream))
        if due:
            model = loop.retrain()
    if loop.window.messages:
        loop.checkpoint(model, 0.0, retrained=False)
    return loop.result()


@dataclass
class _Tally:
    messages: int = 0
    answered: int = 0
    right: int = 0  # answered with the true intent


class _Loop:
    """The replay's state: where it is in the stream, what people approved and checked, what was answered."""

    def __init__(
        self,
        split: Split,
        test: Dataset,
        trainer: Trainer,
        probation: ProbationRule | None,
        rejected_share: float,
        seed: int,
    ) -> None:
        self.split = split
        self.test = test
        self.trainer = trainer
        self.probation = probation
        # One draw per message, fixed up front: whether a wrong answer is rejected does not depend on batching.
        self.rejects = np.random.default_rng([seed, 1]).random(len(split.stream)) < rejected_share
        self.position = 0
        self.rejected = 0
        self.approved: list[tuple[str, str]] = []
        self.checkpoints: list[Checkpoint] = []
        self.window = _Tally()  # since the last checkpoint
        self.totals = _Tally()
        self.checks: dict[str, Checks] = {}
        self.wrong: list[WrongAnswer] = []

    def held(self, intent: str) -> bool:
        return self.probation is not None and not self.probation.trusted(self.checks.get(intent, Checks()))

    def check(self, intent: str, right: bool) -> None:
        self.checks[intent] = self.checks.get(intent, Checks()).add(right)

    def retrain(self) -> IntentModel:
        """A model of the initial rows and every approval so far, checkpointed."""
        started = time.perf_counter()
        data = Dataset(
            self.split.initial.texts + tuple(text for text, _ in self.approved),
            self.split.initial.labels + tuple(label for _, label in self.approved),
        )
        model = self.trainer(data)
        self.checkpoint(model, time.perf_counter() - started)
        return model

    def take(self, model: IntentModel, chunk: Sequence[tuple[str, str]], retrain_every: int) -> bool:
        """Replay `chunk` with `model`, stopping early when a retrain is due; whether one is."""
        would, correct, predicted, repeat = triage(model, [text for text, _ in chunk], [label for _, label in chunk])
        for i, message in enumerate(chunk):
            self.position += 1
            self.window.messages += 1
            if self._person_solves(message, would[i], correct[i], predicted[i], repeat[i]):
                self.approved.append(message)  # one more approved example with its true intent
                if len(self.approved) % retrain_every == 0:
                    return True
        return False

    def _person_solves(self, message: tuple[str, str], would: bool, correct: bool, intent: str, repeat: bool) -> bool:
        """Play `message` out as triage and people would: does a person end up solving it?"""
        if would and not repeat and self.held(intent):
            self.check(intent, bool(correct))  # a person answers instead, and sees whether the AI was right
            return True
        if not would:
            return True
        self.window.answered += 1
        self.window.right += int(correct)
        if not correct:
            self.wrong.append(self._wrong_answer(message, intent))
        if correct or not self.rejects[self.position - 1]:
            return False
        self.rejected += 1  # the customer says no: a person takes over, as after an escalation
        if self.probation is not None:
            self.check(intent, False)
        return True

    def _wrong_answer(self, message: tuple[str, str], intent: str) -> WrongAnswer:
        text = redact(message[0])
        if self.probation is None:
            return WrongAnswer(self.position, text, str(intent), message[1], "confident", None)
        c = self.checks.get(intent, Checks())
        why = "precedent" if self.held(intent) else "trusted"
        return WrongAnswer(self.position, text, str(intent), message[1], why, (c.right, c.wrong))

    def checkpoint(self, model: IntentModel, seconds: float, retrained: bool = True) -> None:
        # The checks so far decide, as the product's registry does when it trains a model.
        model.probation = frozenset(i for i in model.labels if self.held(i))
        containment, precision = score(model, self.test.texts, self.test.labels)
        window, self.window = self.window, _Tally()
        self.totals.messages += window.messages
        self.totals.answered += window.answered
        self.totals.right += window.right
        self.checkpoints.append(
            Checkpoint(
                messages=self.position,
                approvals=len(self.approved),
                known_intents=len(model.labels),
                test_containment=containment,
                test_precision=precision,
                online_containment=_share(window.answered, window.messages),
                online_precision=_share(window.right, window.answered),
                train_seconds=round(seconds, 1),
                retrained=retrained,
                rejected_answers=self.rejected,
                trusted_intents=None if self.probation is None else len(model.labels) - len(model.probation),
                online_answers=window.answered,
                online_wrong=window.answered - window.right,
                online_precision_interval=_rounded(wilson_interval(window.right, window.answered))
                if window.answered
                else None,
                online_precision_so_far=_share(self.totals.right, self.totals.answered),
            )
        )

    def result(self) -> ReplayResult:
        stream = self.split.stream
        return ReplayResult(
            checkpoints=self.checkpoints,
            full_knowledge={},
            parameters={},
            stream_messages=len(stream),
            intents=len(self.split.known | {label for _, label in stream}),
            online_total={
                "containment": _share(self.totals.answered, self.totals.messages) or 0.0,
                "precision": _share(self.totals.right, self.totals.answered),
            },
            wrong_answers=self.wrong,
        )


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


def _share(part: int, whole: int) -> float | None:
    """`part` / `whole` to four places; None when `whole` is 0 (nothing replayed, or nothing answered)."""
    return round(part / whole, 4) if whole else None


def _rounded(interval: tuple[float, float]) -> tuple[float, float]:
    return round(interval[0], 4), round(interval[1], 4)
