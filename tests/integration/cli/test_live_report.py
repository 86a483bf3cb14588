"""`tandem report live` as users run it: a real process on a database filled by `tandem demo history` (SQLite and
PostgreSQL), the same figures as the metrics service the API serves, and bad input as one `error:` line."""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tandem.domain.access import Principal, PrincipalKind
from tandem.metrics.summary import MetricsService
from tandem.store import SqlUnitOfWork, make_engine
from tandem.store.metrics import SqlMetricsReader

DAYS = 6


def tandem(args: list[str], url: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TANDEM_DATABASE_URL": url, "TANDEM_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "tandem", *args], capture_output=True, text=True, timeout=600,
                          env=env)  # fmt: skip


def _period() -> tuple[str, str]:
    """Whole UTC days holding the whole history (it ends a little before now, DAYS days long)."""
    today = datetime.now(UTC).date()
    return str(today - timedelta(days=DAYS + 1)), str(today + timedelta(days=1))


def _service(engine: Engine) -> MetricsService:
    return MetricsService(SqlUnitOfWork(engine), lambda: datetime.now(UTC), SqlMetricsReader(engine))


def _tile(page: str, figure: str) -> str:
    found = re.search(rf'data-figure="{figure}"><h3>[^<]*</h3><p class="value">([^<]*)</p>', page)
    assert found, figure
    return found.group(1)


def test_the_page_shows_the_services_figures(fresh_database_url: str, tmp_path: Path) -> None:
    filled = tandem(["demo", "history", "--conversations", "400", "--days", str(DAYS), "--seed", "3"],
                    fresh_database_url, tmp_path)  # fmt: skip
    assert filled.returncode == 0, filled.stderr
    since, until = _period()
    out = tmp_path / "period.html"
    done = tandem(["report", "live", "--since", since, "--until", until, str(out)], fresh_database_url, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "period summary" in done.stderr  # the progress, on stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg ") == 9 and "http" not in page and "<script" not in page

    engine = make_engine(fresh_database_url)
    try:
        supervisor = Principal(PrincipalKind.SUPERVISOR)
        outcomes = _service(engine).summary(supervisor, since, until)["outcomes"]
        series = _service(engine).series(supervisor, since, until, "day")
    finally:
        engine.dispose()
    assert outcomes["conversations"] == 400
    assert _tile(page, "conversations") == f"{outcomes['conversations']:,}"
    breaks = outcomes["wellbeing"]["breaks"]
    assert _tile(page, "breaks") == f"{breaks['taken']:,}"
    assert f"{breaks['due']} times someone reached the working-time limit without one" in page
    rate = outcomes["ai_resolution"]["rate"]
    assert _tile(page, "ai_resolution") == (f"{100 * rate:.0f}%" if rate is not None else "–")
    volume = page[page.index('data-chart="volume"') : page.index('data-chart="escalations"')]
    assert volume.count('<th scope="row">') == len(series["points"]) == DAYS + 2
    assert f"wrote {out}: 400 conversations, {DAYS + 2} days" in done.stdout


def test_in_french_by_the_hour(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    today = datetime.now(UTC).date()
    out = tmp_path / "jour.html"
    done = tandem(["report", "live", "--since", str(today), "--until", str(today + timedelta(days=1)), "--lang", "fr",
                   str(out)], url, tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "Aucune conversation et aucun agent au travail" in page  # an empty day
    assert "24 hours" in done.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--since", "2026-13-01", "--until", "2026-12-01"], "since: "),  # the parameter named
        (["--since", "2026-12-01", "--until", "2026-11-01"], "until: must be after since"),
        (["--since", "2026-12-01T08:00:00", "--until", "2026-12-02"], "since: give the datetime's offset"),
        (["--since", "2025-01-01", "--until", "2026-12-01"], "at most 400 days"),
        (["--since", "2026-10-01", "--until", "2026-12-01", "--bucket", "hour"], "with bucket=hour is at most 31"),
        (["--since", "2026-10-01", "--until", "2026-12-01", "--bucket", "week"], "bucket: use hour or day"),
        (["--since", "2026-10-01", "--until", "2026-12-01", "--lang", "de"], "--lang: use one of"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], fragment: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    done = tandem(["report", "live", *args, str(tmp_path / "out.html")], url, tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
    assert fragment in done.stderr
    assert not (tmp_path / "out.html").exists() and not (tmp_path / "tandem.db").exists()  # refused before opening


def test_an_unwritable_page_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tandem.db'}"
    done = tandem(["report", "live", "--since", "2026-12-01", "--until", "2026-12-02", str(tmp_path / "no" / "x.html")],
                  url, tmp_path)  # fmt: skip
    assert done.returncode == 2 and done.stderr.startswith("error: cannot write"), done.stderr


def test_the_simulated_day_is_still_there_by_its_old_name_and_its_new_one(tmp_path: Path) -> None:
    for args in (["report", "nowhere"], ["report", "day", "nowhere"]):
        done = tandem(args, f"sqlite:///{tmp_path / 'tandem.db'}", tmp_path)
        assert done.returncode == 2 and done.stderr.startswith("error: no scenario file 'nowhere'"), done.stderr
