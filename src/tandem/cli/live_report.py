"""`tandem report live --since … --until … OUT.html` (declared in cli/report.py): what really happened over a
period, from the configured database, as one self-contained page (the dashboard's figures and charts, inline
SVG, nothing fetched).

The figures come from the metrics service the API serves (tandem.metrics, docs/metrics.md), never from SQL of
its own; the page's words are the dashboard's, in English or French."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import typer

from tandem.cli.progress import progress_bar
from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.errors import InvalidInput
from tandem.domain.language import LANGUAGES
from tandem.metrics.period import Bucket, Period, parse_bucket, parse_period
from tandem.metrics.summary import MetricsService
from tandem.metrics_report.page import render
from tandem.settings import Settings
from tandem.store import SqlUnitOfWork, default_url, make_engine, upgrade
from tandem.store.metrics import SqlMetricsReader
from tandem.web import strings
from tandem.wellbeing import WellbeingPolicy

SUPERVISOR = Principal(PrincipalKind.SUPERVISOR)
HOURLY_UP_TO_DAYS = 2  # as the dashboard: a period of one or two days is drawn by the hour, longer ones by the day


def site(settings: Settings) -> tuple[str, WellbeingPolicy]:
    """The configured database's URL and the site's wellbeing policy, as the server builds them (api/app.py's
    database_url, a test keeps them equal; `Settings.wellbeing_policy`) without importing the server, whose
    models and assistants cost seconds to import."""
    return settings.database_url or default_url(settings.data_dir), settings.wellbeing_policy()


@contextmanager
def _metrics() -> Iterator[MetricsService]:
    """The metrics service on the configured database (TANDEM_DATABASE_URL, else the SQLite file in
    TANDEM_DATA_DIR), migrated to the latest schema first, as `tandem serve` would."""
    settings = Settings()
    url, policy = site(settings)
    upgrade(url)
    engine = make_engine(url)
    try:
        reader = SqlMetricsReader(engine)
        yield MetricsService(SqlUnitOfWork(engine), _now, reader, policy, settings.sla_seconds, settings.served_domains)
    finally:
        engine.dispose()


def _now() -> datetime:
    return datetime.now(UTC)


def _bucket(period: Period, asked: str | None) -> Bucket:
    if asked is not None:
        return parse_bucket(asked)
    return Bucket.HOUR if (period.until - period.since).total_seconds() <= HOURLY_UP_TO_DAYS * 86400 else Bucket.DAY


def write_live_report(out: Path, since: str, until: str, bucket: str | None, team: str | None, lang: str) -> None:
    """The period's figures and charts from the configured database, as a self-contained HTML page at `out`."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"--lang: use one of {', '.join(LANGUAGES)}")
    # Bad dates are refused before the database is opened, in the API's words.
    period = parse_period(since, until, datetime.now(UTC))
    size = _bucket(period, bucket)
    parse_period(since, until, datetime.now(UTC), size)
    if out.is_dir() or not out.parent.is_dir():
        raise InvalidInput(f"cannot write {out}: give a file in an existing folder")
    with progress_bar() as update, _metrics() as metrics:
        update("period summary", 0, 1)
        summary = metrics.summary(SUPERVISOR, since, until, team)
        update("period summary", 1, 1)
        update(f"series by {size.value}", 0, 1)
        series = metrics.series(SUPERVISOR, since, until, size.value, team)
        update(f"series by {size.value}", 1, 1)
    page = render(summary, series, period.since, period.until, strings(lang), lang, datetime.now(UTC))
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot write {out}: {exc.strerror}") from None
    conversations = summary["outcomes"]["conversations"]
    typer.echo(f"wrote {out}: {conversations:,} conversations, {len(series['points'])} {size.value}s")
