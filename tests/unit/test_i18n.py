from importlib.resources import files

import yaml

from tandem.i18n import t


def test_every_language_has_every_phrase() -> None:
    catalogs = {
        f.name: set(yaml.safe_load(f.read_text(encoding="utf-8")))
        for f in files("tandem.locales").iterdir()
        if f.name.endswith(".yaml")
    }
    assert set(catalogs) == {"en.yaml", "fr.yaml"}
    assert catalogs["en.yaml"] == catalogs["fr.yaml"]


def test_phrases_are_formatted_and_fall_back_to_english() -> None:
    assert t("chat_handoff", "fr", reasons="abuse").endswith("(raisons : abuse).")
    assert t("escalate", "de") == t("escalate", "en")
