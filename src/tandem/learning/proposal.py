"""What resolving a conversation proposes to teach: the customer's real question and the agent's real answer.

Not the last lines: a customer's last message before the hand-over may be only "[EMAIL]" (their address,
redacted), "?" or "thanks", and an agent's last one "Anything else I can do for you?". The question is the
customer message the AI handed over on (`question_of`), or the last one before it with substance; the answer,
the agent's messages with substance, in order. Nothing, rather than noise, when none has any (the lesson is
optional). English and French.
"""

import re
import unicodedata
from collections.abc import Sequence

from tandem.domain.conversations import Author, Message
from tandem.domain.questions import question_of
from tandem.domain.shielding import MASK, for_staff

# Words a message needs, besides pleasantries and placeholders, to be worth teaching: a question of one word is
# a nudge ("refund?"), an answer may be one ("No.", "Tomorrow.").
QUESTION_WORDS = 2
ANSWER_WORDS = 1
_PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")  # the redaction tokens: [EMAIL], [PHONE], [CARD], [IBAN]...
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def _phrases(*phrases: str) -> tuple[re.Pattern[str], ...]:
    """A pattern per phrase as compared (whole words, accent-free), longest first (so "un instant s'il vous
    plait" goes before "un instant"); compiled once, not for every message read."""
    plain = sorted((" ".join(_WORD.findall(_plain(phrase))) for phrase in phrases), key=len, reverse=True)
    return tuple(re.compile(rf"(?<!\S){re.escape(phrase)}(?!\S)") for phrase in plain)


# Courtesy that carries no answer (compared accent-free, lower-case, without punctuation).
_PLEASANTRIES = _phrases(
    "is there anything else I can do for you",
    "anything else I can do for you",
    "anything else I can help you with",
    "is there anything else",
    "how can I help you today",
    "how can I help you",
    "how can I help",
    "how may I help you",
    "you're welcome",
    "you are welcome",
    "thank you for your patience",
    "thank you for contacting us",
    "thank you",
    "thanks",
    "have a nice day",
    "have a good day",
    "let me check",
    "one moment please",
    "one moment",
    "good morning",
    "good afternoon",
    "hello",
    "hi",
    "hey",
    "goodbye",
    "bye",
    "puis je faire autre chose pour vous",
    "puis je vous aider pour autre chose",
    "y a t il autre chose",
    "autre chose",
    "comment puis je vous aider",
    "que puis je faire pour vous",
    "je vous en prie",
    "de rien",
    "merci de votre patience",
    "merci pour votre patience",
    "merci beaucoup",
    "merci",
    "bonne journee",
    "bonne soiree",
    "je regarde",
    "je verifie",
    "un instant",
    "un instant s'il vous plait",
    "bonjour",
    "bonsoir",
    "salut",
    "au revoir",
)

# A customer's acknowledgements: an agent's "No." is an answer, a customer's "no" after one is not a question.
_ACKNOWLEDGEMENTS = _phrases("ok", "okay", "sure", "yes", "no", "d'accord", "oui", "non")


def content_words(text: str, customer: bool = True) -> list[str]:
    """The words of `text` that are not placeholders, masked insults, punctuation, emoji or pleasantries (nor,
    for a customer, acknowledgements)."""
    words = " ".join(_WORD.findall(_plain(_PLACEHOLDER.sub(" ", text.replace(MASK, " ")))))
    for phrase in (*_PLEASANTRIES, *_ACKNOWLEDGEMENTS) if customer else _PLEASANTRIES:
        words = phrase.sub(" ", words)
    return words.split()


def has_substance(text: str, customer: bool = True) -> bool:
    """Something to learn from: enough words once pleasantries and placeholders are gone."""
    return len(content_words(text, customer)) >= (QUESTION_WORDS if customer else ANSWER_WORDS)


def proposed_question(messages: Sequence[Message]) -> str:
    """The customer's question: the message the AI handed over on if it has substance, else the last one before
    it that has (a masked message is never taught); "" when none has."""
    asked = question_of(messages)
    if asked is None:
        return ""
    earlier = [m for m in messages if m.author == Author.CUSTOMER and m.id <= asked.id]
    for message in reversed(earlier):
        shown = for_staff(message)
        if not shown.masked and has_substance(shown.text):
            return shown.text.strip()
    return ""


def proposed_answer(messages: Sequence[Message]) -> str:
    """The agent's answer: their messages with substance, in order, leaving out those asking the customer
    something ("Could you send me the order number?"); "" when none is left."""
    answers = [
        m.text.strip()
        for m in messages
        if m.author == Author.AGENT and has_substance(m.text, customer=False) and not m.text.rstrip().endswith("?")
    ]
    return "\n".join(answers)
