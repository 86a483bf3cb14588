"""Held-out measurement of agent-assist retrieval: questions the index never saw -> the article that answers.

The pairs come from the packs themselves: the examples of every intent answered by an article are split per
(intent, language); the held-out ones are removed from the pack the index is built from and used as queries.
"""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from tandem.domain.packs import HandlerKind, Pack


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
