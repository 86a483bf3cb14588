"""Domain errors to HTTP statuses, in one place. Bad input never becomes a 500."""

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
