"""The data of a learning-loop replay (protocol: `tandem.learning.replay`): what the AI starts knowing, and the
traffic it then meets.

Two starts: `known` (`split_for_replay`: a random share of the intents, each trained on its seen half) and
`articles` (`split_from_articles`: every intent, each taught only by its help-center article's title and a few
of the questions the article lists). Both meet the same traffic for the same seed: the stream half of every
intent, in the same order.
"""

from dataclasses import dataclass

import numpy as np

from tandem.domain.errors import InvalidInput
from tandem.nlu.dataset import Dataset

STARTS = ("known", "articles")
DEFAULT_KNOWN_SHARE = 0.5


@dataclass(frozen=True)
class Split:
    """The initial training rows, the stream of (text, true intent) in arrival order, the known intents."""

    initial: Dataset
    stream: tuple[tuple[str, str], ...]
    known: frozenset[str]


@dataclass(frozen=True)
class _Halves:
    """Per intent, its seen rows (row numbers of the training set, in a seeded order); the stream rows, shuffled."""

    seen: dict[str, list[int]]
    stream: list[int]


def split_for_replay(train: Dataset, known_share: float, seed: int) -> Split:
    """Seen/stream halves per intent, a random `known_share` of the intents known, the stream shuffled."""
    check_parameters(known_share, 1)
    rng = np.random.default_rng(seed)
    known = _draw_known(train.intents, known_share, rng)
    if len(known) < 2:
        raise InvalidInput(f"known share {known_share} of {len(train.intents)} intents leaves fewer than two known")
    halves = _halves(train, rng)
    initial_rows = sorted(row for intent in known for row in halves.seen[intent])
    return Split(_rows(train, initial_rows), _stream(train, halves), known)


def split_from_articles(train: Dataset, questions: int, seed: int) -> Split:
    """Every intent known from its article alone: one row, its title (the intent's name with spaces for
    underscores: `card_arrival` -> "card arrival"), plus `questions` rows of its seen half (all of it if
    shorter), the questions the article lists. The stream is that of `split_for_replay` at the default known
    share with the same seed (same halves, same order): the known intents it would draw are drawn and set aside.
    """
    if questions < 0:
        raise InvalidInput(f"article questions must be 0 or more, got {questions}")
    rng = np.random.default_rng(seed)
    _draw_known(train.intents, DEFAULT_KNOWN_SHARE, rng)  # only to meet the same stream as the default start
    halves = _halves(train, rng)
    texts: list[str] = []
    labels: list[str] = []
    for intent in train.intents:
        asked = [train.texts[row] for row in halves.seen[intent][:questions]]
        texts.extend([article_title(intent), *asked])
        labels.extend([intent] * (1 + len(asked)))
    initial = Dataset(tuple(texts), tuple(labels))
    return Split(initial, _stream(train, halves), frozenset(train.intents))


def article_title(intent: str) -> str:
    """The title an intent's article stands in for: its name made readable (`card_arrival` -> "card arrival")."""
    return " ".join(intent.replace("_", " ").split())


def check_start(start: str, article_questions: int = 0) -> None:
    """A start mode of `STARTS`, and article questions only with the articles start (none below 0)."""
    if start not in STARTS:
        raise InvalidInput(f"start must be one of {', '.join(STARTS)}, got {start!r}")
    if article_questions < 0:
        raise InvalidInput(f"article questions must be 0 or more, got {article_questions}")
    if article_questions and start != "articles":
        raise InvalidInput("article questions apply to the articles start only (--start articles)")


def check_parameters(known_share: float, retrain_every: int, rejected_share: float = 0.0) -> None:
    if not 0.0 <= rejected_share <= 1.0:
        raise InvalidInput(f"rejected share must be between 0 and 1, got {rejected_share}")
    if not 0.0 < known_share < 1.0:
        raise InvalidInput(f"known share must be strictly between 0 and 1, got {known_share}")
    if retrain_every < 1:
        raise InvalidInput(f"retrain every must be at least 1 approval, got {retrain_every}")


def _draw_known(intents: tuple[str, ...], known_share: float, rng: np.random.Generator) -> frozenset[str]:
    """A random `known_share` of `intents` (rounded)."""
    n_known = round(known_share * len(intents))
    return frozenset(intents[i] for i in rng.choice(len(intents), size=n_known, replace=False))


def _halves(train: Dataset, rng: np.random.Generator) -> _Halves:
    """Each intent's rows in a seeded order, cut in two: the first (larger) half seen, the rest streamed; then
    the stream rows of every intent shuffled together."""
    labels = np.asarray(train.labels)
    seen: dict[str, list[int]] = {}
    stream_rows: list[int] = []
    for intent in train.intents:
        rows = rng.permutation(np.flatnonzero(labels == intent))
        half = (rows.size + 1) // 2
        seen[intent] = rows[:half].tolist()
        stream_rows.extend(rows[half:].tolist())
    return _Halves(seen, rng.permutation(stream_rows).tolist())


def _stream(train: Dataset, halves: _Halves) -> tuple[tuple[str, str], ...]:
    return tuple((train.texts[i], train.labels[i]) for i in halves.stream)


def _rows(train: Dataset, rows: list[int]) -> Dataset:
    return Dataset(tuple(train.texts[i] for i in rows), tuple(train.labels[i] for i in rows))
