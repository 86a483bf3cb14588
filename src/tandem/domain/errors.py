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
