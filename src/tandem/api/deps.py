"""Request dependencies: the container, the authenticated caller, the client's address and rate limits."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tandem.api.container import Container
from tandem.api.ratelimit import client_address
from tandem.domain.access import Principal
from tandem.domain.errors import Unauthorized

_bearer = HTTPBearer(auto_error=False)


def container(request: Request) -> Container:
    built: Container = request.app.state.container
    return built


# The dependencies below that only compute (no I/O, microseconds) are `async`: FastAPI then runs them on the
# event loop instead of handing each to a thread, which matters most for the requests a rate limit refuses.
async def _container(request: Request) -> Container:
    return container(request)


async def principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None:
        raise Unauthorized("missing bearer token")
    return container(request).tokens.principal(credentials.credentials)


async def address(request: Request) -> str:
    return client_address(request, container(request).settings.proxies)


Services = Annotated[Container, Depends(_container)]
Caller = Annotated[Principal, Depends(principal)]
Address = Annotated[str, Depends(address)]


# Route dependencies: FastAPI runs them before it validates the body and calls the handler, so a refused
# request costs no triage and no database. They stay plain functions (a thread each): with Redis they wait on I/O.
def limit_opening(services: Services, client: Address) -> None:
    services.limits.opening(client)


def limit_posting(services: Services, caller: Caller, client: Address) -> None:
    services.limits.posting(caller, client)
