"""Domain errors. They carry no transport detail (no HTTP status, no exit code)."""


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
