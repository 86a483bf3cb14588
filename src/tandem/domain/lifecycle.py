"""A conversation's life, as one state machine: every module that moves a conversation goes through it.

```
            escalate              assign
    bot ─────────────► queued ─────────────► assigned
     ▲  ◄───────────────────────────────────── │ │ │
     │        hand back            transfer,   │ │ │
     │                        requeue (break,  │ │ │
     │                        disconnect) ◄────┘ │ │
     │ reopen                                    │ │ resolve, end (abuse)
     └──────────── resolved ◄────────────────────┘ │
                      ▲        resolve (a supervisor, from the bot or the queue);
                      │        end (abuse): kept for a supervisor, nobody took it in time
                      └────────────────────────────┘
```

Each transition checks where the conversation is and returns the conversation as it is after it; a move the
machine does not allow raises `Conflict` with what the caller may tell the person who asked. No clock, no I/O.
"""

from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from tandem.domain.conversations import Conversation, ConversationStatus
from tandem.domain.dialogue import AiState
from tandem.domain.errors import Conflict
from tandem.domain.handoff import HandoffPacket

BOT, QUEUED, ASSIGNED, RESOLVED = (
    ConversationStatus.BOT,
    ConversationStatus.QUEUED,
    ConversationStatus.ASSIGNED,
    ConversationStatus.RESOLVED,
)


class Transition(StrEnum):
    ESCALATE = "escalate"  # the AI hands over to people
    ASSIGN = "assign"  # the router gives it to an agent
    RESOLVE = "resolve"
    END = "end"  # its agent ends it on the spot (abuse), or it waited for a supervisor too long; flagged
    HAND_BACK = "hand_back"  # back to the AI
    TRANSFER = "transfer"  # to another team's queue
    REQUEUE = "requeue"  # its agent went on break, offline or lost their connection
    REOPEN = "reopen"  # the customer writes again after it was resolved


# Transition -> (the statuses it may start from, the status it ends in).
MOVES: dict[Transition, tuple[frozenset[ConversationStatus], ConversationStatus]] = {
    Transition.ESCALATE: (frozenset({BOT}), QUEUED),
    Transition.ASSIGN: (frozenset({QUEUED}), ASSIGNED),
    Transition.RESOLVE: (frozenset({BOT, QUEUED, ASSIGNED}), RESOLVED),
    Transition.END: (frozenset({QUEUED, ASSIGNED}), RESOLVED),
    Transition.HAND_BACK: (frozenset({ASSIGNED}), BOT),
    Transition.TRANSFER: (frozenset({QUEUED, ASSIGNED}), QUEUED),
    Transition.REQUEUE: (frozenset({ASSIGNED}), QUEUED),
    Transition.REOPEN: (frozenset({RESOLVED}), BOT),
}

# What a person is told when they ask for a move the conversation cannot make from where it is.
_REFUSALS: dict[Transition, str] = {
    Transition.ESCALATE: "only a conversation with the AI can be handed over; this one is {status}",
    Transition.ASSIGN: "only a queued conversation can be assigned; this one is {status}",
    Transition.RESOLVE: "this conversation is already resolved",
    Transition.END: "only a conversation with people can be ended; this one is {status}",
    Transition.HAND_BACK: "only an assigned conversation can be handed back; this one is {status}",
    Transition.TRANSFER: "only a conversation with people can be transferred; this one is {status}",
    Transition.REQUEUE: "only an assigned conversation can go back to the queue; this one is {status}",
    Transition.REOPEN: "only a resolved conversation can be reopened; this one is {status}",
}


def sources(transition: Transition) -> frozenset[ConversationStatus]:
    """The statuses `transition` may start from."""
    return MOVES[transition][0]


def target(transition: Transition) -> ConversationStatus:
    """The status a conversation is in after `transition`."""
    return MOVES[transition][1]


def allowed(conversation: Conversation, transition: Transition) -> bool:
    return conversation.status in sources(transition)


def check(conversation: Conversation, transition: Transition) -> None:
    """Raises `Conflict` unless `conversation` may make `transition` now."""
    if not allowed(conversation, transition):
        raise Conflict(_REFUSALS[transition].format(status=conversation.status.value))


def _moved(conversation: Conversation, transition: Transition) -> Conversation:
    check(conversation, transition)
    return replace(conversation, status=target(transition))


def escalated(
    conversation: Conversation,
    now: datetime,
    reasons: tuple[str, ...],
    priority: int,
    handoff: HandoffPacket,
    supervisor_only: bool = False,
) -> Conversation:
    """Handed over by the AI: queued for a person (a supervisor when `supervisor_only`) with its packet. The
    reasons add to those of earlier hand-overs."""
    return replace(
        _moved(conversation, Transition.ESCALATE),
        escalation_reasons=tuple(dict.fromkeys((*conversation.escalation_reasons, *reasons))),
        priority=priority,
        queued_at=now,
        handoff=handoff,
        agent_id=None,
        assigned_at=None,
        supervisor_only=supervisor_only,
        waiting_reasons=(),
    )


def assigned(conversation: Conversation, agent_id: int, now: datetime) -> Conversation:
    return replace(_moved(conversation, Transition.ASSIGN), agent_id=agent_id, assigned_at=now, waiting_reasons=())


def resolved(conversation: Conversation, now: datetime) -> Conversation:
    return replace(_moved(conversation, Transition.RESOLVE), resolved_at=now)


def ended(conversation: Conversation, now: datetime, reason: str) -> Conversation:
    """Ended on the spot by its agent, or still waiting (a hostile conversation no supervisor took in time):
    resolved, and flagged with `reason`."""
    return replace(_moved(conversation, Transition.END), resolved_at=now, flagged=True, flag_reason=reason)


def handed_back(conversation: Conversation, ai_state: AiState) -> Conversation:
    """Back to the AI, which starts afresh from `ai_state`."""
    return replace(_moved(conversation, Transition.HAND_BACK), agent_id=None, assigned_at=None, ai_state=ai_state)


def transferred(conversation: Conversation, domain: str, language: str | None, now: datetime) -> Conversation:
    """In another team's queue. Taken from an agent, it queues afresh from `now`: `queued_at` measures time in
    the queue only (the wait shown, the speed of answer, aging and the SLA), never time spent with a person, as a
    contact centre counts each queue stint; still waiting, it keeps its wait."""
    return replace(
        _moved(conversation, Transition.TRANSFER),
        domain=domain,
        language=language or conversation.language,
        agent_id=None,
        assigned_at=None,
        queued_at=now if conversation.status == ASSIGNED else conversation.queued_at,
    )


def requeued(conversation: Conversation, now: datetime) -> Conversation:
    """Back in the queue from `now` because its agent left (break, offline, a connection that did not come back);
    the time with that agent was no wait (see `transferred`)."""
    return replace(_moved(conversation, Transition.REQUEUE), agent_id=None, assigned_at=None, queued_at=now)


def reopened(conversation: Conversation) -> Conversation:
    """The customer wrote again after the end: the AI has it again, the earlier rating and agent are cleared."""
    return replace(_moved(conversation, Transition.REOPEN), resolved_at=None, agent_id=None, csat=None)
