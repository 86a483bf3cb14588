"""The interactive API pages, /docs (Swagger UI) and /redoc, in demo mode only, each under a Content-Security-
Policy that allows exactly what it loads. /openapi.json stays public: it is the contract, and holds no secret.

Both pages load their scripts from a CDN (no PyPI package ships them): a deployment has no use for them, and a
page that runs third-party code next to a login is a risk it need not take.
"""

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
REDOC = "https://cdn.jsdelivr.net/npm/redoc@2/bundles/"
FAVICON = "https://fastapi.tiangolo.com/img/favicon.png"
_COMMON = "default-src 'none'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def install(app: FastAPI, title: str) -> None:
    """Serve /docs and /redoc (create the app with docs_url=None and redoc_url=None)."""
    swagger = _text(
        get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{title} - API",
            swagger_js_url=f"{SWAGGER}swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}swagger-ui.css",
            swagger_favicon_url=FAVICON,
        )
    )
    redoc = _text(
        get_redoc_html(openapi_url="/openapi.json", title=f"{title} - API", redoc_js_url=f"{REDOC}redoc.standalone.js")
    )
    swagger_policy = (
        f"{_COMMON}; script-src {SWAGGER} {_hashes(swagger, 'script')}; "
        # Swagger UI styles its widgets with style attributes.
        f"style-src {SWAGGER} 'unsafe-inline'; img-src 'self' data: {FAVICON}"
    )
    redoc_policy = (
        f"{_COMMON}; script-src {REDOC}; worker-src blob:; "
        # ReDoc writes its own <style> elements and loads its fonts from Google.
        "style-src 'unsafe-inline' https://fonts.googleapis.com; font-src https://fonts.gstatic.com; "
        f"img-src 'self' data: {FAVICON}"
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(swagger, headers=_headers(swagger_policy))

    @app.get("/redoc", include_in_schema=False)
    def redoc_page() -> HTMLResponse:
        return HTMLResponse(redoc, headers=_headers(redoc_policy))


def _text(page: HTMLResponse) -> str:
    return bytes(page.body).decode()


def _hashes(page: str, kind: str) -> str:
    """CSP hash sources of the page's inline <script> (or <style>) elements: these run, nothing else inline."""
    digests = (hashlib.sha256(body.encode()).digest() for tag, body in _INLINE.findall(page) if tag == kind)
    return " ".join(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


def _headers(policy: str) -> dict[str, str]:
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
