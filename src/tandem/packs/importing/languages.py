"""Which language a source file is in: what the file itself says, else its name (`x.fr.md`), else the pack's
only language."""

import re
from pathlib import Path

from tandem.domain.errors import InvalidInput

_SUFFIX = re.compile(r"^[a-z]{2}$")  # `.fr` in `faq.fr.md`: an ISO 639-1 code, lower case


def name_language(path: Path) -> str | None:
    """The language suffix before the extension (`faq.fr.md` -> `fr`), None if there is none."""
    inner = Path(path.stem).suffix[1:]
    return inner if _SUFFIX.match(inner) else None


def name_stem(path: Path) -> str:
    """The file name without its extension and language suffix (`Track parcel.fr.html` -> `Track parcel`)."""
    stem = path.stem
    return Path(stem).stem if name_language(path) else stem


def resolve_language(declared: str | None, path: Path, pack_languages: tuple[str, ...], where: str) -> str:
    """The file's language: `declared` (front matter, `<html lang>`), else its name's suffix, else the pack's only
    language. Raises `InvalidInput` (without the file prefix) when none applies, when the two disagree, or when
    the pack does not declare the language; `where` says how the file declares one ("`lang: {}` to the front
    matter"), `{}` standing for a language code."""
    from_name = name_language(path)
    if declared and from_name and declared != from_name:
        raise InvalidInput(f"the file says lang {declared!r} but its name says {from_name!r}")
    language = declared or from_name
    if language is None:
        if len(pack_languages) == 1:
            return pack_languages[0]
        example = pack_languages[0] if pack_languages else "en"
        raise InvalidInput(
            f"no language: add {where.format(example)} or name it {name_stem(path)}.{example}{path.suffix}"
        )
    if language not in pack_languages:
        raise InvalidInput(f"language {language!r} is not one of the pack's ({', '.join(pack_languages)})")
    return language
