from pathlib import Path

import pytest

PACK_YAML = """\
name: shop
title: {en: Shop, fr: Boutique}
languages: [en, fr]
"""

INTENTS_YAML = """\
intents:
  greeting:
    handler: human
    examples:
      en: [hello there]
      fr: [bonjour]
  track_parcel:
    handler: human
    examples:
      en: [where is my parcel]
      fr: [où est mon colis]
"""


def write(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 at `path`, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(article_id: str, lang: str, title: str, body: str, extra: str = "") -> str:
    """A Markdown article with front matter."""
    return f"---\nid: {article_id}\ntitle: {title}\nlang: {lang}\n{extra}---\n{body}\n"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A tiny valid pack in `tmp_path/shop` (en and fr, two human intents)."""
    pack = tmp_path / "shop"
    write(pack / "pack.yaml", PACK_YAML)
    write(pack / "intents.yaml", INTENTS_YAML)
    return pack


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """An empty folder for the help-center source files."""
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder
