"""Agent-assist relevance: how likely a suggestion is to help, and the floor below which nothing is shown.

python bench/assist_relevance.py [--pack ecommerce] [--seed 0] [--json OUT]

Labelled set: ~25 % of the examples of every intent of the built-in packs that is not small talk, held out and
removed from the pack the index is built from (tandem.assist.evaluation.handovers), each read by an intent model
trained without it. An article is relevant to a hand-over when it answers the intent (its `article:` handler or an
article listing it); an intent no article answers (track an order, a double charge, a damaged parcel) has none.

1. Fits the logistic calibration of tandem.assist.relevance (articles: the top 10 of each hand-over; learned
   answers: synthetic approved answers, 3 training questions per intent, relevant when of the hand-over's
   intent), on all packs and leaving each pack out.
2. With the calibration in the code: for each floor, the precision of the articles shown (top 3 at or above it),
   the recall (hand-overs an article answers that are shown one), the share shown nothing, and the same for the
   replies (a reply is right when it answers the hand-over's intent).
"""

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np
from assist_retrieval import _synthetic_learned
from sklearn.linear_model import LogisticRegression

from tandem.assist.evaluation import Handover, handovers, measure_shown
from tandem.assist.learned import LearnedIndex, QuestionSpace
from tandem.assist.relevance import ARTICLES, LEARNED, Evidence, linked_intents, neutral_intents
from tandem.assist.suggestions import AssistIndex
from tandem.domain.learning import LearnedAnswer
from tandem.domain.packs import Pack
from tandem.packs.catalog import find_pack, pack_names

FLOORS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
Row = tuple[str, float, float, float, bool]  # pack, similarity, support, against, relevant


def feature_rows(name: str, train: Pack, cases: Sequence[Handover], seed: int) -> tuple[list[Row], list[Row]]:
    """(article rows, learned-answer rows) of one pack's hand-overs, before any calibration."""
    links, chat = linked_intents(train), neutral_intents(train)
    articles: list[Row] = []
    learned: list[Row] = []
    for language in train.languages:
        index = AssistIndex(train, language)
        answers = LearnedIndex.build(
            QuestionSpace(train, language), language, _synthetic_learned(train, language, seed)
        )
        for case in (c for c in cases if c.language == language):
            evidence = Evidence([case.guess], chat)
            for hit in index.suggest(case.question, k=10, floor=0.0).articles:
                support, against = evidence.weigh(links.get(hit.article_id, ()))
                articles.append((name, hit.similarity, support, against, hit.article_id in case.articles))
            for answer, score in zip(answers.answers, answers.scores(case.question), strict=True):
                if score > 0.0:
                    support, against = evidence.weigh([answer.intent])
                    learned.append((name, float(score), support, against, answer.intent == case.intent))
    return articles, learned


def fit(rows: Sequence[Row]) -> list[float]:
    """[intercept, similarity, support, against] of a logistic regression (weak regularisation)."""
    x = np.array([r[1:4] for r in rows])
    y = np.array([r[4] for r in rows])
    model = LogisticRegression(C=100.0, max_iter=1000).fit(x, y)
    return [round(float(model.intercept_[0]), 3), *(round(float(w), 3) for w in model.coef_[0])]


Setup = dict[Handover, tuple[AssistIndex, dict[str, str]]]  # hand-over -> its index, learned id -> intent


def sweep(setup: Setup) -> list[dict[str, Any]]:
    """Articles and replies shown (k = 3) at each floor, with the calibration in the code: labelled hand-overs,
    and the share of action hand-overs (unlabelled) shown an article."""
    found: dict[Handover, tuple[list[tuple[str, float]], list[tuple[str, float]]]] = {}
    for case, (index, intents) in setup.items():
        # Everything, with its probability: the top 3 at a floor are the first 3 at or above it.
        every = index.suggest(case.question, 20, [case.guess], floor=0.0)
        found[case] = (
            [(a.article_id, a.score) for a in every.articles],
            [
                (r.source_id if r.source == "article" else f"learned:{intents[r.source_id]}", r.score)
                for r in every.replies
            ],
        )
    labelled = [c for c in setup if not c.action]
    actions = [c for c in setup if c.action]
    # A reply is named by what it answers: an article id, or "learned:<intent>" for an approved answer.
    reply_cases = {replace(c, articles=c.articles | {f"learned:{c.intent}"}): c for c in labelled}
    rows = []
    for floor in FLOORS:

        def top(items: list[tuple[str, float]], floor: float = floor) -> list[str]:
            return [name for name, score in items if score >= floor][:3]

        rows.append(
            {
                "floor": floor,
                "articles": asdict(measure_shown(lambda c: top(found[c][0]), labelled)),
                "replies": asdict(measure_shown(lambda c: top(found[reply_cases[c]][1]), list(reply_cases))),
                "actions_shown_an_article": round(sum(bool(top(found[c][0])) for c in actions) / len(actions), 3)
                if actions
                else 0.0,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", action="append", help="pack name (repeatable); default: all built-in packs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    names = args.pack or list(pack_names())
    article_rows: list[Row] = []
    learned_rows: list[Row] = []
    setup: Setup = {}
    for name in names:
        train, cases = handovers(find_pack(name), 0.25, args.seed)
        found = feature_rows(name, train, [c for c in cases if not c.action], args.seed)
        article_rows += found[0]
        learned_rows += found[1]
        for language in train.languages:
            learned: list[LearnedAnswer] = _synthetic_learned(train, language, args.seed)
            index = AssistIndex(train, language, learned)
            intents = {str(a.id): a.intent for a in learned}
            setup.update({c: (index, intents) for c in cases if c.language == language})
    fits: dict[str, Any] = {"all": {"articles": fit(article_rows), "learned": fit(learned_rows)}}
    for name in names if len(names) > 1 else ():
        fits[f"without {name}"] = {
            "articles": fit([r for r in article_rows if r[0] != name]),
            "learned": fit([r for r in learned_rows if r[0] != name]),
        }
    print("| fitted on | articles: intercept, similarity, support, against | learned: same |")
    print("|---|---|---|")
    for label, fitted in fits.items():
        print(f"| {label} | {fitted['articles']} | {fitted['learned']} |")
    print(f"\nin the code: articles {ARTICLES}, learned {LEARNED}\n")
    rows = sweep(setup)
    print(
        "| floor | articles shown | precision | recall | nothing shown | replies shown | precision | recall "
        "| action hand-overs shown an article |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        a, r = row["articles"], row["replies"]
        print(
            f"| {row['floor']:.1f} | {a['shown']} | {a['precision']:.3f} | {a['recall']:.3f} "
            f"| {a['nothing_shown']:.3f} "
            f"| {r['shown']} | {r['precision']:.3f} | {r['recall']:.3f} | {row['actions_shown_an_article']:.3f} |"
        )
    a = rows[0]["articles"]
    actions = sum(c.action for c in setup)
    print(
        f"\n{a['handovers']} labelled hand-overs, {a['answerable']} answered by an article; {actions} action hand-overs"
    )
    if args.json:
        args.json.write_text(json.dumps({"fits": fits, "floors": rows}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
