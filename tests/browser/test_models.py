"""The supervisor's models screen, in French: a rejected version says which held-out figures fell. The server's
answer is the real one, with a rejected version added (tests/integration/api/test_model_rejection.py checks that
the API records and returns it). That "Training…" shows on the domain being retrained only is the API's part
(tests/unit/models/test_admin.py): this server serves one domain."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from .helpers import screenshot, sign_in

pytestmark = pytest.mark.browser

REJECTED = {
    "id": 99,
    "status": "rejected",
    "created_at": "2026-11-24T09:00:00Z",
    "promoted_at": None,
    "data": {"learned_ids": [7], "probation": None},
    "metrics": {"score": 0.9512},
    "calibration": {"answer": None},
    "rejection": [
        {"measure": "score", "language": None, "before": 0.963, "after": 0.9512, "allowed": 0.9605},
        {"measure": "answer_rate", "language": "fr", "before": 0.61, "after": 0.55, "allowed": None},
        {"measure": "missed_escalations", "language": "en", "before": 1, "after": 3, "allowed": None},
    ],
}


def _models(route: Route) -> None:
    if route.request.method != "GET" or not route.request.url.endswith("/api/v1/models/ecommerce"):
        route.continue_()
        return
    view: dict[str, Any] = route.fetch().json()
    route.fulfill(json={**view, "training": False, "versions": [REJECTED, *view["versions"]]})


def test_a_rejected_version_says_why_in_french(server: str, new_page: Callable[[], Page]) -> None:
    page = new_page()
    page.route("**/api/v1/models/*", _models)
    sign_in(page, server, "sam", path="/supervisor")
    page.goto(f"{server}/supervisor?lang=fr")
    expect(page.locator("#models")).to_have_attribute("data-loaded", "true")

    shop = page.locator("#models .model-domain[data-domain=ecommerce]")
    expect(shop.locator("tbody tr[data-version='99'] .badge")).to_have_text("Refusée")
    why = shop.locator("tr.model-why[data-why-for='99']")
    expect(why).to_contain_text("Non mise en service, car :")
    reasons = why.locator("li")
    expect(reasons).to_have_count(3)
    expect(reasons.nth(0)).to_have_text(
        "score sur le jeu de test de 0,9512, sous celui de la version en service (0,9630, soit −1,2 pts ; "
        "il fallait au moins 0,9605)"
    )
    expect(reasons.nth(1)).to_have_text(
        "Français : part des questions résolues par l'IA en baisse, de 61,0\u202f% à 55,0\u202f% (−6,0 pts)"
    )
    expect(reasons.nth(2)).to_have_text("English : transferts manqués en hausse, de 1 à 3")
    expect(shop.locator("tbody tr[data-version='99']")).to_contain_text("24 nov. 2026")
    expect(shop.locator(".model-training")).to_be_hidden()
    why.scroll_into_view_if_needed()
    screenshot(page, "13-supervisor-model-rejected-fr")


def test_a_versions_date_names_its_month(server: str, new_page: Callable[[], Page]) -> None:
    """The browser reads en-GB: 24 November is "24 Nov 2026", never the "11/24/2026" of the page's bare "en"."""
    page = new_page()
    page.route("**/api/v1/models/*", _models)
    sign_in(page, server, "sam", path="/supervisor")
    expect(page.locator("#models")).to_have_attribute("data-loaded", "true")

    row = page.locator("#models .model-domain[data-domain=ecommerce] tbody tr[data-version='99']")
    expect(row).to_contain_text("24 Nov 2026")
    expect(row).not_to_contain_text("11/24/2026")
