import pytest

from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Article, Pack
from tandem.packs.knowledge import KnowledgeBase, article_for_intent, normalize


def test_normalize_drops_case_accents_and_ligatures() -> None:
    assert normalize("Délais de LIVRAISON, cœur") == "delais de livraison, coeur"


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "how can I send back a jumper I bought", "return_policy"),
        ("en", "do you take paypal?", "payment_methods"),
        ("en", "how long does express delivery take", "delivery_times"),
        ("fr", "quels sont les délais de livraison", "delivery_times"),
        ("fr", "renvoyer un article", "return_policy"),
        ("fr", "je veux payer par carte", "payment_methods"),
    ],
)
def test_search_finds_the_right_article(shop_pack: Pack, language: str, query: str, expected: str) -> None:
    hits = KnowledgeBase.from_pack(shop_pack, language).search(query)
    assert hits[0].article_id == expected
    assert hits == sorted(hits, key=lambda hit: -hit.score)


def test_search_is_accent_and_case_insensitive(shop_pack: Pack) -> None:
    kb = KnowledgeBase.from_pack(shop_pack, "fr")
    accented, plain = kb.search("DÉLAIS de livraison"), kb.search("delais de livraison")
    assert accented[0].article_id == plain[0].article_id == "delivery_times"
    assert accented[0].score == pytest.approx(plain[0].score)
    assert accented[0].title == "Délais de livraison"


def test_intent_examples_count_for_the_linked_article(shop_pack: Pack) -> None:
    # "send it back" is only in the return_policy intent's examples, not in the article's text.
    with_examples = KnowledgeBase.from_pack(shop_pack, "en").search("can I send it back")
    without = KnowledgeBase(shop_pack.articles.values(), "en").search("can I send it back")
    best = next(hit.score for hit in with_examples if hit.article_id == "return_policy")
    plain = next((hit.score for hit in without if hit.article_id == "return_policy"), 0.0)
    assert with_examples[0].article_id == "return_policy"
    assert best > plain


def test_search_limits_and_drops_unrelated_articles(shop_pack: Pack) -> None:
    kb = KnowledgeBase.from_pack(shop_pack, "en")
    assert len(kb.search("delivery return payment", k=2)) == 2
    assert kb.search("zzqx") == []
    assert kb.search("   ") == []
    assert kb.search("delivery", k=0) == []


def test_empty_knowledge_base_finds_nothing() -> None:
    assert KnowledgeBase([], "en").search("anything") == []


def test_language_must_be_present() -> None:
    article = Article("a", {"en": "Title"}, {"en": "Body"})
    with pytest.raises(InvalidInput, match="no text in language 'fr'"):
        KnowledgeBase([article], "fr")


def test_article_by_id_in_the_knowledge_base_language(shop_pack: Pack) -> None:
    text = KnowledgeBase.from_pack(shop_pack, "fr").article("payment_methods")
    assert text.title == "Moyens de paiement"
    assert text.body.startswith("Nous acceptons Visa")


def test_article_for_intent(shop_pack: Pack) -> None:
    answer = article_for_intent(shop_pack, "return_policy", "en")
    assert answer is not None and answer.id == "return_policy" and "30 days" in answer.body
    assert article_for_intent(shop_pack, "order_status", "en") is None
    assert article_for_intent(shop_pack, "no_such_intent", "en") is None
