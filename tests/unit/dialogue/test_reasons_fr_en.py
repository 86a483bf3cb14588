"""Every reason code, from real customer text, in French and in English, through the real model and policy."""

import pytest

from tandem.connectors.demo import DemoConnector
from tandem.dialogue.assistant import Assistant
from tandem.domain.dialogue import AiState
from tandem.domain.errors import ConnectorError
from tandem.domain.triage import Decision, Reason
from tandem.models.pack_models import packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.triage.service import TriageService

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(ecommerce_model: IntentModel) -> TriageService:
    return TriageService(ecommerce_model, packs_for("ecommerce"))


@pytest.fixture(scope="module")
def assistant(service: TriageService) -> Assistant:
    return Assistant(packs_for("ecommerce")[0], service, DemoConnector())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I want to talk to a real person please", Reason.ASKED_FOR_HUMAN),
        ("je veux parler à un conseiller", Reason.ASKED_FOR_HUMAN),
        ("you useless idiots, where is my refund", Reason.ABUSE),
        ("bande d'incapables, toujours pas remboursé", Reason.ABUSE),
        ("someone used my card on your site without my permission, this is fraud", Reason.SENSITIVE_TOPIC),
        ("quelqu'un a utilisé ma carte sur votre site, c'est une arnaque", Reason.SENSITIVE_TOPIC),
        ("my lawyer will contact you, I'm taking you to court", Reason.SENSITIVE_TOPIC),
        ("mon père est décédé, je voudrais annuler ses commandes", Reason.SENSITIVE_TOPIC),
        ("THIS IS THE THIRD TIME I ASK, STILL NOTHING!!! ridiculous", Reason.FRUSTRATION),
        ("c'est la troisième fois que je demande, toujours rien !!! inadmissible", Reason.FRUSTRATION),
        ("my order is late and also I was charged twice for it", Reason.MULTI_ISSUE),
        ("ma commande est en retard et en plus j'ai été débité deux fois", Reason.MULTI_ISSUE),
        ("the item I received is broken, the screen is cracked", Reason.HUMAN_ONLY_INTENT),
        ("j'ai reçu un article cassé, l'écran est fissuré", Reason.HUMAN_ONLY_INTENT),
        ("what's the best recipe for lasagna", Reason.OUT_OF_SCOPE),
        ("quel temps fera-t-il demain à Lyon", Reason.OUT_OF_SCOPE),
    ],
)
def test_signal_and_scope_reasons(service: TriageService, text: str, reason: Reason) -> None:
    result = service.triage(text).result
    assert result.decision == Decision.ESCALATE
    assert reason in result.reasons


@pytest.mark.parametrize(("text", "language"), [("where is my order?", "en"), ("où en est ma commande ?", "fr")])
def test_simple_questions_are_answered(service: TriageService, text: str, language: str) -> None:
    triaged = service.triage(text)
    assert (triaged.result.decision, triaged.result.intent) == (Decision.ANSWER, "order_status")
    assert triaged.understanding.language == language


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("do you have a size guide?", "where can I find your size guide??"),
        ("avez-vous un guide des tailles ?", "où est votre guide des tailles ??"),
    ],
)
def test_same_unresolved_question_twice_escalates(assistant: Assistant, first: str, again: str) -> None:
    reply = assistant.respond(AiState(), first)
    assert reply.decision.decision == Decision.ANSWER
    second = assistant.respond(reply.state, again)
    assert second.decision.decision == Decision.ESCALATE
    assert Reason.REPEATED_FAILURE in second.decision.reasons


@pytest.mark.parametrize(
    ("question", "rejection"),
    [
        ("what payment methods do you accept?", "that doesn't answer my question"),
        ("quels moyens de paiement acceptez-vous ?", "ça ne répond pas à ma question"),
    ],
)
def test_rejecting_the_answer_escalates(assistant: Assistant, question: str, rejection: str) -> None:
    reply = assistant.respond(AiState(), question)
    assert reply.decision.decision == Decision.ANSWER
    second = assistant.respond(reply.state, rejection)
    assert second.decision.decision == Decision.ESCALATE
    assert Reason.REJECTED_ANSWER in second.decision.reasons


@pytest.mark.parametrize("language", ["en", "fr"])
def test_low_confidence_after_a_clarification_escalates(service: TriageService, language: str) -> None:
    from tandem.domain.triage import Turn
    from tandem.domain.understanding import IntentScore, Understanding

    thresholds = service._thresholds
    middle = (
        (thresholds.answer + thresholds.clarify) / 2 if thresholds.answer > thresholds.clarify else thresholds.clarify
    )
    # Two plausible intents: only then does the AI ask back at all (one long shot goes to a person at once).
    ranking = (IntentScore("order_status", middle), IntentScore("refund_status", (1 - middle) / 2))
    unsure = Understanding("euh", language, "order_status", middle, ranking)
    first = service.decide(unsure, [])
    assert first.decision in (Decision.CLARIFY, Decision.ANSWER)
    if first.decision == Decision.CLARIFY:
        again = service.decide(unsure, [Turn("order_status", Decision.CLARIFY)])
        assert again.reasons == (Reason.LOW_CONFIDENCE,)


