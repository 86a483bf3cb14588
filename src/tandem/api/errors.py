"""Domain errors to HTTP statuses, in one place. Bad input never becomes a 500, nor does a database or a Redis that
does not answer: that is a 503 with Retry-After, and one line in the log."""

import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sql_errors

from tandem.api import redis_outage
from tandem.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TandemError,
    TooLarge,
    TooManyRequests,
    Unauthorized,
)

log = logging.getLogger(__name__)
# A database that refuses connections, dropped one, stayed locked past its timeout, or a pool that found no
# connection in time; Redis that refused, dropped or timed out.
UNAVAILABLE = (sql_errors.OperationalError, sql_errors.TimeoutError, *redis_outage.FAILURES)
RETRY_AFTER_SECONDS = 5

STATUS = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    Unauthorized: 401,
    Forbidden: 403,
    TooLarge: 413,
    TooManyRequests: 429,
}


def install(app: FastAPI) -> None:
    @app.exception_handler(TandemError)
    async def domain_error(request: Request, exc: TandemError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 400)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Pydantic's own list of problems, without echoing the (possibly personal) input values back.
        problems = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"detail": jsonable_encoder(problems)}, status_code=422)

    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        if request.scope["type"] != "http":  # a live socket: no status to give, it closes as an error does
            raise exc
        cause = getattr(exc, "orig", None) or exc  # the driver's own error: no SQL, no parameters
        which = "Redis" if isinstance(exc, redis_outage.FAILURES) else "the database"
        log.warning("%s %s: 503, %s did not answer (%s)", request.method, request.url.path, which, type(cause).__name__)
        detail = "a service this server needs did not answer; try again in a moment"
        return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    for kind in UNAVAILABLE:
        app.add_exception_handler(kind, unavailable)
