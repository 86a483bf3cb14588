"""What the log filter hides, and what it must leave readable."""

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.api import log_redaction
from tandem.api.log_redaction import RedactSecrets, redact_secrets

JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjOjEyMyJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('GET /api/v1/ws?token=abc.def-123 HTTP/1.1" 101', 'GET /api/v1/ws?token=[REDACTED] HTTP/1.1" 101'),
        ("/x?lang=en&access_token=s3cr3t&page=2", "/x?lang=en&access_token=[REDACTED]&page=2"),
        ("/maps?key=AIzaSyA-1234&q=paris", "/maps?key=[REDACTED]&q=paris"),
        ("/hook?api_key=k_live_42", "/hook?api_key=[REDACTED]"),
        ("Authorization: Bearer abcdefgh12345678", "Authorization: Bearer [REDACTED]"),
        ("authorization: basic dXNlcjpwYXNzd29yZA==", "authorization: basic [REDACTED]"),
        ('{"username": "sam", "password": "hunter2!"}', '{"username": "sam", "password": "[REDACTED]"}'),
        ("password: hunter2", "password: [REDACTED]"),
        (f"token {JWT} refused", "token [REDACTED] refused"),
        ("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJhOjEifQ.", "unsigned [REDACTED]"),
    ],
)
def test_secrets_are_redacted(line: str, expected: str) -> None:
    assert redact_secrets(line) == expected
    assert redact_secrets(expected) == expected  # twice changes nothing more


@pytest.mark.parametrize(
    "line",
    [
        '127.0.0.1:5000 - "GET /api/v1/conversations/2f1c0c1e-5b7a-4f7e-9a43-3f1e2c9b1d00/messages HTTP/1.1" 200',
        "missing bearer token",
        "monkey=banana, keyboard=fr",
        "tandem.conversations.assignment routing pass failed",
        "revealed message 12 of conversation 2f1c0c1e to agent 3",
    ],
)
def test_ordinary_lines_are_kept(line: str) -> None:
    assert redact_secrets(line) == line


# Pieces of log lines, secrets in every form the patterns know, with odd casing and the letters that match
# ASCII ones only when case is ignored (long s, Kelvin sign, dotted capital I).
_PIECES = st.sampled_from(
    [
        "token=",
        "TOKEN=",
        "api-key=",
        "pwd=",
        "&",
        "?",
        " ",
        ":",
        ": ",
        '"',
        "'",
        '"password"',
        "'secret'",
        "=",
        "Bearer ",
        "BASIC ",
        "baſic ",
        "bearer\t",
        "password",
        "PASSWD",
        "api_key",
        "secret",
        "eyJ",
        "eyJhbGciOi",
        ".",
        "..",
        "abcdefghijklmnopqrstuvwxyz",
        "0123456789ABCDEF",
        "-_",
        "K",
        "İ",
        "é",
        "/api/v1/x",
        "127.0.0.1",
        "[REDACTED]",
        "\n",
        "sig=",
        "auth",
    ]
)


@given(st.lists(_PIECES, max_size=14).map("".join))
def test_checking_what_a_pattern_needs_first_changes_no_line(line: str) -> None:
    # The cheap checks only skip a pattern that could not match: every pattern run on every line gives the same.
    expected = line
    for pattern, replacement, _needed in log_redaction._PATTERNS:
        expected = pattern.sub(replacement, expected)
    assert redact_secrets(line) == expected


def test_the_filter_redacts_arguments_in_place_and_tracebacks() -> None:
    try:
        raise ValueError(f"bad token {JWT}")
    except ValueError as error:
        record = logging.LogRecord(
            "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s"', ("1.2.3.4:5", "GET", f"/?token={JWT}"), None
        )
        failed = logging.LogRecord("tandem", logging.ERROR, __file__, 1, "failed: %s (%d)", (error, 7), None)
        failed.exc_info = (type(error), error, error.__traceback__)

    assert RedactSecrets().filter(record) and RedactSecrets().filter(failed)

    assert record.args == ("1.2.3.4:5", "GET", "/?token=[REDACTED]")  # still three: uvicorn unpacks them
    assert logging.Formatter().format(failed).count(JWT) == 0
    assert "failed: bad token [REDACTED] (7)" in logging.Formatter().format(failed)
