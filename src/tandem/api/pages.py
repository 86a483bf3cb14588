"""The three browser pages (shop with chat widget, agent workspace, supervisor dashboard) and their static files.

Pages are static shells: every piece of data reaches them through the JSON API and the WebSocket, from JS.
"""

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import tandem
from tandem.domain.packs import in_language
from tandem.packs.catalog import find_pack, pack_names
from tandem.web import DEFAULT_DOMAIN, LANGUAGES, STATIC_DIR, TEMPLATES_DIR, pick_language, strings
from tandem.web.shops import shop_of

# No inline script runs and nothing loads from elsewhere: a slip in escaping still cannot execute.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

# The parts of the catalog each page's scripts read (the template itself may use all of it).
SCRIPT_SECTIONS = {
    "shop": ("common", "widget", "status"),
    "agent": ("common", "workspace", "status", "agent_status", "reasons", "entities", "domains", "wellbeing"),
    "supervisor": ("common", "dashboard", "status", "agent_status", "reasons", "domains", "wellbeing"),
}

templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=jinja2.StrictUndefined
    )
)
router = APIRouter(include_in_schema=False)


def _render(
    request: Request, page: str, template: str, keep: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    lang = pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    catalog = _with_pack_names(strings(lang), context.get("domains", ()), lang)
    context.update(
        page=page,
        lang=lang,
        languages=LANGUAGES,
        # Switching language keeps what else the page was showing (the shop's domain).
        lang_links={code: "?" + urlencode({**(keep or {}), "lang": code}) for code in LANGUAGES},
        t=catalog,
        script_strings={section: catalog[section] for section in SCRIPT_SECTIONS[page]},
        version=tandem.__version__,
    )
    response = templates.TemplateResponse(request, template, context)
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language"
    return response


def _with_pack_names(catalog: dict[str, Any], domains: Iterable[str], language: str) -> dict[str, Any]:
    """The catalog, with each company pack named by its title where the catalog has no name for it."""
    missing = [d for d in domains if d not in catalog["domains"]]
    if not missing:
        return catalog
    titles = {d: in_language(find_pack(d).title, language) for d in missing}
    return {**catalog, "domains": {**catalog["domains"], **titles}}


def _served(request: Request) -> tuple[str, ...]:
    """The domains this server serves (TANDEM_DOMAINS): built-in packs first, then the company's own."""
    container = getattr(request.app.state, "container", None)  # pages alone (no service): every pack found
    known = pack_names()
    served = container.settings.served_domains if container is not None else known
    return tuple(d for d in known if d in served) or known


@router.get("/", response_class=HTMLResponse)
def shop(request: Request, domain: str = DEFAULT_DOMAIN) -> HTMLResponse:
    """The demo shop of one domain, with the customer chat widget."""
    domains = _served(request)
    domain = domain if domain in domains else (DEFAULT_DOMAIN if DEFAULT_DOMAIN in domains else domains[0])
    lang = pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    catalog = strings(lang)
    shops = {code: shop_of(code, lang, catalog, find_pack(code)) for code in domains}
    return _render(request, "shop", "shop.html", keep={"domain": domain}, domain=domain, domains=domains, shops=shops)


@router.get("/agent", response_class=HTMLResponse)
def agent(request: Request) -> HTMLResponse:
    """The agent workspace."""
    return _render(request, "agent", "agent.html", domains=_served(request))


@router.get("/supervisor", response_class=HTMLResponse)
def supervisor(request: Request) -> HTMLResponse:
    """The supervisor dashboard."""
    return _render(request, "supervisor", "supervisor.html", domains=_served(request))


class _RevalidatedStaticFiles(StaticFiles):
    """Static files a browser revalidates before each use (ETag / Last-Modified: a 304 while unchanged). A page's
    entry module carries `?v=version`, but the modules it imports are named by plain relative URLs: none of them
    may come from a heuristic cache once a new version is out."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        return response


def install(app: FastAPI) -> None:
    """Serve the pages and `/static` on `app`."""
    app.include_router(router)
    app.mount("/static", _RevalidatedStaticFiles(directory=STATIC_DIR), name="static")
