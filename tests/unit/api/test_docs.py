"""/docs and /redoc exist in demo mode only, under a policy that lets only their own files run; the OpenAPI
document stays public."""

import base64
import hashlib
import re
from pathlib import Path

from fastapi.testclient import TestClient

from tandem.api.app import create_app
from tandem.settings import Settings


def _client(tmp_path: Path, demo: bool) -> TestClient:
    # No lifespan: these pages need neither the database nor the models.
    return TestClient(create_app(Settings(demo=demo, secret_key="k" * 48, data_dir=tmp_path)))


def test_outside_demo_mode_the_pages_are_gone_and_the_contract_stays(tmp_path: Path) -> None:
    client = _client(tmp_path, demo=False)

    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs/oauth2-redirect").status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "Tandem"


def test_in_demo_mode_swagger_ui_runs_only_its_own_script(tmp_path: Path) -> None:
    response = _client(tmp_path, demo=True).get("/docs")

    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"] and "*" not in policy["script-src"]
    (inline,) = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy["script-src"].split()
    for url in re.findall(r'<script src="([^"]+)"', response.text):
        assert any(url.startswith(source) for source in policy["script-src"].split()), url


def test_in_demo_mode_redoc_has_a_policy_too(tmp_path: Path) -> None:
    response = _client(tmp_path, demo=True).get("/redoc")

    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    (script,) = re.findall(r'<script src="([^"]+)"', response.text)
    assert f"script-src {script.rsplit('/', 1)[0]}/;" in policy
