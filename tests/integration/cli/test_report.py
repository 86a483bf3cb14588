"""`tandem report` as users run it: a real process on a small day, and bad input."""

import os
import subprocess
import sys
from pathlib import Path

from unit.workforce.simulation.builders import SMALL  # the simulator tests' small day


def tandem(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120", "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "tandem", "report", *args], capture_output=True, text=True,
                          timeout=600, env=env)  # fmt: skip


def test_report_writes_charts_and_a_self_contained_page(tmp_path: Path) -> None:
    day = tmp_path / "small <day>.yaml"
    day.write_text(SMALL.replace("title: A small test day", "title: A <small> day & more"), encoding="utf-8")
    out = tmp_path / "out"
    done = tandem([str(day), "--seed", "3", "--out", str(out)])
    assert done.returncode == 0, done.stderr
    for chart in ("day.png", "occupancy.png", "breaks.png"):
        assert (out / chart).read_bytes().startswith(b"\x89PNG")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "A &lt;small&gt; day &amp; more" in page and "<small>" not in page  # escaped
    assert page.count("data:image/png;base64,") == 3 and "http" not in page  # no external asset
    for policy in ("human_only", "naive_hybrid", "naive_legal", "tandem"):
        assert policy in page
    assert "--find-staffing" in page  # how to get the agents saved
    assert "tandem" in done.stderr  # the progress bar


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (["nowhere"], [str(tmp_path / "missing.yaml")], ["ecommerce", "--seed", "-1"]):
        done = tandem(args)
        assert done.returncode == 2, args
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
