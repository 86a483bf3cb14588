"""The CLI contract, run as users run it: a real process, real exit codes, real output."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.nlu.intent_model import IntentModel


def tandem(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


def write_csv(path: Path, rows: list[tuple[str, str]], header: str = "text,intent") -> Path:
    path.write_text(header + "\n" + "".join(f'"{t}",{label}\n' for t, label in rows), encoding="utf-8")
    return path


def assert_clean_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: ") and fragment in lines[-1], result.stderr
    assert "Traceback" not in result.stderr


def test_eval_missing_file(tmp_path: Path) -> None:
    assert_clean_error(
        tandem("nlu", "eval", "--train", str(tmp_path / "no.csv"), "--test", str(tmp_path / "no.csv")), "no such file"
    )


def test_eval_wrong_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("question,answer\nhello,hi\n", encoding="utf-8")
    assert_clean_error(tandem("nlu", "eval", "--train", str(bad), "--test", str(bad)), "expected columns")


def test_eval_single_intent(tmp_path: Path) -> None:
    one = write_csv(tmp_path / "one.csv", [("hello", "greeting"), ("hi", "greeting")])
    assert_clean_error(tandem("nlu", "eval", "--train", str(one), "--test", str(one)), "at least two intents")


def test_eval_empty_text(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text('text,intent\nhello,greeting\n"  ",greeting\n', encoding="utf-8")
    assert_clean_error(tandem("nlu", "eval", "--train", str(empty), "--test", str(empty)), "empty text")


def test_usage_errors_exit_2() -> None:
    result = tandem("nlu", "eval", "--train")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


SHOP = [
    *[
        (t, "order_status")
        for t in [
            "where is my order",
            "my order has not arrived",
            "track my order",
            "when does my package come",
            "où est ma commande",
            "ma commande n'est pas arrivée",
            "suivi de commande",
            "quand arrive mon colis",
        ]
    ],
    *[
        (t, "return_policy")
        for t in [
            "how do I return an item",
            "can I send it back",
            "return policy",
            "refund for a return",
            "comment retourner un article",
            "puis-je renvoyer ce produit",
            "politique de retour",
            "retour et remboursement",
        ]
    ],
    *[(t, "greeting") for t in ["hello", "hi there", "good morning", "hey", "bonjour", "salut", "bonsoir", "coucou"]],
]


def test_eval_writes_the_json_contract_and_the_plot(tmp_path: Path) -> None:
    train = write_csv(tmp_path / "train.csv", [*SHOP, ("what's the weather", "oos"), ("tell me a joke", "oos")])
    test = write_csv(
        tmp_path / "test.csv",
        [
            ("where's my order?", "order_status"),
            ("retourner un article", "return_policy"),
            ("hello!", "greeting"),
            ("who won the match", "oos"),
        ],
    )
    out, plot = tmp_path / "eval.json", tmp_path / "risk.png"
    result = tandem(
        "nlu",
        "eval",
        "--train",
        str(train),
        "--test",
        str(test),
        "--oos-label",
        "oos",
        "--representation",
        "tfidf",
        "--json",
        str(out),
        "--plot",
        str(plot),
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    for key in (
        "accuracy",
        "macro_f1",
        "oos_recall",
        "oos_precision",
        "coverage_at_precision",
        "latency_ms",
        "train_seconds",
    ):
        assert key in figures
    assert set(figures["coverage_at_precision"]) == {"0.95", "0.97", "0.99"}
    assert set(figures["latency_ms"]) == {"p50", "p99"}
    assert 0.0 <= figures["accuracy"] <= 1.0 and figures["rows"] == 3 and figures["oos_rows"] == 1
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "accuracy" in result.stderr  # the summary table


@pytest.fixture(scope="module")
def data_dir(model_dir: Path, ecommerce_model: IntentModel) -> dict[str, str]:
    """TANDEM_DATA_DIR whose models/ holds the session's trained ecommerce model."""
    assert ecommerce_model.thresholds is not None
    root = model_dir.parent / "tandem-data"
    root.mkdir(exist_ok=True)
    link = root / "models"
    if not link.exists():
        link.symlink_to(model_dir, target_is_directory=True)
    return {"TANDEM_DATA_DIR": str(root)}


def test_triage_prints_the_stable_json_line(data_dir: dict[str, str]) -> None:
    result = tandem("triage", "--domain", "ecommerce", "où est ma commande 100234 ?", env=data_dir)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert list(line) == ["text", "decision", "intent", "confidence", "reasons", "language"]
    assert line["decision"] == "answer" and line["intent"] == "order_status" and line["language"] == "fr"


def test_triage_reads_one_message_per_line(data_dir: dict[str, str]) -> None:
    result = tandem("triage", "--domain", "ecommerce", stdin="hello\n\nI want to speak to a human\n", env=data_dir)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["decision"] for x in lines] == ["answer", "escalate"]
    assert "asked_for_human" in lines[1]["reasons"]


def test_triage_empty_text_is_a_clean_error(data_dir: dict[str, str]) -> None:
    assert_clean_error(tandem("triage", "--domain", "ecommerce", "   ", env=data_dir), "empty message")


def test_triage_unknown_domain(data_dir: dict[str, str]) -> None:
    assert_clean_error(tandem("triage", "--domain", "banking", "hi", env=data_dir), "unknown domain")


def test_chat_runs_a_flow_with_the_demo_connector(data_dir: dict[str, str]) -> None:
    result = tandem(
        "chat", "--domain", "ecommerce", stdin="where is my order 100234\njane.doe@example.com\n/quit\n", env=data_dir
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "email" in out.lower()  # asked to verify identity first
    assert "1Z999AA10123456784" in out  # then the order's tracking number
    assert "answer · intent order_status" in out


def test_chat_refuses_an_unsupported_language(data_dir: dict[str, str]) -> None:
    assert_clean_error(tandem("chat", "--lang", "de", env=data_dir), "unsupported language")


def test_nlu_train_a_pack_writes_a_calibrated_model(tmp_path: Path) -> None:
    out = tmp_path / "logistics.joblib"
    result = tandem("nlu", "train", "--domain", "logistics", "--representation", "tfidf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    model = IntentModel.load(out)
    assert model.thresholds is not None
    assert "track_parcel" in model.labels and "out_of_scope" in model.labels


def test_nlu_train_needs_exactly_one_source(tmp_path: Path) -> None:
    assert_clean_error(tandem("nlu", "train", "--out", str(tmp_path / "m.joblib")), "exactly one of --data or --domain")
