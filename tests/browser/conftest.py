"""Browser tests: the real server (`tandem serve --demo`) in a subprocess, driven through Debian's Chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from .helpers import ARTIFACTS, VIEWPORT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
# The first start trains the pack's model: about a minute on an idle machine, several on a busy one.
STARTUP_SECONDS = float(os.environ.get("TANDEM_BROWSER_STARTUP_SECONDS", "240"))

# The routing pass runs every couple of seconds and the AI answers synchronously: a few seconds is plenty,
# the margin is for slow CI machines.
expect.set_options(timeout=20_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


@contextmanager
def running_server(
    data_dir: Path, model_dir: Path, name: str = "server", settings: dict[str, str] | None = None
) -> Iterator[str]:
    """A real Tandem server serving the e-commerce pack with the demo accounts: its own database in `data_dir`,
    pack models cached in `model_dir` (shared, so each trains once). `settings` (TANDEM_* variables) override
    the defaults. Yields its base URL; logs to artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    env = {
        **os.environ,
        "TANDEM_DATA_DIR": str(data_dir),
        "TANDEM_DOMAINS": "ecommerce",  # one pack: startup trains one model
        "TANDEM_MODEL_DIR": str(model_dir),
        # Every simulated customer and agent shares 127.0.0.1: per-address limits would count them as one client.
        "TANDEM_RATE_ADDRESS_CONVERSATIONS": "0",
        "TANDEM_RATE_ADDRESS_MESSAGES": "0",
        "TANDEM_LOGIN_FAILURES_PER_ADDRESS": "0",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        **(settings or {}),
    }
    log_path = ARTIFACTS / f"{name}.log"
    command = [sys.executable, "-m", "tandem", "serve", "--demo", "--port", str(port)]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _healthy(base):
                if process.poll() is not None:
                    pytest.fail(f"tandem serve exited with {process.returncode}:\n{_tail(log_path)}")
                if time.monotonic() > deadline:
                    pytest.fail(f"tandem serve not healthy after {STARTUP_SECONDS:.0f} s:\n{_tail(log_path)}")
                time.sleep(0.5)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[str]:
    """Base URL of the server the browser tests share."""
    with running_server(tmp_path_factory.mktemp("server-data"), model_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Opens pages in fresh browser contexts (separate sessionStorage: separate people); fails the test on a
    JavaScript error in any of them."""
    contexts = []
    errors: list[str] = []

    def open_page() -> Page:
        context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"
