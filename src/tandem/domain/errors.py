"""Domain errors. They carry no transport detail (no HTTP status, no exit code)."""

import math


class TandemError(Exception):
    """Base class of every error Tandem raises on purpose."""


class InvalidInput(TandemError):
    """The caller gave data Tandem cannot work with (empty text, wrong columns, ...)."""


class NotFound(TandemError):
    """A named thing (pack, intent, order, model file) does not exist."""


class ConnectorError(TandemError):
    """A business system could not answer (timeout, refused, malformed reply)."""


class ModelError(TandemError):
    """An intent model file is missing, corrupt or of an unsupported version."""


class Conflict(TandemError):
    """The request clashes with the current state (already resolved, name taken, already assigned, ...)."""


class Unauthorized(TandemError):
    """No valid credentials: unknown user, wrong password, missing or bad token."""


class Forbidden(TandemError):
    """Valid credentials that do not allow this (a customer reading another conversation, ...)."""


class TooLarge(TandemError):
    """The input is over a size limit (a message longer than the service accepts, ...)."""


class TooManyRequests(TandemError):
    """Over a rate limit or the login throttle; `retry_after` is how many whole seconds to wait."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        # At least a second: a client told "0" would retry at once, which is what the limit is against.
        self.retry_after = max(1, math.ceil(retry_after))
