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

With `start="articles"` the AI starts from a help center instead (`split_from_articles`): every intent is known
from the first message, each taught only by its article's title (its name made readable) and
`article_questions` rows of its seen half (the customer questions the article lists); `known_share` plays no
part. The stream, the retraining and the probation are the same.
"""

import time
from collections.abc import Sequence

from tandem.domain.probation import DEFAULT_PROBATION, ProbationRule
from tandem.learning.replay_loop import run_loop, score
from tandem.learning.replay_result import ReplayResult
from tandem.learning.replay_split import (
    DEFAULT_KNOWN_SHARE,
    Split,
    check_parameters,
    check_start,
    split_for_replay,
    split_from_articles,
)
from tandem.models.training import train_model
from tandem.nlu.dataset import Dataset
from tandem.nlu.intent_model import IntentModel, Progress


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
    start: str = "known",
    article_questions: int = 0,
) -> ReplayResult:
    """Run the learning loop over `train`'s stream half, scoring every retrained model on `test`."""
    check_start(start, article_questions)
    check_parameters(known_share if start == "known" else DEFAULT_KNOWN_SHARE, retrain_every, rejected_share)
    split = initial_split(train, start, known_share, article_questions, seed)

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
        "start": start,
        "known_share": known_share if start == "known" else 1.0,  # articles: every intent known at first
        "article_questions": article_questions if start == "articles" else None,
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


def initial_split(train: Dataset, start: str, known_share: float, article_questions: int, seed: int) -> Split:
    """What the AI starts knowing and the traffic it meets, for the `start` mode (`known` or `articles`)."""
    check_start(start, article_questions)
    if start == "articles":
        return split_from_articles(train, article_questions, seed)
    return split_for_replay(train, known_share, seed)
