"""The AI's conversation state as JSON, so the web service can keep it in the database between messages."""

from typing import Any

from tandem.dialogue.assistant import AiState
from tandem.dialogue.flows import FlowState
from tandem.domain.triage import Decision, Turn


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
