"""Labelled examples for the intent model, from a CSV file or from domain packs."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Pack

TEXT_COLUMN = "text"
# `intent` is Tandem's name; `category` and `label` are what public datasets (BANKING77, CLINC150) use.
LABEL_COLUMNS = ("intent", "category", "label")
LANG_COLUMN = "lang"


@dataclass(frozen=True)
class Dataset:
    texts: tuple[str, ...]
    labels: tuple[str, ...]
    languages: tuple[str, ...] = ()  # one per text, or empty when unknown
    # Out-of-scope messages: never a class, used only to calibrate thresholds.
    oos_texts: tuple[str, ...] = field(default=())
    oos_languages: tuple[str, ...] = field(default=())

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.labels)))


def read_csv(path: Path, oos_label: str | None = None) -> Dataset:
    """Read `text,intent[,lang]` rows. Rows labelled `oos_label` become out-of-scope examples."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in (reader.fieldnames or [])]
            label_col = next((c for c in LABEL_COLUMNS if c in columns), None)
            if TEXT_COLUMN not in columns or label_col is None:
                raise InvalidInput(
                    f"{path}: expected columns 'text' and 'intent' (or 'category'/'label'), found {columns or 'none'}"
                )
            rows = [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    except FileNotFoundError as exc:
        raise InvalidInput(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise InvalidInput(f"{path}: malformed CSV ({exc})") from exc
    return _from_rows(path, rows, label_col, LANG_COLUMN in columns, oos_label)


def _from_rows(
    path: Path, rows: list[dict[str, str]], label_col: str, has_lang: bool, oos_label: str | None
) -> Dataset:
    texts: list[str] = []
    labels: list[str] = []
    langs: list[str] = []
    oos: list[str] = []
    oos_langs: list[str] = []
    for line, row in enumerate(rows, start=2):
        text, label = row.get(TEXT_COLUMN, "").strip(), row.get(label_col, "").strip()
        if not text:
            raise InvalidInput(f"{path}, line {line}: empty text")
        if not label:
            raise InvalidInput(f"{path}, line {line}: empty {label_col}")
        lang = row.get(LANG_COLUMN, "").strip() if has_lang else ""
        if oos_label is not None and label == oos_label:
            oos.append(text)
            oos_langs.append(lang)
        else:
            texts.append(text)
            labels.append(label)
            langs.append(lang)
    if not texts:
        raise InvalidInput(f"{path}: no labelled rows")
    return Dataset(
        tuple(texts),
        tuple(labels),
        tuple(langs) if has_lang else (),
        tuple(oos),
        tuple(oos_langs) if has_lang else (),
    )


def from_packs(packs: Iterable[Pack]) -> Dataset:
    """Every intent example of `packs`, with its language, and their out-of-scope examples.

    With several packs, only the out-of-scope examples they all share (the common pack's) are kept: one
    trade's near-miss ("track my parcel" for a telecom operator) is another trade's core question.
    """
    packs = list(packs)
    shared_oos = (
        set.intersection(
            *({(lang, text) for lang, examples in p.out_of_scope.items() for text in examples} for p in packs)
        )
        if packs
        else set()
    )
    texts: list[str] = []
    labels: list[str] = []
    langs: list[str] = []
    oos: list[str] = []
    oos_langs: list[str] = []
    seen_oos: set[str] = set()
    for pack in packs:
        for intent in pack.intents.values():
            for lang, examples in intent.examples.items():
                texts.extend(examples)
                labels.extend([intent.name] * len(examples))
                langs.extend([lang] * len(examples))
        for lang, examples in pack.out_of_scope.items():
            for text in examples:
                if (lang, text) in shared_oos and text not in seen_oos:
                    seen_oos.add(text)
                    oos.append(text)
                    oos_langs.append(lang)
    return Dataset(tuple(texts), tuple(labels), tuple(langs), tuple(oos), tuple(oos_langs))
