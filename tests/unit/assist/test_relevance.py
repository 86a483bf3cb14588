"""Agent assist shows what is likely to help, or nothing: the calibrated relevance floor and the AI's readings."""

import pytest

from tandem.assist.evaluation import Handover, handovers, measure_shown
from tandem.assist.relevance import ARTICLES, FLOOR, Calibration, Evidence, Guess, linked_intents
from tandem.assist.suggestions import AssistIndex
from tandem.domain.packs import Pack
from tandem.nlu.intent_model import IntentModel
from tandem.packs.catalog import find_pack


@pytest.fixture(scope="module")
def pack() -> Pack:
    return find_pack("ecommerce")


@pytest.fixture(scope="module")
def indexes(pack: Pack) -> dict[str, AssistIndex]:
    return {language: AssistIndex(pack, language) for language in pack.languages}


def read(model: IntentModel, text: str) -> Guess:
    """What the served e-commerce model reads in `text`, as the message's reading keeps it."""
    ranking, confidence, _ = model.assess(text)
    return Guess(ranking[0].intent, confidence)


# Issue 13: the regressions seen in the agent's panel, with the real pack and the real model's reading.
@pytest.mark.parametrize(
    ("language", "text", "never"),
    [
        ("en", "I was charged twice for my order", {"password_reset_account"}),
        ("en", "I want to talk to a human, I was charged twice", {"password_reset_account"}),
        ("fr", "j'ai été débité deux fois", {"password_reset_account"}),
        ("en", "My parcel arrived damaged", {"invoice_request", "gift_cards"}),
        (
            "en",
            "The parcel arrived damaged, the box was crushed and the vase is broken",
            {"invoice_request", "gift_cards"},
        ),
        ("fr", "mon colis est arrivé abîmé", {"invoice_request", "gift_cards"}),
    ],
)
def test_no_article_for_a_problem_no_article_answers(
    indexes: dict[str, AssistIndex], ecommerce_model: IntentModel, language: str, text: str, never: set[str]
) -> None:
    suggestions = indexes[language].suggest(text, guesses=[read(ecommerce_model, text)])
    shown = {a.article_id for a in suggestions.articles} | {r.source_id for r in suggestions.replies}
    assert not shown & never, shown
    # The pack has no article on double charges or damaged parcels: the panel says so rather than guess.
    assert suggestions.articles == () and suggestions.replies == ()


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "I forgot my password and can't log in", "password_reset_account"),
        ("en", "I want a human, how do I return a pair of shoes?", "return_policy"),
        ("fr", "combien coûte la livraison express", "delivery_times_and_costs"),
    ],
)
def test_an_article_the_ai_read_the_question_as_is_shown_as_likely(
    indexes: dict[str, AssistIndex], ecommerce_model: IntentModel, language: str, text: str, expected: str
) -> None:
    suggestions = indexes[language].suggest(text, guesses=[read(ecommerce_model, text)])
    top = suggestions.articles[0]
    assert top.article_id == expected and top.score >= FLOOR and 0.0 < top.similarity < top.score


def test_a_weak_text_match_is_not_shown_without_a_reading(indexes: dict[str, AssistIndex]) -> None:
    # "13 % match" was a cosine: this one's best article shares a few words with it, and is no answer.
    assert indexes["en"].suggest("I've been charged twice", floor=0.0).articles[0].similarity > 0.05
    assert indexes["en"].suggest("I've been charged twice").articles == ()


def test_readings_weigh_for_their_articles_and_against_the_others(pack: Pack) -> None:
    links = linked_intents(pack)
    assert links["password_reset_account"] == {"password_reset_account"}
    evidence = Evidence([Guess("greeting", 0.99), Guess("payment_charged_twice", 0.9)], {"greeting", "thanks"})
    assert evidence.weigh(links["password_reset_account"]) == (0.0, 0.9)  # the greeting counts for nothing
    both = Evidence([Guess("payment_charged_twice", 0.9), Guess("password_reset_account", 0.6)])
    assert both.weigh(links["password_reset_account"]) == (0.6, 0.0)  # asked about both: still shown
    assert Evidence().weigh(links["gift_cards"]) == (0.0, 0.0)


def test_the_probability_rises_with_similarity_and_support() -> None:
    p = ARTICLES.probability
    assert p(0.1, 0.0, 0.0) < FLOOR < p(0.3, 0.0, 0.0)
    assert p(0.1, 0.9, 0.0) > FLOOR > p(0.3, 0.0, 0.9)
    assert Calibration(0.0, 1.0, 0.0, 0.0).probability(0.0, 0.0, 0.0) == 0.5


def test_floor_keeps_nine_in_ten_shown_articles_relevant(pack: Pack) -> None:
    # bench/assist_relevance.py on all packs: precision 0.912, recall 0.877 at FLOOR (docs/benchmarks.md).
    train, every = handovers(pack, test_size=0.25, seed=0)
    cases = [c for c in every if not c.action]  # whether an action's article helps is not labelled
    by_language = {language: AssistIndex(train, language) for language in pack.languages}

    def shown(case: Handover) -> list[str]:
        found = by_language[case.language].suggest(case.question, guesses=[case.guess])
        return [a.article_id for a in found.articles]

    figures = measure_shown(shown, cases)
    no_article = sum(not c.articles for c in cases)
    assert figures.answerable and no_article  # both kinds of hand-over are measured
    assert figures.precision >= 0.9 and figures.recall >= 0.8, figures
    assert 0.3 < figures.nothing_shown < 0.7, figures
