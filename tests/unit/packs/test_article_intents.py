"""An article no intent points to gets an intent of its own, taught by its title and questions, on probation."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Handler, HandlerKind
from tandem.domain.probation import DEFAULT_PROBATION
from tandem.packs.loader import load_pack

from ..conftest import COMMON

Editor = Callable[[Callable[[dict[str, Any]], None]], Path]

GIFT_CARDS = {
    "id": "gift-cards",
    "title": {"en": "Gift cards", "fr": "Cartes cadeaux"},
    "body": {"en": "Gift cards are valid for one year.", "fr": "Les cartes cadeaux sont valables un an."},
    "questions": {"en": ["how long is a gift card valid", "can I use two gift cards"], "fr": ["durée carte cadeau"]},
}


def _with_article(article: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def edit(files: dict[str, Any]) -> None:
        files["knowledge.yaml"]["articles"].append(article)

    return edit


def test_an_article_nobody_points_to_gets_an_unvouched_intent(edited_pack: Editor) -> None:
    pack = load_pack(edited_pack(_with_article(GIFT_CARDS)), COMMON)
    intent = pack.intents["article_gift_cards"]
    assert intent.handler == Handler(HandlerKind.ARTICLE, "gift-cards")
    assert intent.examples == {
        "en": ("Gift cards", "how long is a gift card valid", "can I use two gift cards"),
        "fr": ("Cartes cadeaux", "durée carte cadeau"),
    }
    assert intent.label == GIFT_CARDS["title"] and not intent.vouched
    # The pack's own intents are vouched for; the articles' start on probation (the fixture's delivery_times
    # article has no intent either).
    vouched = [name for name, i in pack.intents.items() if i.vouched]
    assert DEFAULT_PROBATION.on_probation(pack.intents, {}, vouched) == {"article_gift_cards", "article_delivery_times"}


def test_an_article_an_intent_answers_gets_none(edited_pack: Editor, shop_pack: Any) -> None:
    pack = load_pack(edited_pack(_with_article({**GIFT_CARDS, "intents": ["return_policy"]})), COMMON)
    assert set(pack.intents) == set(shop_pack.intents)
    assert [name for name, i in pack.intents.items() if not i.vouched] == ["article_delivery_times"]


def test_a_pack_of_articles_alone_loads(tmp_path: Path) -> None:
    folder = tmp_path / "help"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: help\ntitle: {en: Help}\nlanguages: [en]\n", encoding="utf-8")
    (folder / "help_center.yaml").write_text(
        "articles:\n  - id: hours\n    title: {en: Opening hours}\n    body: {en: We open at 9.}\n"
        "    questions: {en: [when do you open]}\n",
        encoding="utf-8",
    )
    pack = load_pack(folder)
    assert list(pack.intents) == ["article_hours"]
    assert pack.intents["article_hours"].examples == {"en": ("Opening hours", "when do you open")}


def test_an_article_id_in_both_knowledge_files_is_refused(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["help_center.yaml"] = {"articles": [{**GIFT_CARDS, "id": "return_policy"}]}

    with pytest.raises(InvalidInput, match=r"help_center\.yaml: articles\.return_policy: also in .*knowledge\.yaml"):
        load_pack(edited_pack(edit))


def test_questions_in_a_language_the_pack_lacks_are_refused(edited_pack: Editor) -> None:
    with pytest.raises(InvalidInput, match=r"articles\.gift-cards\.questions: unknown key 'de'"):
        load_pack(edited_pack(_with_article({**GIFT_CARDS, "questions": {"de": ["Gutschein"]}})))


def test_an_intent_already_named_like_the_article_intent_is_refused(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["knowledge.yaml"]["articles"].append(GIFT_CARDS)
        files["intents.yaml"]["intents"]["article_gift_cards"] = {
            "handler": "human",
            "examples": {"en": ["x"], "fr": ["x"]},
        }

    with pytest.raises(
        InvalidInput,
        match=r"knowledge\.yaml: articles\.gift-cards: the intent made for it, 'article_gift_cards', is already",
    ):
        load_pack(edited_pack(edit))


def test_a_language_tandem_does_not_speak_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "hilfe"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: hilfe\ntitle: {de: Hilfe}\nlanguages: [de]\n", encoding="utf-8")
    (folder / "intents.yaml").write_text("intents:\n  hallo:\n    handler: human\n    examples: {de: [hallo]}\n")
    with pytest.raises(InvalidInput, match=r"pack\.yaml: languages: 'de' is not a language Tandem speaks \(en, fr\)"):
        load_pack(folder)
