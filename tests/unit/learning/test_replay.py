import random
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from tandem.domain.errors import InvalidInput
from tandem.domain.probation import ProbationRule
from tandem.domain.triage import Thresholds
from tandem.learning.replay import replay
from tandem.learning.replay_loop import run_loop, score
from tandem.learning.replay_split import Split, article_title, split_for_replay, split_from_articles
from tandem.nlu.dataset import Dataset

TOPICS = {
    "card_lost": "card lost stolen missing wallet",
    "refund": "refund money back reimburse returned",
    "pin": "pin code forgot reset digits",
    "transfer": "transfer wire send account beneficiary",
    "fees": "fee charge commission extra cost",
    "top_up": "top up topup add funds load",
    "address": "address move new street postcode",
    "exchange": "exchange rate currency euro dollar",
}
FILLER = "please i need help with my the a about can you"


def synthetic(rows_per_intent: int, seed: int) -> Dataset:
    """Messages made of two or three words of their intent's topic among filler words."""
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[str] = []
    for intent, words in TOPICS.items():
        for _ in range(rows_per_intent):
            picked = rng.sample(words.split(), rng.choice([2, 3])) + rng.sample(FILLER.split(), 3)
            rng.shuffle(picked)
            texts.append(" ".join(picked))
            labels.append(intent)
    return Dataset(tuple(texts), tuple(labels))


