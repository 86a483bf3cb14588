"""The supervisor's period picker on a server holding weeks of history (`tandem demo history`): the picker
changes the period, the charts appear with their labels and tables, the CSV downloads with its header row, the
live view keeps updating, French reads French; and the customer's "did this answer your question?" reaches
the server."""

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import running_server
from .helpers import PASSWORD, ask, screenshot, sign_in

pytestmark = pytest.mark.browser

CHARTS = ["resolution", "service", "asa", "csat", "volume", "escalations", "occupancy", "breaks", "abuse"]
ANSWERED_BY_THE_AI = "How much does delivery cost?"


@pytest.fixture(scope="module")
def history_server(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[str]:
    """A server whose database already holds 40 days of history."""
    data = tmp_path_factory.mktemp("history-data")
    env = {**os.environ, "TANDEM_DATA_DIR": str(data), "TANDEM_DOMAINS": "ecommerce"}
    filled = subprocess.run(
        [sys.executable, "-m", "tandem", "demo", "history", "--conversations", "800", "--days", "40", "--seed", "5"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert filled.returncode == 0, filled.stderr
    with running_server(data, model_dir, name="history-server") as base:
        yield base


def _api(base: str, path: str) -> dict[str, object]:
    """The API as the supervisor sees it."""
    login = urllib.request.Request(
        base + "/api/v1/auth/login",
        data=json.dumps({"username": "sam", "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(login, timeout=10) as response:
        token = json.load(response)["access_token"]
    ask_for = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(ask_for, timeout=30) as response:
        found: dict[str, object] = json.load(response)
    return found


def _days(n: int) -> tuple[str, str]:
    """The picker's last n days: whole UTC days, today included."""
    today = datetime.now(UTC).date()
    return str(today - timedelta(days=n - 1)), str(today + timedelta(days=1))


def _pick(page: Page, value: str) -> None:
    page.check(f"input[name=period][value='{value}']")
    expect(page.locator("#period-view")).to_have_attribute("data-loaded", "true")


def test_the_picker_shows_a_periods_charts_and_its_csv(history_server: str, new_page: Callable[[], Page]) -> None:
    page = new_page()
    sign_in(page, history_server, "sam", path="/supervisor")
    expect(page.locator("input[name=period][value=today]")).to_be_checked()
    expect(page.locator("#live-view")).to_be_visible()
    expect(page.locator("#period-view")).to_be_hidden()

    _pick(page, "30")
    expect(page.locator("#live-view")).to_be_hidden()
    cards = page.locator("#period-charts .chart-card")
    expect(cards).to_have_count(len(CHARTS))
    assert [cards.nth(i).get_attribute("data-chart") for i in range(len(CHARTS))] == CHARTS
    resolution = page.locator(".chart-card[data-chart=resolution]")
    expect(resolution.locator("h3")).to_have_text("AI resolution, hand-overs and reopenings")
    chart = resolution.locator("svg[role=img]")
    expect(chart).to_have_attribute("aria-label", "AI resolution, hand-overs and reopenings")
    expect(chart.locator(".legend-label")).to_have_text(["AI resolution", "Handed over", "Reopened"])
    expect(chart.locator(".tick", has_text="100%")).to_have_count(1)
    assert chart.locator("polyline").count() >= 1
    # The summary is the API's, as text.
    since, until = _days(30)
    outcomes = _api(history_server, f"/api/v1/metrics/summary?since={since}&until={until}")["outcomes"]
    assert isinstance(outcomes, dict)
    expect(page.locator("#period-tiles [data-figure=conversations] .tile-value")).to_have_text(
        f"{outcomes['conversations']:,}"
    )
    page.evaluate("document.getElementById('period-picker').scrollIntoView()")
    screenshot(page, "period-30-days", docs="supervisor-period")
    # The figures as a table, one row a day.
    volume = page.locator(".chart-card[data-chart=volume]")
    volume.locator("summary").click()
    expect(volume.locator("tbody tr")).to_have_count(30)

    with page.expect_download() as download:
        page.click("#period-csv")
    saved = download.value
    assert saved.suggested_filename == f"tandem-metrics-{since}-{_days(1)[0]}.csv"
    rows = Path(saved.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("start,conversations,ai_resolution_rate") and len(rows) == 31
    expect(page.locator("#period-notice")).to_contain_text("Saved tandem-metrics-")

    # Two days are drawn by the hour; dates the wrong way round are refused with a word.
    page.check("input[name=period][value=custom]")
    yesterday, today = _days(2)[0], _days(1)[0]
    page.fill("#period-from", yesterday)
    page.fill("#period-to", today)
    page.click("#period-custom button[type=submit]")
    expect(page.locator("#period-view")).to_have_attribute("data-loaded", "true")
    volume.locator("summary").click()
    expect(volume.locator("tbody tr")).to_have_count(48)
    page.fill("#period-from", today)
    page.fill("#period-to", yesterday)
    page.click("#period-custom button[type=submit]")
    expect(page.locator("#period-error")).to_have_text("The end date is before the start date.")
    # A period with nothing in it says so.
    page.fill("#period-from", "2020-01-01")
    page.fill("#period-to", "2020-01-31")
    page.click("#period-custom button[type=submit]")
    expect(page.locator("#period-empty")).to_be_visible()
    expect(page.locator("#period-empty")).to_have_text("No conversation and no agent at work in this period.")
    expect(page.locator("#period-error")).to_be_hidden()
    expect(page.locator("#period-charts .chart-card")).to_have_count(0)


def test_the_live_view_keeps_updating(history_server: str, new_page: Callable[[], Page]) -> None:
    page = new_page()
    sign_in(page, history_server, "sam", path="/supervisor")
    before = int(page.locator("#tile-conversations [data-value]").inner_text().replace(",", ""))
    _pick(page, "7")
    shop = new_page()
    shop.goto(f"{history_server}/?domain=ecommerce&lang=en")
    ask(shop, ANSWERED_BY_THE_AI)
    page.check("input[name=period][value=today]")
    expect(page.locator("#live-view")).to_be_visible()
    expect(page.locator("#period-view")).to_be_hidden()
    expect(page.locator("#tile-conversations [data-value]")).to_have_text(f"{before + 1:,}")


def test_the_period_in_french(history_server: str, new_page: Callable[[], Page]) -> None:
    page = new_page()
    sign_in(page, history_server, "sam", path="/supervisor")
    page.click(".lang-switch a[data-lang=fr]")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".period-choices legend")).to_have_text("Période")
    _pick(page, "90")
    expect(page.locator(".chart-card[data-chart=resolution] h3")).to_have_text(
        "Résolution par l'IA, transmissions et réouvertures"
    )
    expect(page.locator("#period-csv")).to_have_text("Télécharger le CSV")
    expect(page.locator("#period-tiles [data-figure=service_level] .tile-label")).to_have_text("Niveau de service")
    expect(page.locator(".chart-card[data-chart=occupancy] .mark-label")).to_have_text("Plafond de 85 %")
    screenshot(page, "period-90-days-fr")
    # The period picked stays when the language changes.
    page.click(".lang-switch a[data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("input[name=period][value='90']")).to_be_checked()
    expect(page.locator("#period-view")).to_have_attribute("data-loaded", "true")
    expect(page.locator(".chart-card[data-chart=resolution] h3")).to_have_text(
        "AI resolution, hand-overs and reopenings"
    )


def test_the_customers_yes_and_no_reach_the_server(history_server: str, new_page: Callable[[], Page]) -> None:
    since, until = _days(1)
    path = f"/api/v1/metrics/summary?since={since}&until={until}"

    def confirmed() -> int:
        outcomes = _api(history_server, path)["outcomes"]
        assert isinstance(outcomes, dict)
        return int(outcomes["ai_resolution"]["confirmed"])

    before = confirmed()
    shop = new_page()
    shop.goto(f"{history_server}/?domain=ecommerce&lang=en")
    ask(shop, "where is my order")  # the AI asks for the number: not an answer to confirm
    expect(shop.locator(".message-ai")).to_have_count(1)
    expect(shop.locator("#widget-answered")).to_be_hidden()
    ask(shop, ANSWERED_BY_THE_AI)
    expect(shop.locator("#widget-answered")).to_be_visible()
    expect(shop.locator("#answered-question")).to_have_text("Did this answer your question?")
    shop.locator("#widget-answered button[data-answered=true]").focus()
    shop.keyboard.press("Enter")
    expect(shop.locator("#widget-answered-said")).to_have_text("Thank you for telling us!")
    expect(shop.locator("#widget-answered")).to_be_hidden()
    assert confirmed() == before + 1
    # The AI helped: its help may be rated now, and the rating counts for the AI.
    rated_ai = int(_api(history_server, path)["outcomes"]["csat"]["ai"]["count"])
    expect(shop.locator("#widget-csat")).to_be_visible()
    shop.click("#widget-csat button[data-score='5']")
    expect(shop.locator("#widget-csat")).to_be_hidden()
    assert int(_api(history_server, path)["outcomes"]["csat"]["ai"]["count"]) == rated_ai + 1

    # In French, "Non" offers a person, and asking for one hands the conversation over.
    other = new_page()
    other.goto(f"{history_server}/?domain=ecommerce&lang=fr")
    ask(other, "Combien coûte la livraison ?")
    expect(other.locator("#answered-question")).to_have_text("Cela répond-il à votre question ?")
    expect(other.locator("#widget-answered button")).to_have_text(["Oui", "Non"])
    other.click("#widget-answered button[data-answered=false]")
    expect(other.locator("#widget-person-text")).to_contain_text("Voulez-vous parler à un conseiller ?")
    expect(other.locator("#widget-ask-person")).to_be_focused()
    screenshot(other, "widget-answered-no-fr")
    other.keyboard.press("Enter")
    expect(other.locator(".message-customer .message-text").last).to_have_text(
        "Je voudrais parler à un conseiller, s'il vous plaît."
    )
    expect(other.locator("#widget-status")).to_have_attribute("data-status", "queued")
    assert confirmed() == before + 1  # a "no" is not a confirmation
