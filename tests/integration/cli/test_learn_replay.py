"""`tandem learn replay` run as users run it: a real process, real exit codes, real files."""

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

TOPICS = {
    "card_lost": "card lost stolen missing wallet",
    "refund": "refund money back reimburse returned",
    "pin": "pin code forgot reset digits",
    "transfer": "transfer wire send account beneficiary",
    "fees": "fee charge commission extra cost",
    "top_up": "top up topup add funds load",
}
FILLER = "please i need help with my the a about can you"


def tandem(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def write_dataset(path: Path, rows_per_intent: int, seed: int, header: str = "text,intent") -> Path:
    rng = random.Random(seed)
    lines = [header]
    for intent, words in TOPICS.items():
        for _ in range(rows_per_intent):
            picked = rng.sample(words.split(), 2) + rng.sample(FILLER.split(), 3)
            rng.shuffle(picked)
            lines.append(f"{' '.join(picked)},{intent}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_clean_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ") and fragment in lines[-1], result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, Path]:
    return write_dataset(tmp_path / "train.csv", 30, seed=1), write_dataset(tmp_path / "test.csv", 8, seed=2)


def test_missing_file(data: tuple[Path, Path], tmp_path: Path) -> None:
    result = tandem("learn", "replay", "--train", str(tmp_path / "no.csv"), "--test", str(data[1]))
    assert_clean_error(result, "no such file")


def test_wrong_columns(data: tuple[Path, Path], tmp_path: Path) -> None:
    wrong = write_dataset(tmp_path / "wrong.csv", 3, seed=0, header="message,topic")
    assert_clean_error(tandem("learn", "replay", "--train", str(data[0]), "--test", str(wrong)), "expected columns")


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("--known-share", "1.0", "known share"),
        ("--known-share", "0", "known share"),
        ("--retrain-every", "0", "retrain every"),
        ("--rejected-share", "-0.5", "rejected share"),
        ("--start", "help-center", "start must be one of known, articles, got 'help-center'"),
        ("--article-questions", "2", "article questions apply to the articles start only"),
    ],
)
def test_bad_parameters(data: tuple[Path, Path], option: str, value: str, fragment: str) -> None:
    result = tandem("learn", "replay", "--train", str(data[0]), "--test", str(data[1]), option, value)
    assert_clean_error(result, fragment)


def test_tiny_replay_writes_json_and_png(data: tuple[Path, Path], tmp_path: Path) -> None:
    out, png = tmp_path / "replay.json", tmp_path / "replay.png"
    result = tandem(
        "learn",
        "replay",
        "--train",
        str(data[0]),
        "--test",
        str(data[1]),
        "--representation",
        "tfidf",
        "--retrain-every",
        "10",
        "--target-precision",
        "0.9",
        "--json",
        str(out),
        "--plot",
        str(png),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["parameters"]["representations"] == ["tfidf"]
    assert figures["parameters"]["retrain_every"] == 10
    checkpoints = figures["checkpoints"]
    assert checkpoints[0]["known_intents"] == 3 and checkpoints[-1]["messages"] == figures["stream_messages"] == 90
    assert checkpoints[-1]["approvals"] >= 10
    assert set(figures["full_knowledge"]) >= {"containment", "precision"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "plot written to" in result.stderr
    assert f"wrong answers given live: {len(figures['wrong_answers'])}" in result.stderr


def test_replay_starting_from_articles(data: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "articles.json"
    result = tandem(
        "learn",
        "replay",
        "--train",
        str(data[0]),
        "--test",
        str(data[1]),
        "--start",
        "articles",
        "--article-questions",
        "2",
        "--known-share",
        "1.0",  # refused by the known start, ignored by the articles start
        "--probation-checks",
        "3",
        "--representation",
        "tfidf",
        "--retrain-every",
        "10",
        "--target-precision",
        "0.9",
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert (figures["parameters"]["start"], figures["parameters"]["article_questions"]) == ("articles", 2)
    first, last = figures["checkpoints"][0], figures["checkpoints"][-1]
    # Every intent known from its article at once, all on probation; the same 90 stream messages as the default.
    assert (first["known_intents"], first["trusted_intents"], first["test_containment"]) == (6, 0, 0.0)
    assert last["messages"] == figures["stream_messages"] == 90
    assert last["trusted_intents"] > 0
    assert "articles + 2 questions each" in result.stderr
