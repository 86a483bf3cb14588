"""What the demo shop page shows for a pack: the built-in packs' own shops (locales), a generic one for others.

A company's pack (TANDEM_PACK_DIRS) has no shop texts in the locales: its page is named after the pack's title
and shows its help-center articles as the topics its assistant answers.
"""

import re
from typing import Any

from tandem.domain.packs import Pack, in_language

TOPICS_SHOWN = 6
TOPIC_CHARS = 140  # a card's text: the article's first sentence, cut at a word past this
_SENTENCE = re.compile(r"(.+?[.!?])(\s|$)", re.DOTALL)


def shop_of(domain: str, language: str, catalog: dict[str, Any], pack: Pack) -> dict[str, Any]:
    """The shop texts of `domain` in `language`: the catalog's if it has them, else built from `pack`."""
    own = catalog["shop"].get(domain)
    if isinstance(own, dict):
        return own
    generic = catalog["shop"]["generic"]
    title = in_language(pack.title, language)
    topics = [
        {"name": in_language(article.title, language), "text": _first_sentence(in_language(article.body, language))}
        for article in list(pack.articles.values())
        if not article.id.startswith("learned_") and in_language(article.title, language)
    ][:TOPICS_SHOWN]
    return {
        "brand": title,
        "tagline": generic["tagline"],
        "hero": generic["hero"],
        "products": topics,
    }


def _first_sentence(text: str) -> str:
    flat = " ".join(text.split())
    found = _SENTENCE.match(flat)
    sentence = found.group(1) if found else flat
    if len(sentence) <= TOPIC_CHARS:
        return sentence
    return sentence[:TOPIC_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