class _Down:
    def call(self, operation: str, params: dict[str, str]) -> dict[str, str]:
        raise ConnectorError("order system timed out")


@pytest.mark.parametrize("text", ["where is my order 100234", "où est ma commande 100234"])
def test_connector_failure_escalates(service: TriageService, text: str) -> None:
    assistant = Assistant(packs_for("ecommerce")[0], service, _Down())
    reply = assistant.respond(AiState(), text)
    assert reply.decision.decision == Decision.ESCALATE
    assert reply.decision.reasons == (Reason.CONNECTOR_FAILURE,)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [("where is my order 100234", "someone@example.com"), ("où est ma commande 100234", "personne@example.fr")],
)
def test_failed_identity_check_escalates_and_reveals_nothing(assistant: Assistant, text: str, wrong: str) -> None:
    reply = assistant.respond(AiState(), text)
    for _ in range(2):
        assert "jane.doe" not in reply.text and "1Z999" not in reply.text
        reply = assistant.respond(reply.state, wrong)
    assert reply.decision.reasons == (Reason.VERIFICATION_FAILED,)
    assert "1Z999" not in reply.text


@pytest.mark.parametrize("text", ["where is my order 100234", "où est ma commande 100234"])
def test_the_order_flow_answers_after_verification(assistant: Assistant, text: str) -> None:
    reply = assistant.respond(AiState(), text)
    assert reply.decision.decision == Decision.ANSWER
    done = assistant.respond(reply.state, "jane.doe@example.com")
    assert "100234" in done.text
    assert done.state.flow is None


def test_a_second_flow_reuses_what_the_customer_already_gave(assistant: Assistant) -> None:
    reply = assistant.respond(AiState(), "where is my order 100234")
    reply = assistant.respond(reply.state, "jane.doe@example.com")
    assert "1Z999AA10123456784" in reply.text
    # Same order, new request: neither the order number nor the e-mail is asked again.
    refund = assistant.respond(reply.state, "has my refund for this order been processed?")
    assert refund.decision.decision == Decision.ANSWER
    assert refund.state.flow is None, refund.text
    assert "100234" in refund.text


def test_another_order_number_is_verified_afresh(assistant: Assistant) -> None:
    reply = assistant.respond(AiState(), "where is my order 100234")
    reply = assistant.respond(reply.state, "jane.doe@example.com")
    other = assistant.respond(reply.state, "and where is order 100345?")
    assert other.state.flow is not None  # asks for the e-mail of that order first
    assert "marc.dupont" not in other.text and "6A12345678901" not in other.text


@pytest.mark.parametrize(
    ("insult", "answer", "again"),
    [
        ("how long does delivery take, idiots?", "2 to 4 working days", "you idiots"),
        ("bande d'incapables, combien de temps prend la livraison ?", "2 à 4 jours ouvrés", "bande d'incapables"),
    ],
    ids=["en", "fr"],
)
def test_the_first_insult_gets_a_warning_and_an_answer_the_next_one_a_hand_over(
    assistant: Assistant, insult: str, answer: str, again: str
) -> None:
    warned = assistant.respond(AiState(), insult)
    assert warned.decision.decision == Decision.ANSWER
    assert answer in warned.text
    assert warned.text.split("\n")[0] in (
        "I'm here to help, but I can't continue if the conversation stays insulting.",
        "Je suis là pour vous aider, mais je ne pourrai pas continuer si la conversation reste insultante.",
    )
    assert warned.state.abuse_warned and not warned.state.escalated
    assert warned.triaged.understanding.signals.abuse  # the message is still known for what it was

    repeated = assistant.respond(warned.state, again)
    assert repeated.state.escalated
    assert Reason.ABUSE in repeated.decision.reasons


def test_an_insult_alone_gets_only_the_warning(assistant: Assistant) -> None:
    reply = assistant.respond(AiState(), "you idiots")
    assert (
        reply.text
        == "I'm here to help, but I can't continue if the conversation stays insulting. What can I do for you?"
    )
    assert (reply.decision.decision, reply.decision.reasons) == (Decision.CLARIFY, (Reason.ABUSE,))
    assert not reply.state.escalated and reply.state.history == ()


def test_an_insult_with_a_request_for_a_person_still_goes_to_one(assistant: Assistant) -> None:
    reply = assistant.respond(AiState(), "idiots, I want to talk to a human")
    assert reply.state.escalated
    assert reply.decision.reasons[:2] == (Reason.ABUSE, Reason.ASKED_FOR_HUMAN)
    assert "supervisor" not in reply.text  # an agent takes it: the supervisor is for insults after a warning
