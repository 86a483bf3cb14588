from dataclasses import replace

import pytest

from tandem.assist.evaluation import evaluate, split_pack
from tandem.assist.suggestions import AssistIndex, Suggestions, reply_text
from tandem.domain.learning import LearnedAnswer
from tandem.domain.packs import Article, Pack
from tandem.packs.catalog import find_pack

TRACKING_EN = "I checked with the carrier: your parcel is at the local depot and will be delivered tomorrow."
TRACKING_FR = "J'ai vérifié auprès du transporteur : votre colis sera livré demain."
LOYALTY_EN = "Your loyalty points are taken off automatically at checkout, 100 points = €1."


def learned(id: int, language: str, intent: str, question: str, answer: str) -> LearnedAnswer:
    return LearnedAnswer(id, "ecommerce", language, intent, question, answer)


LEARNED = (
    learned(1, "en", "order_status", "my parcel is stuck at the depot, when will it come", TRACKING_EN),
    learned(2, "en", "loyalty_points", "how do I spend my loyalty points", LOYALTY_EN),
    learned(3, "fr", "order_status", "mon colis est bloqué au dépôt", TRACKING_FR),
)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return find_pack("ecommerce")


@pytest.fixture(scope="module")
def english(pack: Pack) -> AssistIndex:
    return AssistIndex(pack, "en", LEARNED)


@pytest.fixture(scope="module")
def french(pack: Pack) -> AssistIndex:
    return AssistIndex(pack, "fr", LEARNED)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "can I pay in instalments with klarna?", "payment_methods"),
        ("en", "I forgot my password and can't log in", "password_reset_account"),
        ("en", "how many days do I have to send back a jumper", "return_policy"),
        ("fr", "est-ce que je peux payer avec paypal ?", "payment_methods"),
        ("fr", "j'ai oublié mon mot de passe", "password_reset_account"),
        ("fr", "combien coûte la livraison express", "delivery_times_and_costs"),
    ],
)
def test_right_article_first(
    english: AssistIndex, french: AssistIndex, language: str, text: str, expected: str
) -> None:
    suggestions = (english if language == "en" else french).suggest(text, floor=0.0)  # the ranking, unfloored
    assert suggestions.articles[0].article_id == expected
    scores = [a.score for a in suggestions.articles]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_articles_and_replies_are_in_the_index_language(pack: Pack, french: AssistIndex) -> None:
    suggestions = french.suggest("je veux payer avec paypal", floor=0.0)
    top = suggestions.articles[0]
    article = pack.articles["payment_methods"]
    assert (top.title, top.body) == (article.title["fr"], article.body["fr"])
    article_reply = next(r for r in suggestions.replies if r.source == "article")
    assert (article_reply.source_id, article_reply.text) == ("payment_methods", top.body)


def test_articles_without_the_language_are_skipped(pack: Pack) -> None:
    english_only = Article("gift_wrap", {"en": "Gift wrapping"}, {"en": "We gift wrap any order for €3."})
    with_learned = replace(pack, articles={**pack.articles, english_only.id: english_only})
    assert AssistIndex(with_learned, "en").suggest("gift wrapping").articles[0].article_id == "gift_wrap"
    assert all(a.article_id != "gift_wrap" for a in AssistIndex(with_learned, "fr").suggest("gift wrap").articles)


def test_learned_answers_ranked_by_similarity(english: AssistIndex) -> None:
    replies = english.suggest("my parcel has been stuck at the depot for days, when will it come?").replies
    assert (replies[0].source, replies[0].source_id, replies[0].text) == ("learned", "1", TRACKING_EN)
    loyalty = english.suggest("can I spend my loyalty points on this order").replies
    assert (loyalty[0].source, loyalty[0].source_id) == ("learned", "2")
    assert all(r.text != TRACKING_FR for r in [*replies, *loyalty])


def test_other_language_learned_answers_are_ignored(french: AssistIndex) -> None:
    replies = french.suggest("mon colis est bloqué au dépôt depuis trois jours").replies
    assert replies[0].source_id == "3"
    assert {r.source_id for r in replies if r.source == "learned"} == {"3"}


