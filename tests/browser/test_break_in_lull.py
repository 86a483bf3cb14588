"""(16) A quiet moment near an agent's break: the workspace asks them to take it now, in their language, says no
new conversation comes until they do, and the banner goes once they are back from it. On a server of its own:
the agent's working time is moved forward in its database, which would upset the shared server's other tests."""

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import running_server
from .helpers import PASSWORD, screenshot, set_status, sign_in

pytestmark = pytest.mark.browser

WORKED = 5 * 3600 + 15 * 60  # the legal break falls due after 6 h of work: in 45 minutes


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp("lull-data")
    with running_server(data, model_dir, name="lull-server") as base:
        yield base, data / "tandem.db"


def _worked_since_break(database: Path, username: str, seconds: float) -> None:
    """As if the agent had worked `seconds` since their last break (today, this week), from now on."""
    with sqlite3.connect(database) as db:
        changed = db.execute(
            "UPDATE agents SET worked_since_break_seconds = ?, worked_seconds_today = ?, worked_seconds_week = ?"
            " WHERE username = ?",
            (seconds, seconds, seconds, username),
        ).rowcount
    assert changed == 1


def test_a_quiet_moment_near_the_break_asks_the_agent_to_take_it_now(
    quiet_server: tuple[str, Path], new_page: Callable[[], Page]
) -> None:
    base, database = quiet_server
    alice, farid = new_page(), new_page()
    sign_in(farid, base, "farid")
    set_status(farid, "available")  # a colleague who can take over
    alice.goto(f"{base}/agent?lang=fr")
    alice.fill("#login-username", "alice")
    alice.fill("#login-password", PASSWORD)
    alice.click("#login-form button[type=submit]")
    expect(alice.locator("[data-ready=true]")).to_have_count(1)
    set_status(alice, "available")
    banner = alice.locator("#break-banner")
    expect(banner).to_be_hidden()

    _worked_since_break(database, "alice", WORKED)  # the next routing pass finds nobody waiting
    expect(banner).to_be_visible()
    expect(banner).to_have_text(
        "C'est calme : bon moment pour votre pause. Plus de nouvelle conversation avant de l'avoir prise "
        "(20 min au moins)."
    )
    screenshot(alice, "16-agent-break-in-lull-fr", docs="agent-break-in-lull")
    expect(farid.locator("#break-banner")).to_be_hidden()  # the colleague who stays is not asked

    set_status(alice, "break")
    expect(banner).to_be_hidden()
    set_status(farid, "offline")
