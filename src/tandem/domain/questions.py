"""Which customer message is "the question" of a conversation: the one the handoff packet quotes and the
lesson starts from."""

from collections.abc import Sequence

from tandem.domain.conversations import Author, Message
from tandem.domain.triage import Reason


def question_of(messages: Sequence[Message]) -> Message | None:
    """The customer message the AI handed over on, else the last one before a person first wrote.

    When the customer handed over by rejecting an answer ("that's not what I asked"), the question is the one
    the AI answered wrongly: the lesson then corrects a confident mistake, which escalations alone never teach.
    """
    customer = [m for m in messages if m.author == Author.CUSTOMER]
    escalated = [m for m in customer if m.meta.decision == "escalate"]
    if escalated:
        last = escalated[-1]
        if Reason.REJECTED_ANSWER.value in last.meta.reasons:
            answered = [m for m in customer if m.id < last.id and m.meta.decision == "answer"]
            if answered:
                return answered[-1]
        return last
    first_agent = next((m.id for m in messages if m.author == Author.AGENT), None)
    before = [m for m in customer if first_agent is None or m.id < first_agent]
    return before[-1] if before else (customer[0] if customer else None)
