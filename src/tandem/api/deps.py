"""Request dependencies: the container, the authenticated caller and the client's address."""

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