class FakeModel:
    """Knows the intents it was trained on: their messages answered right, others escalated, 'odd' ones wrong."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(sorted(set(labels)))
        self.thresholds = Thresholds(answer=0.5, clarify=0.2)
        self.probation: frozenset[str] = frozenset()

    def judge(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """As `IntentModel.judge`: answered on its own unless the top intent is on probation and no repeat."""
        p, confidence, repeat = self.appraise(texts)
        held = np.isin(np.asarray(self.labels)[p.argmax(axis=1)], sorted(self.probation))
        return p, confidence, repeat | ~held

    def appraise(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Probabilities, confidence, and no message a near-repeat ("rep" ones are)."""
        p, confidence = self.confidences(texts)
        return p, confidence, np.array([text.endswith("rep") for text in texts], dtype=bool)

    def confidences(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        p = np.zeros((len(texts), len(self.labels)))
        confidence = np.zeros(len(texts))
        for row, text in enumerate(texts):
            label = text.split()[0]
            if text.endswith(("odd", "odd rep")):  # confidently wrong (unless the first intent is the true one)
                p[row, 0], confidence[row] = 1.0, 0.9
            elif label in self.labels:
                p[row, self.labels.index(label)], confidence[row] = 1.0, 0.9
            else:
                p[row, 0], confidence[row] = 1.0, 0.1
        return p, confidence


def fake_trainer(trained: list[Dataset]) -> Callable[[Dataset], FakeModel]:
    def train(data: Dataset) -> FakeModel:
        trained.append(data)
        return FakeModel(data.labels)

    return train


def labelled(intents: Sequence[str], per_intent: int, odd_every: int = 0) -> Dataset:
    texts, labels = [], []
    for intent in intents:
        for i in range(per_intent):
            odd = " odd" if odd_every and i % odd_every == 0 else ""
            texts.append(f"{intent} n{i}{odd}")
            labels.append(intent)
    return Dataset(tuple(texts), tuple(labels))


def test_split_keeps_halves_apart_and_streams_every_intent() -> None:
    train = labelled([f"i{k}" for k in range(10)], 9)
    split = split_for_replay(train, 0.5, seed=3)
    assert len(split.known) == 5 and set(split.initial.labels) == split.known
    assert Counter(split.initial.labels) == {intent: 5 for intent in split.known}
    assert Counter(label for _, label in split.stream) == {f"i{k}": 4 for k in range(10)}
    assert not set(split.initial.texts) & {text for text, _ in split.stream}
    assert split_for_replay(train, 0.5, seed=3) == split
    assert split_for_replay(train, 0.5, seed=4) != split


def test_articles_split_teaches_each_intent_by_its_title_and_a_few_seen_questions() -> None:
    intents = ["card_arrival", "lost_or_stolen_card", "pin", "top_up"]
    train = labelled(intents, 9)
    default = split_for_replay(train, 0.5, seed=3)
    bare = split_from_articles(train, 0, seed=3)
    # No examples: one row per intent, its name made readable; every intent known, none from its rows.
    assert bare.initial.texts == ("card arrival", "lost or stolen card", "pin", "top up")
    assert bare.initial.labels == tuple(intents)
    assert bare.known == frozenset(intents)
    # The traffic is the stream half of every intent, in the very order the default start meets it.
    assert bare.stream == default.stream
    assert Counter(label for _, label in bare.stream) == {intent: 4 for intent in intents}
    asked = split_from_articles(train, 3, seed=3)
    assert asked.stream == default.stream and asked.known == frozenset(intents)
    assert Counter(asked.initial.labels) == {intent: 4 for intent in intents}
    questions = [t for t in asked.initial.texts if t not in bare.initial.texts]
    assert len(questions) == 12 and set(questions) <= set(train.texts)
    assert not set(questions) & {text for text, _ in asked.stream}  # from the seen half, never the stream
    for intent in intents:
        own = [t for t, label in zip(asked.initial.texts, asked.initial.labels, strict=True) if label == intent]
        assert own[0] == article_title(intent) and all(t.startswith(f"{intent} n") for t in own[1:])
    assert split_from_articles(train, 3, seed=3) == asked
    assert split_from_articles(train, 3, seed=4).initial != asked.initial  # the questions are a seeded draw


def test_articles_split_lists_at_most_the_seen_half_and_refuses_a_negative_count() -> None:
    train = labelled(["a_b", "c"], 5)  # seen halves of 3 rows
    every = split_from_articles(train, 50, seed=0)
    assert Counter(every.initial.labels) == {"a_b": 4, "c": 4}
    assert len(set(every.initial.texts) | {text for text, _ in every.stream}) == 10 + 2
    with pytest.raises(InvalidInput, match="article questions must be 0 or more"):
        split_from_articles(train, -1, seed=0)


def test_replay_from_articles_starts_with_every_intent_on_probation() -> None:
    train, test = synthetic(30, seed=1), synthetic(8, seed=2)
    result = replay(
        train,
        test,
        ("tfidf",),
        known_share=1.0,  # refused by the known start, ignored by the articles one: it knows every intent
        retrain_every=20,
        target_precision=0.9,
        probation=ProbationRule(min_checks=3),
        start="articles",
        article_questions=2,
    )
    first, last = result.checkpoints[0], result.checkpoints[-1]
    assert (first.known_intents, first.trusted_intents, first.test_containment) == (8, 0, 0.0)
    assert last.messages == len(split_for_replay(train, 0.5, seed=0).stream) == 120
    assert last.trusted_intents is not None and last.trusted_intents > 0 and last.test_containment > 0.3
    assert result.parameters["start"] == "articles" and result.parameters["article_questions"] == 2
    assert result.parameters["known_share"] == 1.0


@pytest.mark.parametrize(
    ("start", "questions", "fragment"),
    [("help", 0, "start must be one of known, articles"), ("known", 2, "articles start only")],
)
def test_bad_starts_are_rejected(start: str, questions: int, fragment: str) -> None:
    data = synthetic(4, seed=0)
    with pytest.raises(InvalidInput, match=fragment):
        replay(data, data, ("tfidf",), start=start, article_questions=questions)


def test_escalations_become_approvals_and_trigger_retrains() -> None:
    train = labelled([f"i{k}" for k in range(6)], 20)
    split = split_for_replay(train, 0.5, seed=0)
    trained: list[Dataset] = []
    result = run_loop(split, train, fake_trainer(trained), retrain_every=7)
    first, *retrains, last = result.checkpoints
    # At first only the 3 known intents' 30 stream messages are answered; the other 30 are escalated.
    assert first.messages == 0 and first.approvals == 0 and first.known_intents == 3
    assert [c.approvals for c in retrains] == [7 * (k + 1) for k in range(len(retrains))]
    assert all(c.retrained for c in retrains) and not last.retrained
    assert len(trained) == 1 + len(retrains)
    # Each retrain learns exactly the approved examples on top of the initial rows.
    assert len(trained[-1].texts) == len(split.initial.texts) + retrains[-1].approvals
    assert last.messages == len(split.stream) == 60
    escalated = [m for m in split.stream if m[1] not in split.known]
    assert last.approvals < len(escalated)  # once learned, an intent's later messages are answered
    answered = 60 - last.approvals
    assert result.online_total["containment"] == round(answered / 60, 4)
    assert result.online_total["precision"] == 1.0
    assert last.known_intents == 6 and last.test_containment == 1.0
    assert first.test_containment == 0.5 and first.test_precision == 1.0


def test_rejected_wrong_answers_are_taught_like_escalations() -> None:
    train = labelled(["a", "b", "c", "d"], 20, odd_every=4)  # odd: answered as "a" whatever the intent
    split = split_for_replay(train, 0.5, seed=1)
    odd_wrong = sum(text.endswith("odd") and label != "a" for text, label in split.stream)
    silent = run_loop(split, train, fake_trainer([]), retrain_every=1000)
    assert silent.checkpoints[-1].rejected_answers == 0
    trained: list[Dataset] = []
    loud = run_loop(split, train, fake_trainer(trained), retrain_every=1000, rejected_share=1.0)
    assert loud.checkpoints[-1].rejected_answers == odd_wrong > 0
    assert loud.checkpoints[-1].approvals == silent.checkpoints[-1].approvals + odd_wrong
    assert loud.online_total == silent.online_total  # a rejected answer still counts as a wrong answer
    # Each wrong answer is listed, with why the AI gave it: no probation here, so it was merely confident.
    assert len(silent.wrong_answers) == odd_wrong
    first_known = min(split.known)  # the fake model's answer to an odd message
    assert {(w.intent, w.why, w.checks) for w in silent.wrong_answers} == {(first_known, "confident", None)}
    assert all(w.truth != first_known and w.text.endswith("odd") for w in silent.wrong_answers)
    assert silent.as_json()["wrong_answers"][0]["truth"] == silent.wrong_answers[0].truth
    half = run_loop(split, train, fake_trainer([]), retrain_every=1000, rejected_share=0.5, seed=7)
    assert 0 <= half.checkpoints[-1].rejected_answers <= odd_wrong


def test_precision_counts_confident_wrong_answers() -> None:
    test = labelled(["a", "b", "c", "d"], 10, odd_every=5)  # rows 0 and 5 of each intent are "odd"
    model = FakeModel(["a", "b", "c"])
    containment, precision = score(model, test.texts, test.labels)
    # Answered: 30 known-intent rows + the 2 odd rows of "d"; wrong: odd rows not of "a" (6).
    assert containment == round(32 / 40, 4)
    assert precision == round((32 - 6) / 32, 4)


@pytest.mark.parametrize(
    ("share", "every", "rejected"),
    [(0.0, 10, 0.0), (1.0, 10, 0.0), (1.5, 10, 0.0), (-0.2, 10, 0.0), (0.5, 0, 0.0), (0.5, -3, 0.0), (0.5, 10, 1.1)],
)
def test_bad_parameters_are_rejected(share: float, every: int, rejected: float) -> None:
    data = synthetic(4, seed=0)
    with pytest.raises(InvalidInput):
        replay(data, data, ("tfidf",), known_share=share, retrain_every=every, rejected_share=rejected)


def test_a_share_leaving_fewer_than_two_known_intents_is_rejected() -> None:
    data = synthetic(4, seed=0)
    with pytest.raises(InvalidInput, match="fewer than two known"):
        split_for_replay(data, 0.1, seed=0)


def test_containment_rises_as_the_product_model_learns() -> None:
    train, test = synthetic(40, seed=1), synthetic(12, seed=2)
    result = replay(train, test, ("tfidf",), known_share=0.5, retrain_every=20, seed=0, target_precision=0.9)
    first, last = result.checkpoints[0], result.checkpoints[-1]
    assert first.known_intents == 4 and last.known_intents == 8
    assert last.approvals >= 20 and len(result.checkpoints) >= 3
    assert last.test_containment > first.test_containment + 0.2
    assert 0.0 < result.full_knowledge["containment"] <= 1.0
    assert result.as_json()["parameters"]["representations"] == ["tfidf"]
    assert set(result.as_json()["checkpoints"][0]) >= {
        "messages",
        "approvals",
        "known_intents",
        "test_containment",
        "test_precision",
        "online_containment",
        "online_precision",
        "train_seconds",
    }


def test_probation_holds_each_intent_until_people_have_checked_it() -> None:
    train = labelled(["a", "b", "c", "d"], 40, odd_every=4)  # odd: answered as "a" whatever the intent
    split = split_for_replay(train, 0.5, seed=1)
    rule = ProbationRule(min_checks=3, max_error=0.03)
    free = run_loop(split, train, fake_trainer([]), retrain_every=1000)
    held = run_loop(split, train, fake_trainer([]), retrain_every=1000, probation=rule)
    first, last = held.checkpoints[0], held.checkpoints[-1]
    # At first every intent is on probation: nothing is answered on its own, precision is undefined.
    assert (first.trusted_intents, first.test_containment, first.test_precision) == (0, 0.0, None)
    assert free.checkpoints[0].trusted_intents is None
    # People's checks put the intents answered right at once off probation; "a", which takes the odd messages
    # of every intent, gets wrong checks and stays on it, so its wrong answers never reach a customer.
    assert free.online_total["precision"] < 1.0
    assert held.online_total["precision"] == 1.0
    assert 0 < held.online_total["containment"] < free.online_total["containment"]
    assert last.trusted_intents is not None and 0 < last.trusted_intents < last.known_intents
    # Every held message was solved by a person: more approvals than without probation.
    assert last.approvals > free.checkpoints[-1].approvals
    assert held.as_json()["parameters"] == {} and held.as_json()["checkpoints"][0]["trusted_intents"] == 0
    assert held.wrong_answers == [] and len(free.wrong_answers) > 0


def test_wrong_answers_say_whether_the_intent_was_trusted_or_the_message_a_near_repeat() -> None:
    known = labelled(["a", "b"], 4)
    stream = (("b n0 odd rep", "b"), ("a n1", "a"), ("b n2 mail me at jo@example.com odd", "b"))
    split = Split(known, stream, frozenset({"a", "b"}))
    result = run_loop(split, known, fake_trainer([]), retrain_every=1000, probation=ProbationRule(min_checks=1))
    # First: "a" on probation, the odd near-repeat answered anyway (wrong); then "a" checked right once,
    # trusted, and the next odd message answered wrong on that trust.
    assert [(w.position, w.why, w.checks) for w in result.wrong_answers] == [
        (1, "precedent", (0, 0)),
        (3, "trusted", (1, 0)),
    ]
    assert all((w.intent, w.truth) == ("a", "b") for w in result.wrong_answers)
    assert "jo@example.com" not in result.wrong_answers[1].text  # listed, with personal data redacted
    assert result.wrong_answers[1].text.startswith("b n2 mail me at ")
    last = result.checkpoints[-1]
    assert (last.online_answers, last.online_wrong, last.online_precision) == (2, 2, 0.0)
    assert last.online_precision_interval == (0.0, 0.6576)  # Wilson, 0 of 2
    assert last.online_precision_so_far == 0.0


def test_live_precision_comes_with_its_count_interval_and_running_total() -> None:
    train = labelled(["a", "b", "c", "d"], 40, odd_every=4)
    split = split_for_replay(train, 0.5, seed=1)
    result = run_loop(split, train, fake_trainer([]), retrain_every=5)
    windows = [c for c in result.checkpoints if c.online_answers]
    assert len(windows) == 2  # before and after the one retrain that learns the two unknown intents
    answers = wrong = 0
    for c in windows:
        answers, wrong = answers + c.online_answers, wrong + c.online_wrong
        assert c.online_precision == round(1 - c.online_wrong / c.online_answers, 4)
        assert c.online_precision_interval is not None
        assert c.online_precision_interval[0] <= c.online_precision <= c.online_precision_interval[1]
        assert c.online_precision_so_far == round(1 - wrong / answers, 4)
    assert result.online_total["precision"] == windows[-1].online_precision_so_far
    assert wrong == len(result.wrong_answers) > 0
    assert result.checkpoints[0].online_precision_interval is None  # the start: nothing replayed yet


def test_a_near_repeat_is_answered_even_on_probation() -> None:
    known = labelled(["a", "b"], 4)
    stream = (("a n0 rep", "a"), ("b n1 rep", "b"), ("a n9", "a"))
    split = Split(known, stream, frozenset({"a", "b"}))
    result = run_loop(split, known, fake_trainer([]), retrain_every=1000, probation=ProbationRule(min_checks=5))
    last = result.checkpoints[-1]
    assert last.online_containment == round(2 / 3, 4) and last.online_precision == 1.0
    assert last.approvals == 1  # the new wording went to a person
