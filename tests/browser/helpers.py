"""Steps the browser tests share: signing in, asking in the widget, screenshots."""

from pathlib import Path

from playwright.sync_api import Dialog, Page, expect

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "tandem-demo"  # every demo account's, seeded by --demo


def screenshot(page: Page, name: str, docs: str | None = None) -> None:
    """Saves the page in artifacts/ and, with `docs`, the copy the README shows."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    if docs:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        _save_small(path, SCREENSHOTS / f"{docs}.png")


def _save_small(source: Path, target: Path) -> None:
    """A palette PNG: a flat UI loses nothing visible and the file shrinks several times."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        small.save(target, optimize=True)


def sign_in(page: Page, base: str, username: str, path: str = "/agent") -> None:
    page.goto(f"{base}{path}?lang=en")
    page.fill("#login-username", username)
    page.fill("#login-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#login")).to_be_hidden()
    # The page has loaded its data and opened its live connection.
    expect(page.locator("[data-ready=true]")).to_have_count(1)


def set_status(page: Page, status: str) -> None:
    """The agent changes status, and means it: going on a break or offline with chats in hand asks first (the
    shared server may have left this agent one), and the answer is yes."""

    def confirm(dialog: Dialog) -> None:
        dialog.accept()

    page.on("dialog", confirm)
    try:
        page.check(f"input[name=agent-status][value={status}]")
        expect(page.locator("#status-switch")).to_have_attribute("data-status", status)
    finally:
        page.remove_listener("dialog", confirm)


def ask(page: Page, text: str) -> None:
    """Types a customer message in the widget and sends it with Enter."""
    page.fill("#widget-input", text)
    page.press("#widget-input", "Enter")
    expect(page.locator(".message-customer .message-text").last).to_have_text(text)
