"""PII redaction applied before any text is stored, logged or sent to an external model.

Only checksum- or metadata-validated values are redacted (cards, IBANs, phones, e-mails): order and
tracking numbers are what the agents and the bot need, so they must survive untouched.
"""

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from tandem.nlu.contacts import find_emails, find_phones
from tandem.nlu.payment import find_cards, find_ibans

# National numbers are accepted in either region: redaction has no reliable language and errs on the
# side of removing a valid number.
_PHONE_REGIONS = ("FR", "GB")


class PiiKind(StrEnum):
    """What was redacted; `placeholder` is what replaces it."""

    # Declaration order is precedence when spans overlap: digits inside an e-mail, an IBAN body or a
    # card number can look like a phone number, and the longer value must go whole.
    EMAIL = "email"
    IBAN = "iban"
    CARD = "card"
    PHONE = "phone"

    @property
    def placeholder(self) -> str:
        return f"[{self.name}]"


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """`text[start:end]` is personal data of that kind."""

    kind: PiiKind
    start: int
    end: int


def find_pii(text: str) -> list[PiiSpan]:
    """Non-overlapping PII spans, sorted by start offset."""
    candidates = [PiiSpan(PiiKind.EMAIL, found.start, found.end) for found in find_emails(text)]
    candidates += [PiiSpan(PiiKind.IBAN, start, end) for start, end in find_ibans(text)]
    candidates += [PiiSpan(PiiKind.CARD, start, end) for start, end in find_cards(text)]
    candidates += [PiiSpan(PiiKind.PHONE, f.start, f.end) for f in find_phones(text, _PHONE_REGIONS)]
    kept: list[PiiSpan] = []
    for span in candidates:  # already in precedence order
        if all(span.end <= other.start or other.end <= span.start for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda span: span.start)


def redact(text: str, kinds: Collection[PiiKind] = tuple(PiiKind)) -> str:
    """Replace cards, IBANs, phones and e-mails (or only `kinds`) with [CARD], [IBAN], [PHONE], [EMAIL].

    Idempotent. Overlaps are resolved over every kind first, so a phone-looking run of digits inside an
    IBAN is never taken for a phone, whatever `kinds` asks for.
    """
    # A placeholder can free a neighbour that was glued to the removed value ("+33…+44…"), so scan again
    # until nothing is left; this terminates because every pass removes digits or an "@".
    while spans := [span for span in find_pii(text) if span.kind in kinds]:
        parts: list[str] = []
        position = 0
        for span in spans:
            parts += [text[position : span.start], span.kind.placeholder]
            position = span.end
        parts.append(text[position:])
        text = "".join(parts)
    return text


# What stored text never keeps: payment data. Phones and e-mails stay, because agents need them to help.
PAYMENT = (PiiKind.CARD, PiiKind.IBAN)


def redacted_url(url: str) -> str:
    """`url` without user info, query or fragment, which may carry credentials: safe to log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))
