from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tandem.domain.access import Principal, PrincipalKind, check_can_act, check_can_read, check_staff, check_supervisor
from tandem.domain.conversations import Conversation, ConversationStatus, Customer
from tandem.domain.errors import Forbidden

BOT = Conversation("c1", "ecommerce", "fr", Customer("Zoé"), datetime(2026, 11, 24, tzinfo=UTC))
QUEUED = replace(BOT, status=ConversationStatus.QUEUED)
ALICES = replace(BOT, status=ConversationStatus.ASSIGNED, agent_id=1)
CUSTOMER = Principal(PrincipalKind.CUSTOMER, conversation_id="c1")
STRANGER = Principal(PrincipalKind.CUSTOMER, conversation_id="c2")
ALICE = Principal(PrincipalKind.AGENT, agent_id=1)
BRUNO = Principal(PrincipalKind.AGENT, agent_id=2)
SAM = Principal(PrincipalKind.SUPERVISOR, agent_id=9)


@pytest.mark.parametrize(
    ("who", "conversation", "allowed"),
    [
        (CUSTOMER, BOT, True),
        (STRANGER, BOT, False),
        (ALICE, ALICES, True),
        (BRUNO, ALICES, False),
        (BRUNO, QUEUED, True),  # the queue is there to be picked from
        (BRUNO, BOT, False),  # the AI's conversations are not agents' business
        (SAM, BOT, True),
    ],
)
def test_who_may_read(who: Principal, conversation: Conversation, allowed: bool) -> None:
    if allowed:
        check_can_read(who, conversation)
    else:
        with pytest.raises(Forbidden):
            check_can_read(who, conversation)


@pytest.mark.parametrize(("who", "allowed"), [(ALICE, True), (SAM, True), (BRUNO, False), (CUSTOMER, False)])
def test_only_the_assigned_agent_or_a_supervisor_acts(who: Principal, allowed: bool) -> None:
    if allowed:
        check_can_act(who, ALICES)
    else:
        with pytest.raises(Forbidden):
            check_can_act(who, ALICES)


def test_staff_and_supervisor_only_checks() -> None:
    check_staff(ALICE)
    check_supervisor(SAM)
    with pytest.raises(Forbidden):
        check_staff(CUSTOMER)
    with pytest.raises(Forbidden):
        check_supervisor(ALICE)
