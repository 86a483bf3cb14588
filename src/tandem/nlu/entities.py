"""Entity extraction: every finder proposes validated spans, the most specific one wins an overlap."""

from datetime import date

from tandem.domain.understanding import Entity, EntityKind
from tandem.nlu.amounts import find_amounts
from tandem.nlu.contacts import Found, find_emails, find_phones
from tandem.nlu.dates import find_dates
from tandem.nlu.orders import find_order_ids
from tandem.nlu.payment import find_cards, find_ibans
from tandem.nlu.tracking import find_tracking_numbers

# Higher rank wins an overlap. IBANs and cards are not entities but still claim their digits, so that an
# IBAN body or a card number is never read as an order or phone number. Checksum-validated formats
# outrank pattern-only ones; a bare 6–10 digit order number and the cue-gated generic tracking number
# are the weakest guesses.
_EMAIL, _IBAN, _CARD, _CARRIER_TRACKING, _PREFIXED_ORDER = 10, 9, 8, 7, 6
_PHONE, _DATE, _AMOUNT, _ORDER, _GENERIC = 5, 4, 3, 2, 1


def extract_entities(text: str, language: str = "en", *, today: date | None = None) -> tuple[Entity, ...]:
    """Validated entities sorted by start offset, without overlaps.

    `language` picks the home region of national phone numbers (fr -> FR, otherwise GB) and the reading of
    ambiguous numeric dates; `today` enables relative dates ("demain", "next monday"), never the clock.
    """
    french = language.lower().startswith("fr")
    # (rank, start, end, entity); blockers carry no entity.
    candidates: list[tuple[int, int, int, Entity | None]] = []
    candidates += [(_IBAN, start, end, None) for start, end in find_ibans(text)]
    candidates += [(_CARD, start, end, None) for start, end in find_cards(text)]
    ranked: list[tuple[int, Entity]] = [(_EMAIL, _entity(EntityKind.EMAIL, text, f)) for f in find_emails(text)]
    for found in find_phones(text, ("FR",) if french else ("GB",)):
        ranked.append((_PHONE, _entity(EntityKind.PHONE, text, found)))
    for entity in find_tracking_numbers(text):
        ranked.append((_GENERIC if entity.detail == "generic" else _CARRIER_TRACKING, entity))
    for entity in find_order_ids(text):
        ranked.append((_ORDER if entity.value.isdigit() else _PREFIXED_ORDER, entity))
    ranked += [(_DATE, entity) for entity in find_dates(text, language, today)]
    ranked += [(_AMOUNT, entity) for entity in find_amounts(text)]
    candidates += [(rank, entity.start, entity.end, entity) for rank, entity in ranked]

    candidates.sort(key=lambda candidate: (-candidate[0], candidate[1] - candidate[2], candidate[1]))
    kept: list[tuple[int, int, int, Entity | None]] = []
    for candidate in candidates:
        _, start, end, _ = candidate
        if all(end <= other[1] or other[2] <= start for other in kept):
            kept.append(candidate)
    return tuple(sorted((entity for *_, entity in kept if entity is not None), key=lambda e: e.start))


def _entity(kind: EntityKind, text: str, found: Found) -> Entity:
    return Entity(kind, text[found.start : found.end], found.value, found.start, found.end)
