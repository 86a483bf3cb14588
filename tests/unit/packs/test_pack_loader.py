from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tandem.domain.errors import InvalidInput, NotFound
from tandem.domain.packs import Handler, HandlerKind, Pack
from tandem.packs.catalog import find_pack, pack_names
from tandem.packs.loader import load_pack

from ..conftest import COMMON, SHOP

Editor = Callable[[Callable[[dict[str, Any]], None]], Path]


def test_loads_the_fixture_pack_with_its_flows_and_articles(shop_pack: Pack) -> None:
    assert shop_pack.name == "shop"
    assert shop_pack.languages == ("en", "fr")
    assert shop_pack.intents["order_status"].handler == Handler(HandlerKind.FLOW, "order_status")
    assert shop_pack.intents["complaint"].handler == Handler(HandlerKind.HUMAN)
    flow = shop_pack.flows["order_status"]
    assert (flow.lookup, flow.action) == ("get_order", "get_order")
    assert flow.verification is not None and flow.verification.field == "email"
    assert [slot.name for slot in shop_pack.flows["change_address"].slots] == ["order_id", "email", "address"]
    assert shop_pack.articles["return_policy"].intents == ("return_policy",)
    assert shop_pack.labels["status"]["shipped"] == {"en": "on its way", "fr": "en route"}


def test_common_pack_is_merged_and_the_pack_wins_on_a_clash(shop_pack: Pack) -> None:
    assert shop_pack.intents["thanks"].handler == Handler(HandlerKind.REPLY, "thanks")
    assert shop_pack.intents["greeting"].handler.target == "shop_greeting"  # the shop's, not common's
    assert set(shop_pack.replies) == {"greeting", "thanks", "shop_greeting"}
    # Pooled, the shared example kept once.
    assert shop_pack.out_of_scope["en"] == ("what's the weather tomorrow", "tell me a joke")
    assert shop_pack.out_of_scope["fr"] == ("quel temps fera-t-il demain", "raconte-moi une blague")


def test_without_common_there_is_no_small_talk() -> None:
    pack = load_pack(SHOP)
    assert "thanks" not in pack.intents
    assert pack.out_of_scope["en"] == ("what's the weather tomorrow",)


def test_a_directory_without_pack_yaml_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match=r"pack\.yaml missing"):
        load_pack(tmp_path)


def test_an_unknown_pack_is_not_found() -> None:
    with pytest.raises(NotFound, match="no pack named 'nope' \\(available: ecommerce, logistics, telecom\\)"):
        find_pack("nope")


def test_builtin_pack_names_exclude_common() -> None:
    names = pack_names()
    assert "common" not in names
    assert list(names) == sorted(names)


@pytest.mark.parametrize("name", pack_names())
def test_every_builtin_pack_loads(name: str) -> None:
    pack = find_pack(name)
    assert pack.name == name
    assert {"greeting", "thanks"} <= set(pack.intents)  # merged from common


@pytest.mark.parametrize("name", pack_names())
def test_every_builtin_intent_has_a_label_in_each_language_of_its_pack(name: str) -> None:
    pack = find_pack(name)
    unlabelled = [i.name for i in pack.intents.values() if set(i.label) != set(pack.languages)]
    assert unlabelled == []  # the handoff packet and its summary name intents by these labels


