"""Abuse shielding: agents see a customer's insults masked, and may reveal a message on purpose.

The customer always sees their own words. Staff get each abusive message with the offending terms replaced by
`MASK` (the same length whatever the word, so its length gives nothing away) and `masked` set; revealing the
original is an explicit, audited action (`ConversationService.reveal`).
"""

import re
from collections.abc import Sequence
from dataclasses import replace

from tandem.domain.conversations import Author, Message

MASK = "•••••"


def mask_terms(text: str, terms: Sequence[str], mask: str = MASK) -> str:
    """`text` with every occurrence of each term (any case) replaced by `mask`; longer terms first, so a term
    inside another ("you stupid" / "stupid") goes with the longer one."""
    wanted = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not wanted:
        return text
    pattern = re.compile("|".join(re.escape(t) for t in wanted), re.IGNORECASE)
    return pattern.sub(mask, text)


def for_staff(message: Message) -> Message:
    """The message as agents and supervisors see it: a customer's abusive message with its insults masked
    (wholly, when the terms were not recorded), its vulgar swearing masked too (recorded as terms, though
    swearing alone is not abuse), anything else as it is."""
    if message.author != Author.CUSTOMER or not (message.meta.abuse or message.meta.abuse_terms):
        return message
    terms = list(message.meta.abuse_terms)
    masked = mask_terms(message.text, terms) if terms else MASK
    return replace(message, text=masked, masked=True)
