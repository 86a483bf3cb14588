"""The data of a learning-loop replay (protocol: `tandem.learning.replay`): what the AI starts knowing, and the
traffic it then meets."""

from dataclasses import dataclass

import numpy as np

from tandem.domain.errors import InvalidInput
from tandem.nlu.dataset import Dataset


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
