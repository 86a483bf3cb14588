"""The AI's side of a conversation between two messages, and its JSON form (how the web service stores it).

The AI keeps nothing itself: `tandem.dialogue.Assistant` takes an `AiState` with each message and returns the
next one. `dump_state` / `load_state` are the only place that state meets JSON.
"""

from dataclasses import dataclass, field
from typing import Any

from tandem.domain.triage import Decision, Turn

Facts = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (flow id, record fields) per lookup


@dataclass(frozen=True, slots=True)
class FlowState:
    """Where a flow stands between two customer messages."""

    flow_id: str
    slots: dict[str, str] = field(default_factory=dict)
    verified: bool = False
    # The lookup's result. Persist it server-side only: it is kept from the customer until verified.
    record: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0  # failed identity checks so far
    asked: str = ""  # the slot the last question asked for


@dataclass(frozen=True)
class AiState:
    language: str | None = None
    history: tuple[Turn, ...] = ()
    flow: FlowState | None = None
    options: tuple[str, ...] = ()  # intents offered by the last clarification
    escalated: bool = False
    # Slot values of flows that completed (identity verified): the customer is never asked for them again.
    known: tuple[tuple[str, str], ...] = ()
    # What the business systems returned (flow id, record fields), for the agent if a person takes over.
    facts: Facts = ()
    # The customer was warned about insulting language once; insults again go to a supervisor.
    abuse_warned: bool = False

    def fresh_start(self) -> "AiState":
        """The AI starting over (after a person, or after the end): no history, flow or pending question, but
        what was verified, looked up and warned about is kept."""
        return AiState(language=self.language, known=self.known, facts=self.facts, abuse_warned=self.abuse_warned)


def dump_state(state: AiState) -> dict[str, Any]:
    flow = state.flow
    return {
        "language": state.language,
        "history": [[t.intent, t.decision.value, t.resolved] for t in state.history],
        "flow": None
        if flow is None
        else {
            "flow_id": flow.flow_id,
            "slots": flow.slots,
            "verified": flow.verified,
            "record": {k: str(v) for k, v in flow.record.items()},
            "attempts": flow.attempts,
            "asked": flow.asked,
        },
        "options": list(state.options),
        "escalated": state.escalated,
        "known": [list(pair) for pair in state.known],
        "facts": [[source, [list(pair) for pair in fields]] for source, fields in state.facts],
        "abuse_warned": state.abuse_warned,
    }


def load_state(data: dict[str, Any]) -> AiState:
    """The inverse of `dump_state`; an empty mapping is a fresh conversation."""
    if not data:
        return AiState()
    flow = data.get("flow")
    return AiState(
        language=data.get("language"),
        history=tuple(
            Turn(intent, Decision(decision), bool(resolved)) for intent, decision, resolved in data["history"]
        ),
        flow=None
        if flow is None
        else FlowState(
            flow_id=flow["flow_id"],
            slots=dict(flow["slots"]),
            verified=bool(flow["verified"]),
            record=dict(flow["record"]),
            attempts=int(flow["attempts"]),
            asked=str(flow["asked"]),
        ),
        options=tuple(data.get("options", ())),
        escalated=bool(data.get("escalated", False)),
        known=tuple((str(k), str(v)) for k, v in data.get("known", ())),
        facts=tuple(
            (str(source), tuple((str(k), str(v)) for k, v in fields)) for source, fields in data.get("facts", ())
        ),
        abuse_warned=bool(data.get("abuse_warned", False)),
    )
