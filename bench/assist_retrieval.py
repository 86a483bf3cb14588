"""Agent-assist retrieval on held-out questions of the built-in packs (see tandem.assist.evaluation).

python bench/assist_retrieval.py [--pack ecommerce] [--test-size 0.25] [--seed 0] [--json OUT]

1. Articles: ~25% of each article-linked intent's examples per language are held out and removed from the
   pack the index is built from; each is asked alone; precision@1, precision@3 and MRR of the right article,
   latency of one `suggest` call (one query at a time) and index build time.
2. Conversations: the same questions after small talk, after another topic, or followed by a nudge.
3. Replies: every intent's examples split the same way; 3 training questions per intent (not small talk)
   become synthetic approved answers; a reply is right when it comes from the query's intent (its learned
   answers or its article).
"""

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tandem.assist.evaluation import (
    HeldOut,
    Scores,
    article_intents,
    evaluate,
    in_conversations,
    percentile,
    split_pack,
)
from tandem.assist.suggestions import AssistIndex
from tandem.domain.learning import LearnedAnswer
from tandem.domain.packs import HandlerKind, Pack
from tandem.packs.catalog import find_pack, pack_names

LEARNED_PER_INTENT = 3


def _ms(action: Callable[[], Any], repeat: int = 5) -> float:
    """Median wall time of `action` in ms (the machine is shared: the median resists a busy neighbour)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return sorted(times)[len(times) // 2]


def _row(scores: Scores) -> dict[str, Any]:
    return {
        "queries": scores.queries,
        "precision_at_1": round(scores.precision_at_1, 4),
        "precision_at_3": round(scores.precision_at_3, 4),
        "mrr": round(scores.mrr, 4),
    }


def _pooled(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = sum(row["queries"] for row in rows)
    pooled: dict[str, Any] = {"queries": n}
    for key in ("precision_at_1", "precision_at_3", "mrr"):
        pooled[key] = round(sum(row[key] * row["queries"] for row in rows) / n, 4) if n else 0.0
    return pooled


def _synthetic_learned(pack: Pack, language: str, seed: int) -> list[LearnedAnswer]:
    rng = random.Random(seed)
    learned = []
    for name, intent in sorted(pack.intents.items()):
        examples = intent.examples.get(language, ())
        if intent.handler.kind == HandlerKind.REPLY or not examples:
            continue
        for j, question in enumerate(rng.sample(examples, min(LEARNED_PER_INTENT, len(examples)))):
            answer = f"[{name} #{j}] {question}"  # unique per question, so dedupe keeps them all
            learned.append(LearnedAnswer(len(learned) + 1, pack.name, language, name, question, answer))
    return learned


def articles_table(packs: list[str], test_size: float, seed: int) -> dict[str, Any]:
    """Held-out article ranking, latency and build time per pack and language."""
    rows, conversations, latencies = [], {}, []
    for name in packs:
        pack = find_pack(name)
        train, held = split_pack(pack, test_size, seed)
        for language in pack.languages:
            pairs = [p for p in held if p.language == language]
            index = AssistIndex(train, language)
            build = _ms(lambda train=train, language=language: AssistIndex(train, language), repeat=3)

            def rank(text: str, index: AssistIndex = index) -> list[str]:
                return [a.article_id for a in index.suggest(text, k=10).articles]

            scores = evaluate(rank, pairs, timed=True)
            latencies += scores.latencies_ms
            rows.append({"pack": name, "language": language, **_row(scores), "build_ms": round(build, 1)})
            for kind, made in in_conversations(pairs, train, seed).items():
                conversations.setdefault(kind, []).append(_row(evaluate(rank, made)))
    return {
        "rows": rows,
        "overall": _pooled(rows),
        "suggest_ms": {"p50": round(percentile(latencies, 50), 2), "p99": round(percentile(latencies, 99), 2)},
        "conversations": {kind: _pooled(kind_rows) for kind, kind_rows in conversations.items()},
    }


def replies_table(packs: list[str], test_size: float, seed: int) -> dict[str, Any]:
    """Held-out reply ranking with synthetic approved answers, and the cost of re-indexing them."""
    rows = []
    for name in packs:
        pack = find_pack(name)
        train, held = split_pack(pack, test_size, seed, every_intent=True)
        linked = article_intents(pack)
        for language in pack.languages:
            learned = _synthetic_learned(train, language, seed)
            index = AssistIndex(train, language, learned)
            relearn = _ms(lambda index=index, learned=learned: index.with_learned(learned))
            pairs = [
                HeldOut(p.language, p.intent, p.question, frozenset({p.intent}))
                for p in held
                if p.language == language and train.intents[p.intent].handler.kind != HandlerKind.REPLY
            ]

            # A reply is named by the intent it answers: its learned answer's, or its article's.
            answers = {f"learned:{a.id}": a.intent for a in learned}
            answers |= {f"article:{i}": intent for intent, ids in linked.items() for i in ids}

            def rank(text: str, index: AssistIndex = index, answers: dict[str, str] = answers) -> list[str]:
                replies = index.suggest(text, k=3).replies
                return [answers.get(f"{r.source}:{r.source_id}", "") for r in replies]

            scores = evaluate(rank, pairs)
            rows.append(
                {
                    "pack": name,
                    "language": language,
                    "learned": len(learned),
                    **_row(scores),
                    "with_learned_ms": round(relearn, 1),
                }
            )
    return {"rows": rows, "overall": _pooled(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", action="append", help="pack name (repeatable); default: all built-in packs")
    parser.add_argument("--test-size", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    packs = args.pack or list(pack_names())
    articles = articles_table(packs, args.test_size, args.seed)
    print("| pack | lang | queries | precision@1 | precision@3 | MRR | index build ms |")
    print("|---|---|---|---|---|---|---|")
    for r in [*articles["rows"], {"pack": "all", "language": "", **articles["overall"], "build_ms": ""}]:
        print(
            f"| {r['pack']} | {r['language']} | {r['queries']} | {r['precision_at_1']:.3f} "
            f"| {r['precision_at_3']:.3f} | {r['mrr']:.3f} | {r['build_ms']} |"
        )
    print(
        f"\nsuggest latency (one query at a time): p50 {articles['suggest_ms']['p50']} ms, "
        f"p99 {articles['suggest_ms']['p99']} ms\n"
    )
    print("| conversation | queries | precision@1 | precision@3 | MRR |")
    print("|---|---|---|---|---|")
    for kind, r in articles["conversations"].items():
        print(f"| {kind} | {r['queries']} | {r['precision_at_1']:.3f} | {r['precision_at_3']:.3f} | {r['mrr']:.3f} |")
    replies = replies_table(packs, args.test_size, args.seed)
    print("\n| pack | lang | learned answers | queries | reply precision@1 | reply precision@3 | with_learned ms |")
    print("|---|---|---|---|---|---|---|")
    for r in [*replies["rows"], {"pack": "all", "language": "", "learned": "", **replies["overall"]}]:
        print(
            f"| {r['pack']} | {r['language']} | {r['learned']} | {r['queries']} | {r['precision_at_1']:.3f} "
            f"| {r['precision_at_3']:.3f} | {r.get('with_learned_ms', '')} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"articles": articles, "replies": replies}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