def test_with_learned_reindexes_the_answers_only(english: AssistIndex, pack: Pack) -> None:
    answers = [*LEARNED, learned(4, "en", "gift_wrap", "can you gift wrap my order", "Yes, for €3.")]
    text = "could you gift wrap the order please"
    more = english.with_learned(answers)
    assert more.suggest(text).replies[0].source_id == "4"
    assert all(r.source_id != "4" for r in english.suggest(text).replies)
    assert more.suggest(text) == AssistIndex(pack, "en", answers).suggest(text)


@pytest.mark.parametrize("text", ["", "   ", "\n \n"])
def test_empty_text_gives_empty_suggestions(english: AssistIndex, text: str) -> None:
    assert english.suggest(text) == Suggestions()


def test_unrelated_articles_are_left_out(english: AssistIndex) -> None:
    assert english.suggest("zzqx").articles == ()


def test_k_is_respected(english: AssistIndex) -> None:
    text = "delivery costs, returns, payment by card and gift cards"
    for k in (1, 2, 5):
        suggestions = english.suggest(text, k=k, floor=0.0)
        assert len(suggestions.articles) == k and len(suggestions.replies) == k
    assert english.suggest(text, k=0) == Suggestions()


def test_identical_replies_are_shown_once(pack: Pack) -> None:
    same = [
        learned(10, "en", "order_status", "where is my parcel", TRACKING_EN),
        learned(11, "en", "order_status", "where's my parcel??", "  " + TRACKING_EN.upper() + " "),
        learned(12, "en", "return_policy", "return policy", pack.articles["return_policy"].body["en"]),
    ]
    replies = AssistIndex(pack, "en", same).suggest("where is my parcel, can I return it", k=10).replies
    texts = [" ".join(r.text.casefold().split()) for r in replies]
    assert len(texts) == len(set(texts))
    assert sum(r.source_id in {"10", "11"} for r in replies) == 1


def test_latest_message_counts_more(english: AssistIndex) -> None:
    def score(text: str, article_id: str) -> float:
        return next(a.score for a in english.suggest(text, floor=0.0).articles if a.article_id == article_id)

    # Both questions stay on screen; each weighs more when it is the latest message.
    both = [
        a.article_id for a in english.suggest("I forgot my password\ndo you accept paypal?", floor=0.0).articles[:2]
    ]
    assert set(both) == {"password_reset_account", "payment_methods"}
    latest, earlier = "I forgot my password\ndo you accept paypal?", "do you accept paypal?\nI forgot my password"
    assert score(latest, "payment_methods") > score(earlier, "payment_methods")
    # After a question no article answers, and before a nudge, the article question comes first.
    for text in ("where is my order\ndo you accept paypal?", "do you accept paypal?\nhello??"):
        assert english.suggest(text, floor=0.0).articles[0].article_id == "payment_methods"


def test_reply_text_is_reply_sized() -> None:
    assert reply_text(" Short body. ") == "Short body."
    assert reply_text("First paragraph.\n\nSecond paragraph.", limit=20) == "First paragraph."
    long = "One sentence here. Two sentences here. Three sentences here."
    assert reply_text(long, limit=40) == "One sentence here. Two sentences here."
    assert reply_text(long, limit=5) == "One sentence here."


def test_heldout_precision_at_3_floor(pack: Pack) -> None:
    # Measured 0.983 in both languages (bench/assist_retrieval.py, seed 0: 2 misses of 120 each). The floor
    # allows ~4 more misses per language, so a ranking change that loses whole intents fails.
    train, held = split_pack(pack, test_size=0.25, seed=0)
    for language in pack.languages:
        pairs = [p for p in held if p.language == language]
        seen = {e for intent in train.intents.values() for e in intent.examples.get(language, ())}
        assert pairs and not seen & {p.question for p in pairs}
        index = AssistIndex(train, language)
        ranked = lambda text, index=index: [a.article_id for a in index.suggest(text, floor=0.0).articles]  # noqa: E731
        scores = evaluate(ranked, pairs)
        assert scores.precision_at_3 >= 0.95, (language, scores)
