"""`tandem report live` opens the database the server would and reads it with the site's wellbeing policy (the
settings' working-time rules, cool-down and lull window)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from tandem.api.app import database_url
from tandem.cli.live_report import site
from tandem.settings import Settings


def test_the_report_reads_what_the_server_would(tmp_path: Path) -> None:
    for settings in (
        Settings(data_dir=tmp_path),
        Settings(
            data_dir=tmp_path,
            database_url="postgresql+psycopg://tandem@db.example/tandem",
            wellbeing_break_after_minutes=300,
            wellbeing_break_minutes=30,
            wellbeing_daily_limit_minutes=480,
            wellbeing_weekly_limit_minutes=2100,
            wellbeing_cool_down_minutes=15,
            wellbeing_lull_break_minutes=0,
        ),
    ):
        url, policy = site(settings)
        assert url == database_url(settings)
    assert site(Settings(data_dir=tmp_path))[1].hours.break_after_minutes == 360  # the default rule
    assert policy.hours.break_after_minutes == 300 and policy.cool_down_minutes == 15
    assert policy.hours.break_minutes == 30 and policy.hours.daily_limit_minutes == 480
    assert policy.hours.weekly_limit_minutes == 2100
    assert policy.lull_break_minutes is None  # 0: switched off
    assert site(Settings(data_dir=tmp_path))[1].lull_break_minutes == 60.0


def test_the_sites_forecast_reaches_the_policy_in_its_time_zone(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).wellbeing_policy().forecast is None
    figures = ", ".join(str(10 * h) for h in range(24))
    settings = Settings(data_dir=tmp_path, wellbeing_forecast_per_hour=figures, timezone="Europe/Paris")
    forecast = settings.wellbeing_policy().forecast
    assert forecast is not None and forecast.per_hour == tuple(10.0 * h for h in range(24))
    assert forecast.at(datetime(2025, 3, 3, 14, 0, tzinfo=UTC)) == 150.0  # 15:00 in Paris
    # Refused when the settings are read: `tandem serve` then says so in one line, before anything starts.
    with pytest.raises(ValidationError, match="not a number: 'many'"):
        Settings(data_dir=tmp_path, wellbeing_forecast_per_hour="10, many")
    with pytest.raises(ValidationError, match="finite and at least 0, got '-1'"):
        Settings(data_dir=tmp_path, wellbeing_forecast_per_hour="10, -1")
