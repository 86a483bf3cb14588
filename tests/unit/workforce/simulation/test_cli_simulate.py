"""`tandem simulate` as users run it: real processes, started together (each loads the whole CLI: seconds)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tandem.cli import main

from .builders import SMALL

KEYS = {
    "policy", "contacts", "service_level", "asa_seconds", "abandonment_rate", "occupancy", "max_agent_hour_occupancy",
    "hard_contact_gini", "breaks_due", "breaks_taken", "agents_over_limits", "cost_per_contact",
}  # fmt: skip


def _start(args: list[str], hash_seed: str = "0") -> subprocess.Popen[str]:
    env = {**os.environ, "COLUMNS": "120", "PYTHONHASHSEED": hash_seed, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "tandem", "simulate", *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _finish(started: dict[str, subprocess.Popen[str]]) -> dict[str, subprocess.CompletedProcess[str]]:
    done = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=600)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("simulate")
    (folder / "small.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    (folder / "negative.yaml").write_text(SMALL.replace("[10, 8, 6, 6,", "[10, 8, -6, 6,"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def quick(files: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Runs of the small day (slow: four processes)."""
    small = str(files / "small.yaml")
    return _finish({
        "single": _start([small, "--policy", "tandem", "--seed", "4", "--json", str(files / "single.json")]),
        "hash_a": _start([small, "--json", str(files / "a.json")], hash_seed="1"),
        "hash_b": _start([small, "--json", str(files / "b.json")], hash_seed="2"),
        "staffing": _start([small, "--find-staffing", "--json", str(files / "staffing.json")]),
    })  # fmt: skip


def test_bad_input_in_a_real_process_is_one_line_and_exit_2(files: Path) -> None:
    result = _finish({"negative": _start([str(files / "negative.yaml")])})["negative"]
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "arrivals_per_hour[2]" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_all_policies_on_a_shipped_day_write_one_entry_each(files: Path) -> None:
    out, chart = files / "all.json", files / "all.png"
    result = _finish({"all": _start(["ecommerce", "--policy", "all", "--json", str(out), "--plot", str(chart)])})["all"]
    assert result.returncode == 0, result.stderr
    runs = json.loads(out.read_text(encoding="utf-8"))
    assert [r["policy"] for r in runs] == ["human_only", "naive_hybrid", "naive_legal", "tandem"]
    for run in runs:
        assert run.keys() >= KEYS
    assert len({r["contacts"] for r in runs}) == 1
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "hard-contact Gini" in result.stdout


@pytest.mark.slow
def test_one_policy_writes_one_object(quick: dict[str, subprocess.CompletedProcess[str]], files: Path) -> None:
    assert quick["single"].returncode == 0, quick["single"].stderr
    run = json.loads((files / "single.json").read_text(encoding="utf-8"))
    assert isinstance(run, dict) and run.keys() >= KEYS
    assert (run["policy"], run["seed"]) == ("tandem", 4)


@pytest.mark.slow
def test_the_same_seed_writes_the_same_json_whatever_the_hash_seed(
    quick: dict[str, subprocess.CompletedProcess[str]], files: Path
) -> None:
    assert quick["hash_a"].returncode == quick["hash_b"].returncode == 0
    assert (files / "a.json").read_text(encoding="utf-8") == (files / "b.json").read_text(encoding="utf-8")


@pytest.mark.slow
def test_find_staffing(quick: dict[str, subprocess.CompletedProcess[str]], files: Path) -> None:
    assert quick["staffing"].returncode == 0, quick["staffing"].stderr
    match = json.loads((files / "staffing.json").read_text(encoding="utf-8"))
    assert match["tandem_agents"] == 10 and match["human_only_agents"] >= 1
    assert match["agents_saved"] == match["human_only_agents"] - match["tandem_agents"]
    assert "agents saved by tandem" in quick["staffing"].stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.yaml"], "no scenario file"),
        (["broken.yaml"], "not valid YAML"),
        (["negative.yaml"], "arrivals_per_hour[2]"),
        (["ecommerce", "--policy", "robots"], "unknown policy 'robots'"),
        (["small.yaml", "--seed", "-1"], "seed must be >= 0"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    files: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    """The same entry point in this process (fast): `tandem.cli.main` maps the refusal to exit code 2."""
    given = [str(files / a) if a.endswith(".yaml") else a for a in args]
    monkeypatch.setattr(sys, "argv", ["tandem", "simulate", *given])
    with pytest.raises(SystemExit) as exited:
        main()
    err = capsys.readouterr().err
    assert exited.value.code == 2, err
    assert err.startswith("error: ") and message in err
