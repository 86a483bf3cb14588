"""A domain pack plus what supervisors approved: new example phrasings, new intents answered by agents' words."""

from collections.abc import Sequence
from dataclasses import replace

from tandem.domain.learning import LearnedAnswer
from tandem.domain.packs import Article, Handler, HandlerKind, Intent, Pack

LEARNED_PREFIX = "learned_"  # article ids of intents the pack did not have


def with_learned(pack: Pack, learned: Sequence[LearnedAnswer]) -> Pack:
    """`pack` with every approved question added as an example of its intent.

    An intent the pack lacks becomes a new one answered by an article written from the approved answers (the
    latest per language). Languages with no approved answer have no text: the AI hands those over.
    """
    if not learned:
        return pack
    intents = dict(pack.intents)
    articles = dict(pack.articles)
    for item in learned:
        intent = intents.get(item.intent)
        if intent is None:
            article_id = LEARNED_PREFIX + item.intent
            intent = Intent(item.intent, "learned from agents' answers", Handler(HandlerKind.ARTICLE, article_id), {})
            articles[article_id] = Article(article_id, {}, {}, intents=(item.intent,), tags=("learned",))
        examples = intent.examples.get(item.language, ())
        if item.question not in examples:
            intent = replace(intent, examples={**intent.examples, item.language: (*examples, item.question)})
        intents[item.intent] = intent
        article_id = intent.handler.target
        if article_id.startswith(LEARNED_PREFIX) and article_id in articles:
            article = articles[article_id]
            title = article.title.get(item.language) or item.question
            articles[article_id] = replace(
                article,
                title={**article.title, item.language: title},
                body={**article.body, item.language: item.answer},
            )
    return replace(pack, intents=intents, articles=articles)


def learned_ids(learned: Sequence[LearnedAnswer]) -> list[int]:
    return [item.id for item in learned]
