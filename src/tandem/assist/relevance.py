"""How likely a suggestion is to help: its text similarity and what the AI guessed the customer wants, turned into
a probability that it is relevant, and the floor below which agent assist shows nothing at all.

A cosine of 0.13 between a message and an article is no "13 % match": on hand-overs of the built-in packs, a
suggestion at that similarity is almost never relevant. So each suggestion gets a calibrated probability,
logistic in three things the agent's screen already has:

- `similarity`: the text score (`AssistIndex`: mean word/char cosine; a learned answer's blend);
- `support`: the highest confidence with which the AI read one of the customer's recent messages as an intent
  this suggestion answers (an article linked to the intent, a learned answer of that intent);
- `against`: when no recent reading supports it, the highest confidence of a reading as a person's job or a
  topic outside the pack (a double charge read as `payment_charged_twice` is evidence against the password
  article). Small talk and actions (`neutral_intents`) count for neither.

The coefficients are fitted, and the floor chosen, by `python bench/assist_relevance.py` on held-out examples of
every intent of the built-in packs (docs/benchmarks.md, "Agent assist relevance"); the figures are there.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tandem.domain.packs import HandlerKind, Pack


@dataclass(frozen=True, slots=True)
class Guess:
    """What the AI read in one customer message: its top intent and the confidence triage used."""

    intent: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """P(relevant) = 1 / (1 + exp(-(intercept + similarity·w_sim + support·w_support + against·w_against)))."""

    intercept: float
    similarity: float
    support: float
    against: float

    def probability(self, similarity: float, support: float, against: float) -> float:
        z = self.intercept + self.similarity * similarity + self.support * support + self.against * against
        return 1.0 / (1.0 + math.exp(-z))


# Fitted on the top-10 articles of 889 labelled held-out hand-overs (3 packs x 2 languages, seed 0); leaving
# one pack out moves each weight by < 10 %, so these are not one pack's. An article with no reading for or
# against it needs a similarity of about 0.18 to reach the floor; read as its intent at 0.9, any; read as a
# person's job at 0.9, about 0.36 (more than a held-out question of another intent reaches).
ARTICLES = Calibration(intercept=-4.090, similarity=22.455, support=4.616, against=-4.482)
LEARNED = Calibration(intercept=-3.013, similarity=8.859, support=6.213, against=-4.860)
# Below this probability nothing is shown. At 0.5, of the articles shown on labelled hand-overs 0.935 are
# relevant, 0.884 of the hand-overs an article answers get one, and 0.31 show none (0.27 have none that answers
# them); 0.7 buys one point of precision for four of recall, 0.9 three for fourteen.
FLOOR = 0.5


class Evidence:
    """The AI's readings of the customer's recent messages, as support for or against each suggestion."""

    def __init__(self, guesses: Iterable[Guess] = (), neutral: Iterable[str] = ()) -> None:
        self.guesses = tuple(g for g in guesses if g.confidence > 0.0)
        self._neutral = frozenset(neutral)

    def weigh(self, intents: Iterable[str]) -> tuple[float, float]:
        """(support, against) of a suggestion answering `intents`."""
        answers = set(intents)
        support = max((g.confidence for g in self.guesses if g.intent in answers), default=0.0)
        if support > 0.0:
            return support, 0.0
        return 0.0, max((g.confidence for g in self.guesses if g.intent not in self._neutral), default=0.0)


def neutral_intents(pack: Pack) -> frozenset[str]:
    """The pack's intents that say nothing against an article: small talk (`reply:`), and actions (`flow:`), since
    an action that needed a person (a return to start, an order to track) may well be helped by the article on
    its subject (the return policy). Only a person's job (`human`) or a topic outside the pack weighs against."""
    neutral = (HandlerKind.REPLY, HandlerKind.FLOW)
    return frozenset(name for name, intent in pack.intents.items() if intent.handler.kind in neutral)


def linked_intents(pack: Pack) -> dict[str, frozenset[str]]:
    """Article id -> the intents it answers: those whose `article:` handler it is, and those it lists."""
    linked: dict[str, set[str]] = {article_id: set(article.intents) for article_id, article in pack.articles.items()}
    for intent in pack.intents.values():
        if intent.handler.kind == HandlerKind.ARTICLE and intent.handler.target in linked:
            linked[intent.handler.target].add(intent.name)
    return {article_id: frozenset(names) for article_id, names in linked.items()}


def relevant(
    calibration: Calibration, similarities: Sequence[float], intents: Sequence[Iterable[str]], evidence: Evidence
) -> list[float]:
    """The probability that each candidate (its similarity, the intents it answers) is relevant."""
    return [
        calibration.probability(similarity, *evidence.weigh(answers))
        for similarity, answers in zip(similarities, intents, strict=True)
    ]
