"""The line a customer reads once handed over: an estimate only when someone can take it; otherwise the truth."""

from dataclasses import replace
from datetime import UTC, datetime

from tandem.conversations.posting import CUSTOMER_MAX_CHARS, clipped, queue_notice
from tandem.domain.conversations import Conversation, ConversationStatus, Customer
from tandem.domain.events import QueueInfo
from tandem.domain.hours import parse_hours

NOW = datetime(2026, 12, 6, 20, 0, tzinfo=UTC)
QUEUED = Conversation("c1", "ecommerce", "en", Customer("C"), NOW, status=ConversationStatus.QUEUED, queued_at=NOW)
HOURS = parse_hours("mon-fri 09:00-18:00, sat 10:00-14:00", "Europe/Paris")


def test_someone_at_work_gives_an_estimate_or_now() -> None:
    assert queue_notice(QueueInfo(3, 600), QUEUED, HOURS) == (
        "A colleague will be with you shortly. You are number 3 in the queue, about 10 min."
    )
    assert queue_notice(QueueInfo(1, 0), QUEUED, HOURS) == "A colleague is joining you now."


def test_no_one_at_work_is_said_with_the_hours_and_the_request_kept() -> None:
    line = queue_notice(QueueInfo(1, None), QUEUED, HOURS)
    assert line == (
        "No adviser is available right now. Our team answers Monday to Friday, 9:00–18:00; Saturday, 10:00–14:00 "
        "(Paris time). Your request is kept: a colleague will reply here as soon as one is back. Keep this tab "
        "open, or come back to this page in the same tab."
    )
    assert "shortly" not in line and "joining" not in line
    french = queue_notice(QueueInfo(1, None), replace(QUEUED, language="fr"), HOURS)
    assert french.startswith("Aucun conseiller n'est disponible pour le moment. Notre équipe répond du lundi au")
    assert queue_notice(QueueInfo(2, None), QUEUED, None).startswith(
        "No adviser is available right now. Your request is kept"
    )


def test_a_supervisor_only_hand_over_promises_no_one_now() -> None:
    only = replace(QUEUED, supervisor_only=True)
    for info in (QueueInfo(1, 0), QueueInfo(1, 120), QueueInfo(1, None)):
        line = queue_notice(info, only, HOURS)
        assert line.startswith("A supervisor will read this conversation. It may take a few minutes;")
        assert "closed politely" in line
    french = queue_notice(QueueInfo(1, 0), replace(only, language="fr"), HOURS)
    assert french.startswith("Un responsable va lire cette conversation.")


def test_a_customer_message_is_kept_up_to_the_limit() -> None:
    assert clipped("a" * CUSTOMER_MAX_CHARS) == ("a" * CUSTOMER_MAX_CHARS, False)
    kept, cut = clipped("b" * 5000)
    assert (len(kept), cut) == (4000, True)
