"""The page shells without a browser: language choice, domains, security headers, the strings the scripts use."""

import json
import re
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tandem.api import pages
from tandem.settings import Settings
from tandem.web import LANGUAGES, STATIC_DIR, pick_language, strings


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    pages.install(app)
    return TestClient(app)


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return type(value).__name__


def _embedded_strings(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="tandem-strings">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_every_language_has_the_same_keys() -> None:
    assert _shape(strings("fr")) == _shape(strings("en"))


@pytest.mark.parametrize(
    ("requested", "header", "expected"),
    [
        ("fr", "en-GB,en", "fr"),
        ("EN", "fr", "en"),
        ("de", "de-DE,fr;q=0.8,en;q=0.5", "fr"),
        (None, "en;q=0.3, fr-CA;q=0.9", "fr"),
        (None, "fr;q=0, en", "en"),
        (None, "de", "en"),
        (None, None, "en"),
        (None, "fr;q=nonsense, en;q=0.5", "en"),
    ],
)
def test_the_page_language(requested: str | None, header: str | None, expected: str) -> None:
    assert pick_language(requested, header) == expected


@pytest.mark.parametrize("path", ["/", "/?domain=logistics", "/?domain=telecom", "/agent", "/supervisor"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_renders_in_every_language(client: TestClient, path: str, lang: str) -> None:
    response = client.get(path, params={"lang": lang})
    assert response.status_code == 200
    assert response.headers["content-language"] == lang
    assert f'<html lang="{lang}">' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "<script>" not in response.text  # no inline script: the CSP would block it anyway


def test_accept_language_picks_the_page_language(client: TestClient) -> None:
    response = client.get("/agent", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert 'lang="fr"' in response.text
    assert "Espace conseiller" in response.text


def test_the_shop_shows_the_chosen_domain_and_falls_back_for_an_unknown_one(client: TestClient) -> None:
    telecom = client.get("/", params={"domain": "telecom", "lang": "en"}).text
    assert 'data-domain="telecom"' in telecom
    assert "Tandem Mobile" in telecom
    assert "?domain=telecom&amp;lang=fr" in telecom  # the language switch keeps the domain
    unknown = client.get("/", params={"domain": "<script>x</script>"}).text
    assert 'id="widget" aria-labelledby="widget-title" data-domain="ecommerce"' in unknown
    assert "<script>x" not in unknown


def test_static_files_are_served(client: TestClient) -> None:
    names = ("api.js", "widget.js", "agent.js", "handoff.js", "supervisor.js", "charts.js", "base.css")
    learning = ("intents.js", "assist.js", "lesson.js", "review.js", "models.js", "learning.css")
    for name in names + learning:
        assert client.get(f"/static/{name}").status_code == 200


def test_every_phrase_a_script_asks_for_exists(client: TestClient) -> None:
    page_of = {
        "widget.js": "/",
        "agent.js": "/agent",
        "handoff.js": "/agent",
        "supervisor.js": "/supervisor",
        "auth.js": "/agent",
        "assist.js": "/agent",
        "lesson.js": "/agent",
        "intents.js": "/agent",
        "review.js": "/supervisor",
        "models.js": "/supervisor",
    }
    for script, path in page_of.items():
        source = (STATIC_DIR / script).read_text(encoding="utf-8")
        keys = set(re.findall(r'T\.t\("([\w.]+)"[,)]', source))
        assert keys, script
        for lang in LANGUAGES:
            embedded = _embedded_strings(client.get(path, params={"lang": lang}).text)
            for key in keys:
                value: Any = embedded
                for part in key.split("."):
                    assert isinstance(value, dict) and part in value, f"{script}: {key} missing in {lang} on {path}"
                    value = value[part]
                assert isinstance(value, str)


def test_a_server_offers_only_the_domains_it_serves() -> None:
    served = FastAPI()
    pages.install(served)
    served.state.container = SimpleNamespace(settings=Settings(demo=True, domains="telecom"))
    page = TestClient(served)
    shop = page.get("/", params={"domain": "ecommerce", "lang": "en"}).text
    assert 'data-domain="telecom"' in shop and "?domain=ecommerce" not in shop  # falls back to a served one
    agent = page.get("/agent", params={"lang": "en"}).text
    assert '<option value="telecom">' in agent and '<option value="ecommerce">' not in agent
    assert 'data-domains="telecom"' in page.get("/supervisor", params={"lang": "en"}).text
