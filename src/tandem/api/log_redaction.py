"""No log line carries a secret: tokens, passwords and API keys are replaced with [REDACTED] before any handler
writes a record, whoever logged it (uvicorn's access and error logs, Tandem's own loggers).

Secrets reach logs through URLs above all (`?token=…` in the access log), but also through exception messages
and carelessly formatted headers, so the filter works on the finished text, not on known fields.
"""

import logging
import re
from collections.abc import Callable, Mapping
from copy import deepcopy
from typing import Any

from uvicorn.config import LOGGING_CONFIG

REDACTED = "[REDACTED]"
_SECRET_NAMES = (
    r"(?:access_|refresh_|id_|auth_|api_|session_)?token|api[_-]?key|apikey|key|password|passwd|pwd"
    r"|(?:client_)?secret|signature|sig|authorization|auth"
)
_AUTH_SCHEME = re.compile(r"(?i)bearer|basic")
# Each pattern with what it cannot match without, checked first: most log lines (an access line's path, its
# address) hold none of it, and six regular expressions over each of their parts cost 60 µs a line (2026-12-07).
_PATTERNS: tuple[tuple[re.Pattern[str], str, Callable[[str], bool]], ...] = (
    # name=value, as in query strings and form bodies; also what an earlier pass already hid is left alone
    (
        re.compile(rf"(?i)(?<![A-Za-z0-9])({_SECRET_NAMES})=(?!\[REDACTED\])[^&\s\"';,]+"),
        rf"\1={REDACTED}",
        lambda text: "=" in text,
    ),
    # "name": "value", as in JSON
    (
        re.compile(rf"(?i)([\"']({_SECRET_NAMES})[\"']\s*:\s*[\"'])(?!\[REDACTED\])[^\"']+"),
        rf"\1{REDACTED}",
        lambda text: ":" in text and ('"' in text or "'" in text),
    ),
    # Authorization: Bearer …, Basic …
    (
        re.compile(r"(?i)\b(bearer|basic)\s+(?!\[REDACTED\])[A-Za-z0-9\-._~+/]{8,}=*"),
        rf"\1 {REDACTED}",
        lambda text: _AUTH_SCHEME.search(text) is not None,
    ),
    # password: value, as in headers or logfmt
    (
        re.compile(r"(?i)\b(password|passwd|secret|api[_-]?key)\s*:\s*(?![\"']|\[REDACTED\])\S+"),
        rf"\1: {REDACTED}",
        lambda text: ":" in text,
    ),
    # a JWT anywhere: its header always starts with '{"', base64url "eyJ"; the signature may be empty
    (
        re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"),
        REDACTED,
        lambda text: "eyJ" in text,
    ),
    # any other three long base64url parts separated by dots
    (
        re.compile(r"\b[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"),
        REDACTED,
        lambda text: text.count(".") >= 2,
    ),
)
# The loggers whose handlers get the filter. Handlers, not loggers: a logger's own filters skip the records
# its children propagate to it.
LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "tandem")


def redact_secrets(text: str) -> str:
    for pattern, replacement, needed in _PATTERNS:
        if needed(text):
            text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites each record's message, arguments and traceback; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_secrets(record.msg)
        # uvicorn's access formatter reads its arguments one by one: they are redacted in place, not merged.
        if isinstance(record.args, tuple):
            record.args = tuple(_redacted(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: _redacted(value) for key, value in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_secrets(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_secrets(record.stack_info)
        return True


def _redacted(value: object) -> object:
    if isinstance(value, str):
        return redact_secrets(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    # An object's text could hold a secret (an exception, a URL): only then is it replaced by the redacted
    # text, so that %r and %d keep formatting everything else as before.
    text = str(value)
    redacted = redact_secrets(text)
    return value if redacted == text else redacted


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the filter on every handler and Tandem's loggers at INFO."""
    config = deepcopy(LOGGING_CONFIG)
    config["filters"] = {"secrets": {"()": RedactSecrets}}
    for handler in config["handlers"].values():
        handler["filters"] = ["secrets"]
    config["loggers"]["tandem"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config


def install() -> None:
    """Put the filter on the handlers logging already has (however uvicorn was started), once each."""
    handlers = {handler for name in LOGGERS for handler in logging.getLogger(name).handlers}
    if logging.lastResort is not None:  # what prints warnings when no handler is configured at all
        handlers.add(logging.lastResort)
    for handler in handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
