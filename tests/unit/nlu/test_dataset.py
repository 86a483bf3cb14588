from pathlib import Path

import pytest

from tandem.domain.errors import InvalidInput
from tandem.nlu.dataset import read_csv


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(content, encoding="utf-8")
    return path


def test_reads_text_intent_and_optional_lang(tmp_path: Path) -> None:
    data = read_csv(
        write(
            tmp_path,
            "text,intent,lang\nwhere is my order,order_status,en\noù est ma commande,order_status,fr\n",
        )
    )
    assert data.texts == ("where is my order", "où est ma commande")
    assert data.labels == ("order_status", "order_status")
    assert data.languages == ("en", "fr")


def test_accepts_the_category_column_of_public_datasets(tmp_path: Path) -> None:
    data = read_csv(write(tmp_path, "text,category\nI am still waiting on my card?,card_arrival\n"))
    assert data.labels == ("card_arrival",)
    assert data.languages == ()


def test_oos_rows_are_kept_apart(tmp_path: Path) -> None:
    data = read_csv(write(tmp_path, "text,intent\nhello,greeting\nwhat's the weather,oos\n"), oos_label="oos")
    assert data.texts == ("hello",)
    assert data.oos_texts == ("what's the weather",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sentence,intent\nhello,greeting\n", "expected columns"),
        ("text,intent\n,greeting\n", "line 2: empty text"),
        ("text,intent\nhello,\n", "line 2: empty intent"),
        ("text,intent\n", "no labelled rows"),
        ("", "expected columns"),
    ],
)
def test_bad_files_give_one_clear_message(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_csv(write(tmp_path, content))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_csv(tmp_path / "nope.csv")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("text,intent\ncommande reçue,x\n".encode("latin-1"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_csv(path)
