"""An intent of its own for every article no intent points to, so a help center answers from the first minute.

A company arrives with help-center articles and no labelled messages. Each article that no intent answers with
(no `article:<id>` handler, no `intents` list) gets an intent `article_<id>` taught by the article's title and
its `questions`, answered with the article. Nobody wrote near misses for it or measured it, so it is not vouched
for: it starts on probation (`tandem.domain.probation`), and people check its would-be answers until it has
earned the same trust as an intent learned from lessons.
"""

from collections.abc import Mapping
from dataclasses import replace

from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Article, Handler, HandlerKind, Intent, Pack

ARTICLE_INTENT_PREFIX = "article_"


def article_intent_name(article_id: str) -> str:
    return ARTICLE_INTENT_PREFIX + article_id.replace("-", "_").lower()


def with_article_intents(pack: Pack, candidates: Mapping[str, str]) -> Pack:
    """`pack` plus an unvouched intent for each of the `candidates` articles (id -> its file) that no intent
    points to."""
    answered = {i.handler.target for i in pack.intents.values() if i.handler.kind == HandlerKind.ARTICLE}
    intents = dict(pack.intents)
    for article_id, file in candidates.items():
        article = pack.articles[article_id]
        if article_id in answered or article.intents:
            continue
        name = article_intent_name(article_id)
        if name in intents:
            raise InvalidInput(
                f"{file}: articles.{article_id}: the intent made for it, {name!r}, is already an intent of the pack: "
                f"point that intent at it (handler: article:{article_id}) or rename one of them"
            )
        intents[name] = _intent_of(name, article, pack.languages)
    return replace(pack, intents=intents) if len(intents) != len(pack.intents) else pack


def _intent_of(name: str, article: Article, languages: tuple[str, ...]) -> Intent:
    examples = {
        lang: tuple(dict.fromkeys((article.title[lang], *article.questions.get(lang, ())))) for lang in languages
    }
    return Intent(
        name=name,
        description=f"Questions the help-center article {article.id!r} answers (on probation until people check it).",
        handler=Handler(HandlerKind.ARTICLE, article.id),
        examples=examples,
        label=dict(article.title),
        vouched=False,
    )
