"""Request dependencies: the container and the authenticated caller."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tandem.api.container import Container
from tandem.domain.access import Principal
from tandem.domain.errors import Unauthorized

_bearer = HTTPBearer(auto_error=False)


def container(request: Request) -> Container:
    built: Container = request.app.state.container
    return built


def principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None:
        raise Unauthorized("missing bearer token")
    return container(request).tokens.principal(credentials.credentials)


Services = Annotated[Container, Depends(container)]
Caller = Annotated[Principal, Depends(principal)]
