"""Insults again after the AI's warning: a hand-over only a supervisor may take, told to the customer as it is."""

import pytest

from tandem.connectors.demo import DemoConnector
from tandem.dialogue.assistant import Assistant
from tandem.domain.dialogue import AiState
from tandem.domain.triage import Reason
from tandem.models.pack_models import packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.triage.service import TriageService

pytestmark = pytest.mark.slow

# What follows the AI's line is the queue's ("A supervisor will read this conversation. It may take a few
# minutes..."): the AI says why it stops, and promises no one, and no time.
STOPS = {
    "en": "As the messages are still insulting, I can't carry on with this conversation myself. "
    "Please keep the exchange respectful.",
    "fr": "Les messages restant insultants, je ne peux pas poursuivre cette conversation moi-même. "
    "Merci de garder un ton respectueux.",
}
PROMISES = ("now", "right away", "shortly", "tout de suite", "immédiatement", "rejoint", "joining")


@pytest.fixture(scope="module")
def assistant(ecommerce_model: IntentModel) -> Assistant:
    (pack,) = packs_for("ecommerce")
    return Assistant(pack, TriageService(ecommerce_model, [pack]), DemoConnector())


@pytest.mark.parametrize(
    ("language", "first", "again"),
    [
        ("en", "you idiots", "you are all idiots"),
        ("fr", "bande d'incapables", "vous êtes des incapables"),
        ("en", "you idiots", "idiots, where is my order 100234?"),  # a request with it: still for a supervisor
    ],
)
def test_insults_after_the_warning_go_to_a_supervisor_with_no_promise(
    assistant: Assistant, language: str, first: str, again: str
) -> None:
    warned = assistant.respond(AiState(language=language), first)
    assert warned.state.abuse_warned and not warned.state.escalated

    handed = assistant.respond(warned.state, again)

    assert handed.state.escalated and handed.for_supervisor
    assert Reason.ABUSE in handed.decision.reasons
    assert handed.text == STOPS[language]
    assert not any(promise in handed.text.lower() for promise in PROMISES)


def test_a_first_insult_with_a_request_for_a_person_goes_to_an_agent_as_usual(assistant: Assistant) -> None:
    reply = assistant.respond(AiState(), "idiots, I want to talk to a human")
    assert reply.state.escalated and not reply.for_supervisor
    assert STOPS["en"] not in reply.text
