"""Insults masked for the staff: every occurrence, any case, the longer term first; the customer's copy intact."""

from datetime import UTC, datetime

from tandem.domain.conversations import Author, Message
from tandem.domain.meta import load_meta
from tandem.domain.shielding import MASK, for_staff, mask_terms

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def message(text: str, author: Author = Author.CUSTOMER, **meta: object) -> Message:
    return Message(1, "c1", author, text, NOW, meta=load_meta(dict(meta)))


def test_every_occurrence_of_each_term_is_masked_whatever_its_case() -> None:
    assert mask_terms("Idiots! you IDIOTS", ["idiots"]) == f"{MASK}! you {MASK}"
    assert mask_terms("you stupid bot, stupid", ["stupid", "you stupid"]) == f"{MASK} bot, {MASK}"
    assert mask_terms("a.b (c)", ["a.b", "(c)"]) == f"{MASK} {MASK}"  # terms are text, not patterns
    assert mask_terms("nothing here", []) == mask_terms("nothing here", ["  "]) == "nothing here"


def test_the_mask_does_not_tell_the_length_of_the_word() -> None:
    assert mask_terms("morons", ["morons"]) == mask_terms("idiot", ["idiot"]) == MASK


def test_staff_see_abusive_customer_messages_masked_and_flagged() -> None:
    abusive = message("where is my parcel, idiots?", abuse=True, abuse_terms=["idiots"])
    shown = for_staff(abusive)
    assert (shown.text, shown.masked) == (f"where is my parcel, {MASK}?", True)
    assert (abusive.text, abusive.masked) == ("where is my parcel, idiots?", False)


def test_without_recorded_terms_the_whole_message_is_masked() -> None:
    assert for_staff(message("#@!", abuse=True)).text == MASK


def test_other_messages_are_left_as_they_are() -> None:
    calm = message("where is my parcel?", abuse=False, abuse_terms=[])
    agent = message("idiots", Author.AGENT, abuse=True, abuse_terms=["idiots"])
    assert for_staff(calm) is calm
    assert for_staff(agent) is agent
