"""`tandem staff` as users run it: real processes, started together as each one loads the whole CLI (seconds).
The wording of every refusal is tested on `staff_for`; here, that it reaches the user as one line and exit 2."""

import json
import os
import subprocess
import sys

import pytest

RUNS = {
    "json": ["--arrival-rate", "200", "--aht", "180", "--shrinkage", "0.3", "--json"],
    "json_a": ["--arrival-rate", "20000", "--aht", "300", "--patience", "120", "--json"],
    "table": ["--arrival-rate", "200", "--aht", "180", "--shrinkage", "0.3"],
    "negative_rate": ["--arrival-rate", "-5", "--aht", "180"],
    "nan_aht": ["--arrival-rate", "200", "--aht", "nan"],
    "target_sl": ["--arrival-rate", "200", "--aht", "180", "--target-sl", "1.5"],
}


@pytest.fixture(scope="module")
def results() -> dict[str, subprocess.CompletedProcess[str]]:
    started = {
        name: (
            args,
            subprocess.Popen(
                [sys.executable, "-m", "tandem", "staff", *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "COLUMNS": "120"},
            ),
        )
        for name, args in RUNS.items()
    }
    done = {}
    for name, (args, process) in started.items():
        out, err = process.communicate(timeout=600)
        done[name] = subprocess.CompletedProcess(args, process.returncode, out, err)
    return done


def test_json_contract(results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = results["json"]
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["model"] == "erlang_c"
    assert payload["agents"] == 14 and payload["scheduled_agents"] == 20
    assert payload["service_level"] == pytest.approx(0.888, abs=5e-4)
    assert payload["asa_seconds"] == pytest.approx(7.8, abs=0.05)
    assert payload["occupancy"] == pytest.approx(10 / 14)
    assert payload["abandonment_rate"] == 0
    assert payload["p_wait"] == pytest.approx(0.174, abs=5e-4)
    assert payload["offered_load_erlangs"] == pytest.approx(10)


def test_json_erlang_a_large_centre(results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = results["json_a"]
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["model"] == "erlang_a" and payload["patience_seconds"] == 120
    assert payload["service_level"] >= 0.8 and 0 < payload["abandonment_rate"] < 1
    assert payload["offered_load_erlangs"] == pytest.approx(20000 * 300 / 3600)


def test_table(results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = results["table"]
    assert result.returncode == 0, result.stderr
    assert "Erlang C" in result.stdout
    assert "agents on the phones" in result.stdout and " 14 " in result.stdout
    assert "shrinkage 30%" in result.stdout and " 20 " in result.stdout
    assert "88.8%" in result.stdout


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("negative_rate", "arrival rate (per hour) must be"),
        ("nan_aht", "handle time (AHT) must be"),
        ("target_sl", "target service level must be between 0 and 1"),
    ],
)
def test_bad_input_is_one_error_line(
    results: dict[str, subprocess.CompletedProcess[str]], name: str, fragment: str
) -> None:
    result = results[name]
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], result.stderr
