"""Held-out measurement of agent-assist retrieval: questions the index never saw -> the article that answers.

The pairs come from the packs themselves: the examples of every intent answered by an article are split per
(intent, language); the held-out ones are removed from the pack the index is built from and used as queries.
"""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from tandem.assist.relevance import Guess
from tandem.domain.packs import HandlerKind, Pack
from tandem.nlu.intent_model import IntentModel


@dataclass(frozen=True, slots=True)
class HeldOut:
    """One test question and the articles that answer it (an intent may be linked to more than one)."""

    language: str
    intent: str
    question: str
    articles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Scores:
    queries: int
    precision_at_1: float  # share of queries whose first article is a right one
    precision_at_3: float  # share of queries with a right article in the top 3
    mrr: float  # mean reciprocal rank of the first right article (0 when it is not returned)
    latencies_ms: tuple[float, ...] = ()


def article_intents(pack: Pack) -> dict[str, frozenset[str]]:
    """Intent -> the articles answering it: its `article:` handler target and every article listing it."""
    linked: dict[str, set[str]] = {}
    for intent in pack.intents.values():
        if intent.handler.kind == HandlerKind.ARTICLE and intent.handler.target in pack.articles:
            linked.setdefault(intent.name, set()).add(intent.handler.target)
    for article in pack.articles.values():
        for name in article.intents:
            if name in pack.intents:
                linked.setdefault(name, set()).add(article.id)
    return {name: frozenset(ids) for name, ids in linked.items()}


def split_pack(
    pack: Pack, test_size: float = 0.25, seed: int = 0, every_intent: bool = False
) -> tuple[Pack, list[HeldOut]]:
    """The pack without the held-out examples, and those examples as test pairs.

    Stratified: about `test_size` of each article-linked intent's examples (of every intent with
    `every_intent`; those without an article get an empty `articles`) in each language, at least one when the
    intent has two or more, chosen with a fixed seed so every run measures the same questions.
    """
    rng = random.Random(seed)
    linked = article_intents(pack)
    intents = dict(pack.intents)
    held: list[HeldOut] = []
    for name in sorted(pack.intents if every_intent else linked):
        intent = pack.intents[name]
        kept: dict[str, tuple[str, ...]] = {}
        for language in sorted(intent.examples):
            examples = list(intent.examples[language])
            count = max(1, round(len(examples) * test_size)) if len(examples) >= 2 else 0
            chosen = set(rng.sample(range(len(examples)), count))
            kept[language] = tuple(e for i, e in enumerate(examples) if i not in chosen)
            right = linked.get(name, frozenset())
            held += [HeldOut(language, name, examples[i], right) for i in sorted(chosen)]
        intents[name] = replace(intent, examples=kept)
    return replace(pack, intents=intents), held


@dataclass(frozen=True, slots=True)
class Handover:
    """A held-out customer message handed to a person, what the AI read in it, and the articles that answer it:
    none for an intent no article answers (a double charge, a damaged parcel). `action`: the intent is an action
    flow (an order to track, a return to start); whether the article on its subject helps is not labelled."""

    language: str
    intent: str
    action: bool
    question: str
    guess: Guess
    articles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Shown:
    """What agent assist put on screen for a set of hand-overs."""

    handovers: int
    answerable: int  # hand-overs some article answers
    shown: int  # articles shown, in all
    precision: float  # share of the shown articles that answer their hand-over
    recall: float  # share of the answerable hand-overs shown at least one article that answers them
    nothing_shown: float  # share of the hand-overs shown no article


def intent_reader(train: Pack) -> Callable[[Sequence[str]], list[Guess]]:
    """A TF-IDF intent model fitted on every example of `train`: each text's top intent and its probability. A
    lighter stand-in for the served model (which adds sentence embeddings and its own calibration): it errs
    more, so figures measured with it are if anything pessimistic."""
    texts = [e for intent in train.intents.values() for examples in intent.examples.values() for e in examples]
    labels = [n for n, intent in train.intents.items() for examples in intent.examples.values() for _ in examples]
    model = IntentModel(("tfidf",)).fit(texts, labels)

    def read(questions: Sequence[str]) -> list[Guess]:
        probabilities = model.predict_proba(list(questions))
        return [Guess(model.labels[int(row.argmax())], float(row.max())) for row in probabilities]

    return read


