"""`tandem report` as users run it: a real process on a small day, and bad input."""

import os
import subprocess
import sys
from pathlib import Path

SMALL = """
name: small
title: A small test day
day: 2025-03-03
domain: ecommerce
service_level: {target: 0.8, seconds: 60}
arrivals_per_hour: [10, 8, 6, 6, 40, 60, 70, 60]
languages: {fr: 0.6, en: 0.4}
patience: {shape: exponential, mean: 240}
ai:
  seconds: {shape: lognormal, mean: 60, cv: 0.5}
  cost_per_contact: 0.2
escalation_reasons: {asked_for_human: 0.5, low_confidence: 0.5}
handle_seconds:
  simple: {shape: lognormal, mean: 300, cv: 0.5, max: 1200}
  standard: {shape: lognormal, mean: 600, cv: 0.5, max: 1800}
  hard: {shape: lognormal, mean: 900, cv: 0.5, max: 1800}
resolved_share: 0.9
intents:
  order_status: {share: 0.6, containment: 0.7, hard: {frustrated: 0.2, abusive: 0.05}}
  complaint: {share: 0.4, containment: 0.1, hard: {frustrated: 0.4, abusive: 0.1, sensitive: 0.1}}
agents:
  hourly_cost: 20.0
  capacity: 2
  groups:
    - {name: night, count: 2, shift: "20:00-04:00", languages: [fr, en]}
    - {name: french, count: 5, shift: "03:30-08:00", languages: [fr], stagger_minutes: 20}
    - {name: english, count: 3, shift: "03:30-08:00", languages: [en], capacity: 3}
working_time: {break_after_minutes: 120, break_minutes: 20, daily_limit_minutes: 600, look_ahead_minutes: 15}
"""  # the simulator tests' small day (tests/unit/workforce/simulation/builders.py)


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
    for policy in ("human_only", "naive_hybrid", "tandem"):
        assert policy in page
    assert "--find-staffing" in page  # how to get the agents saved
    assert "tandem" in done.stderr  # the progress bar


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    for args in (["nowhere"], [str(tmp_path / "missing.yaml")], ["ecommerce", "--seed", "-1"]):
        done = tandem(args)
        assert done.returncode == 2, args
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
