"""How people read an intent: its pack label in a language (`label: {en: ..., fr: ...}` in intents.yaml).

An intent learned from lessons has no label: its name is shown, underscores as spaces.
"""

from collections.abc import Iterable

from tandem.domain.errors import NotFound
from tandem.domain.packs import Localized, Pack
from tandem.packs.catalog import find_pack


def readable(name: str) -> str:
    return name.replace("_", " ")


def intent_labels(pack: Pack, intents: Iterable[str]) -> dict[str, Localized]:
    """The labels of `intents` in every language the pack gives them; intents without one are left out."""
    return {
        name: dict(pack.intents[name].label) for name in intents if name in pack.intents and pack.intents[name].label
    }


def pack_intent_labels(domain: str, intents: Iterable[str]) -> dict[str, Localized]:
    """`intent_labels` from the pack `domain` (built in or a company's); none for a domain no pack has."""
    try:
        pack = find_pack(domain)
    except NotFound:
        return {}
    return intent_labels(pack, intents)


def label_in(labels: dict[str, Localized], intent: str, language: str) -> str:
    """The label of `intent` in `language`, else English, else its readable name."""
    texts = labels.get(intent, {})
    return texts.get(language) or texts.get("en") or readable(intent)