def handovers(pack: Pack, test_size: float = 0.25, seed: int = 0) -> tuple[Pack, list[Handover]]:
    """The pack without the held-out examples, and every held-out example that is not small talk as a
    hand-over read by an intent model trained without it (`intent_reader`)."""
    train, held = split_pack(pack, test_size, seed, every_intent=True)
    held = [p for p in held if pack.intents[p.intent].handler.kind != HandlerKind.REPLY]
    guesses = intent_reader(train)([p.question for p in held]) if held else []
    return train, [
        Handover(
            p.language, p.intent, pack.intents[p.intent].handler.kind == HandlerKind.FLOW, p.question, guess, p.articles
        )
        for p, guess in zip(held, guesses, strict=True)
    ]


def measure_shown(shown: Callable[[Handover], Sequence[str]], cases: Sequence[Handover]) -> Shown:
    """Precision, recall and empty screens of `shown` (a hand-over -> the article ids put on screen)."""
    count = right = answered = empty = 0
    for case in cases:
        ids = list(shown(case))
        count += len(ids)
        hits = sum(i in case.articles for i in ids)
        right += hits
        answered += hits > 0
        empty += not ids
    answerable = sum(bool(c.articles) for c in cases)
    return Shown(
        len(cases),
        answerable,
        count,
        right / count if count else 1.0,
        answered / answerable if answerable else 1.0,
        empty / len(cases) if cases else 0.0,
    )


def evaluate(rank: Callable[[str], Sequence[str]], pairs: Sequence[HeldOut], timed: bool = False) -> Scores:
    """Score `rank` (question -> article ids, best first) on `pairs`; with `timed`, keep each call's ms."""
    hits1 = hits3 = 0
    reciprocal = 0.0
    latencies: list[float] = []
    for pair in pairs:
        start = time.perf_counter()
        ranked = list(rank(pair.question))
        latencies.append((time.perf_counter() - start) * 1000.0)
        first = next((i for i, article in enumerate(ranked) if article in pair.articles), None)
        if first is not None:
            hits1 += first == 0
            hits3 += first < 3
            reciprocal += 1.0 / (first + 1)
    n = len(pairs)
    if n == 0:
        return Scores(0, 0.0, 0.0, 0.0)
    return Scores(n, hits1 / n, hits3 / n, reciprocal / n, tuple(latencies) if timed else ())


def percentile(values: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0..100) of `values`, by linear interpolation; 0 for none."""
    return float(np.percentile(values, q)) if len(values) else 0.0


def in_conversations(pairs: Sequence[HeldOut], pack: Pack, seed: int = 0) -> dict[str, list[HeldOut]]:
    """The held-out questions inside short conversations, to measure how the latest message is weighted.

    "after small talk": a greeting (any `reply:` intent example) then the question; "topic change": a
    question of an intent no article answers (an order to track, a complaint...) then the question;
    "question then nudge": the question then a greeting ("hello?"). The right articles stay the question's.
    """
    rng = random.Random(seed)
    small_talk: dict[str, list[str]] = {}
    other_topics: dict[str, list[str]] = {}
    for intent in pack.intents.values():
        target = small_talk if intent.handler.kind == HandlerKind.REPLY else other_topics
        if intent.handler.kind in (HandlerKind.REPLY, HandlerKind.FLOW, HandlerKind.HUMAN):
            for language, examples in intent.examples.items():
                target.setdefault(language, []).extend(examples)
    kinds: dict[str, list[HeldOut]] = {"single message": list(pairs)}
    for kind, (pool, after) in {
        "after small talk": (small_talk, False),
        "topic change": (other_topics, False),
        "question then nudge": (small_talk, True),
    }.items():
        made = []
        for pair in pairs:
            other = rng.choice(pool.get(pair.language) or [""])
            text = f"{pair.question}\n{other}" if after else f"{other}\n{pair.question}"
            made.append(replace(pair, question=text))
        kinds[kind] = made
    return kinds
