"""What the import needs to know of the pack it writes into, read from the pack's own files.

Only the pack's languages must be readable here; for the rest (intent names, hand-written article ids) a file
that cannot be read gives nothing, and the loader's validation of the result reports it with its own message.
"""

from pathlib import Path
from typing import Any

import yaml

from tandem.domain.errors import InvalidInput, NotFound
from tandem.packs.parsing import parse_manifest

MANIFEST = "pack.yaml"
KNOWLEDGE = "knowledge.yaml"
INTENTS = "intents.yaml"
HELP_CENTER = "help_center.yaml"


def pack_languages(pack_dir: Path) -> tuple[str, ...]:
    """The languages pack.yaml declares. `NotFound` without a pack.yaml, `InvalidInput` if it is malformed."""
    manifest = pack_dir / MANIFEST
    if not manifest.is_file():
        raise NotFound(f"no pack at {pack_dir} ({MANIFEST} missing)")
    return parse_manifest(_load(manifest) or {}, str(manifest))[2]


def knowledge_ids(pack_dir: Path) -> frozenset[str]:
    """The article ids of the hand-written knowledge.yaml (none if it is absent or unreadable)."""
    return frozenset(_ids(_load_or_none(pack_dir / KNOWLEDGE)))


def intent_names(pack_dir: Path) -> frozenset[str] | None:
    """The intents intents.yaml defines (none if the pack has no intents.yaml); None if it cannot be read (then
    nothing is checked against them)."""
    if not (pack_dir / INTENTS).exists():
        return frozenset()
    raw = _load_or_none(pack_dir / INTENTS)
    intents = raw.get("intents") if isinstance(raw, dict) else None
    return frozenset(name for name in intents if isinstance(name, str)) if isinstance(intents, dict) else None


def help_center_entries(pack_dir: Path) -> list[dict[str, Any]]:
    """The `articles:` entries help_center.yaml holds now (none if absent), as written. `InvalidInput` if the file
    is there but is not a list of articles with text ids: the import would otherwise lose what it holds."""
    file = pack_dir / HELP_CENTER
    if not file.exists():
        return []
    raw = _load(file)
    entries = raw.get("articles") if isinstance(raw, dict) else None
    if raw is not None and not (
        isinstance(entries, list) and all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in entries)
    ):
        raise InvalidInput(
            f"{file}: expected `articles:` and a list of articles, each with an `id`: fix it, or delete it to "
            "start again (`tandem pack import` writes it anew)"
        )
    return list(entries or [])


def _ids(raw: Any) -> list[str]:
    entries = raw.get("articles") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return []
    return [entry["id"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)]


def _load(file: Path) -> Any:
    """The parsed YAML of `file`, None if it is absent; `InvalidInput` naming the file if it cannot be read."""
    try:
        return yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else None
    except UnicodeDecodeError:
        raise InvalidInput(f"{file}: not UTF-8 text") from None
    except OSError as exc:
        raise InvalidInput(f"{file}: cannot read it: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{file}: invalid YAML: {' '.join(str(exc).split())}") from None


def _load_or_none(file: Path) -> Any:
    try:
        return _load(file)
    except InvalidInput:
        return None
