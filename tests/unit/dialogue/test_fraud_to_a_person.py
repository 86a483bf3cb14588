"""SIM swaps, account takeovers and cards used by someone else go to a person, never to an answer or a question
back: real customer text in French and English through the real pack model, signals and policy."""

from pathlib import Path

import pytest

from tandem.domain.triage import Decision, Reason
from tandem.domain.understanding import SensitiveTopic
from tandem.models.pack_models import pack_model, packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.triage.service import TriageService

pytestmark = pytest.mark.slow

TELECOM = [
    "Someone ported my number to another carrier without my permission",
    "my number was moved to another network and I never asked for it",
    "unauthorised SIM swap on my line, I have no signal and my bank texts go elsewhere",
    "I got a text saying my SIM was replaced but I didn't ask for it",
    "someone changed my password and now I'm locked out of my account",
    "somebody changed the email address on my account",
    "my account was hacked",
    "quelqu'un a fait porter mon numéro chez un autre opérateur sans mon accord",
    "ma ligne a été transférée sans mon accord",
    "on a piraté mon compte",
    "quelqu'un a changé mon mot de passe, je ne peux plus me connecter",
    "je n'ai jamais demandé de nouvelle carte sim et ma ligne ne marche plus",
]
ECOMMERCE = [
    "my card was used without me on your site",
    "someone took over my account and changed the delivery address",
    "on a utilisé ma carte sans mon autorisation",
    "quelqu'un a modifié l'adresse mail de mon compte",
]


@pytest.fixture(scope="module")
def telecom(model_dir: Path) -> TriageService:
    return TriageService(pack_model("telecom", model_dir), packs_for("telecom"))


@pytest.fixture(scope="module")
def ecommerce(ecommerce_model: IntentModel) -> TriageService:
    return TriageService(ecommerce_model, packs_for("ecommerce"))


def _goes_to_a_person(service: TriageService, text: str) -> None:
    triaged = service.triage(text)
    assert triaged.result.decision == Decision.ESCALATE, triaged.as_json()
    assert Reason.SENSITIVE_TOPIC in triaged.result.reasons
    assert SensitiveTopic.FRAUD in triaged.understanding.signals.sensitive_topics


@pytest.mark.parametrize("text", TELECOM)
def test_telecom_fraud_goes_to_a_person(telecom: TriageService, text: str) -> None:
    _goes_to_a_person(telecom, text)


@pytest.mark.parametrize("text", ECOMMERCE)
def test_shop_fraud_goes_to_a_person(ecommerce: TriageService, text: str) -> None:
    _goes_to_a_person(ecommerce, text)