def test_an_intent_label_is_optional_but_then_in_every_language(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["intents.yaml"]["intents"]["order_status"]["label"] = {"en": "Order status"}

    _fails(edited_pack, edit, "intents.yaml", "intents.order_status.label", "missing language 'fr'")


def _fails(editor: Editor, edit: Callable[[dict[str, Any]], None], *fragments: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_pack(editor(edit), COMMON)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_missing_translation_names_file_and_key(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        del files["intents.yaml"]["intents"]["order_status"]["examples"]["fr"]

    _fails(edited_pack, edit, "intents.yaml", "intents.order_status.examples", "missing language 'fr'")


def test_missing_translation_of_a_flow_reply(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        del files["flows.yaml"]["flows"]["track_parcel"]["reply"]["en"]

    _fails(edited_pack, edit, "flows.yaml", "flows.track_parcel.reply", "missing language 'en'")


def test_common_pack_texts_are_checked_against_the_pack_languages(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["pack.yaml"]["languages"] = ["en", "fr", "de"]

    # The pack's own files are read first, so its first missing German text is reported.
    _fails(edited_pack, edit, "missing language 'de'")


@pytest.mark.parametrize("handler", ["flows:order_status", "article:", "robot", "human:bob"])
def test_handler_syntax_is_checked(edited_pack: Editor, handler: str) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["intents.yaml"]["intents"]["order_status"]["handler"] = handler

    _fails(edited_pack, edit, "intents.order_status.handler", "flow:<id>, article:<id>, reply:<id>, human")


@pytest.mark.parametrize(
    ("handler", "problem"),
    [("flow:nope", "no flow named 'nope'"), ("article:nope", "no article"), ("reply:nope", "no reply")],
)
def test_handler_must_point_at_something(edited_pack: Editor, handler: str, problem: str) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["intents.yaml"]["intents"]["order_status"]["handler"] = handler

    _fails(edited_pack, edit, "intents.yaml: intents.order_status.handler", problem)


def test_reply_field_must_come_from_a_slot_or_the_result(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["reply"]["fr"] = "Colis {tracking_number} : {weight} kg"

    _fails(edited_pack, edit, "flows.yaml: flows.track_parcel.reply.fr", "unknown field {weight}")


def test_label_field_needs_labels(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["reply"]["en"] = "By {carrier_label}"

    _fails(edited_pack, edit, "flows.track_parcel.reply.en", "unknown field {carrier_label}")


def test_a_lookup_field_may_be_used_in_the_reply(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["change_address"]["reply"]["en"] = "{result_label} ({carrier}, {postcode})"

    assert "change_address" in load_pack(edited_pack(edit), COMMON).flows


def test_prompts_may_not_show_the_record(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["order_status"]["verify"]["prompt"]["en"] = "Is {email} yours?"
        files["flows.yaml"]["flows"]["order_status"]["verify"]["failed"]["en"] = "Expected {status}"

    _fails(edited_pack, edit, "flows.order_status.verify.failed.en", "unknown field {status}")


def test_template_syntax_errors_are_reported(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["reply"]["en"] = "Parcel {tracking_number"

    _fails(edited_pack, edit, "flows.track_parcel.reply.en", "bad template syntax")


def test_template_fields_must_be_plain_names(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["reply"]["en"] = "{tracking_number.__class__}"

    _fails(edited_pack, edit, "flows.track_parcel.reply.en", "plain name")


def test_article_intents_must_exist(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["knowledge.yaml"]["articles"][0]["intents"] = ["returns_typo"]

    _fails(edited_pack, edit, "knowledge.yaml: articles.return_policy.intents", "no intent named 'returns_typo'")


def test_unknown_operation(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["action"] = "teleport_parcel"

    _fails(edited_pack, edit, "flows.track_parcel.action", "unknown connector operation 'teleport_parcel'")


def test_operation_params_must_be_slots(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["track_parcel"]["slots"][0]["name"] = "number"

    _fails(edited_pack, edit, "flows.track_parcel.action", "needs the value 'tracking_number'")


def test_verification_needs_a_lookup(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        del files["flows.yaml"]["flows"]["order_status"]["lookup"]

    _fails(edited_pack, edit, "flows.order_status.verify", "needs a `lookup`")


def test_verification_field_must_be_a_lookup_field(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["order_status"]["verify"]["field"] = "birthday"

    _fails(edited_pack, edit, "flows.order_status.verify.field", "get_order gives no field 'birthday'")


def test_slot_entity_must_be_known(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["flows.yaml"]["flows"]["order_status"]["slots"][0]["entity"] = "iban"

    _fails(edited_pack, edit, "flows.order_status.slots[0].entity", "'iban' is not one of")


def test_unknown_keys_are_refused(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        intent = files["intents.yaml"]["intents"]["order_status"]
        intent["exmples"] = intent.pop("examples")

    _fails(edited_pack, edit, "intents.order_status", "unknown key 'exmples'")


def test_non_text_example_asks_for_quotes(edited_pack: Editor) -> None:
    def edit(files: dict[str, Any]) -> None:
        files["intents.yaml"]["intents"]["order_status"]["examples"]["en"].append(100234)

    _fails(edited_pack, edit, "intents.order_status.examples.en[3]", "quote it")


def _write_pack(directory: Path, intents_text: str) -> Path:
    directory.mkdir()
    (directory / "pack.yaml").write_text("name: tiny\ntitle: {en: Tiny}\nlanguages: [en]\n", encoding="utf-8")
    (directory / "intents.yaml").write_text(intents_text, encoding="utf-8")
    return directory


def test_yaml_syntax_error_gives_file_and_line_without_traceback(tmp_path: Path) -> None:
    pack = _write_pack(tmp_path / "tiny", "intents:\n  hello:\n    handler: human\n    examples: {en: [hi]\n")
    with pytest.raises(InvalidInput) as caught:
        load_pack(pack)
    message = str(caught.value)
    assert str(pack / "intents.yaml") in message
    assert "invalid YAML at line" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_duplicate_yaml_keys_are_refused(tmp_path: Path) -> None:
    text = "intents:\n  hello:\n    handler: human\n    examples: {en: [hi]}\n  hello:\n    handler: human\n"
    with pytest.raises(InvalidInput, match=r"line 5.*'hello' is given twice"):
        load_pack(_write_pack(tmp_path / "tiny", text))


def test_a_pack_needs_intents(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no intents"):
        load_pack(_write_pack(tmp_path / "tiny", "intents: {}\n"))


def test_minimal_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(
        _write_pack(tmp_path / "tiny", "intents:\n  hello:\n    handler: human\n    examples: {en: [hi]}\n")
    )
    assert pack.intents["hello"].examples == {"en": ("hi",)}
    assert pack.flows == {} and pack.articles == {}
