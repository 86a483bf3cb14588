import json

from tandem.domain.dialogue import AiState, FlowState, dump_state, load_state
from tandem.domain.triage import Decision, Turn


def test_a_full_state_survives_a_json_round_trip() -> None:
    state = AiState(
        language="fr",
        history=(Turn("order_status", Decision.ANSWER, resolved=True), Turn(None, Decision.CLARIFY)),
        flow=FlowState(
            "track_order",
            {"order_id": "100234"},
            verified=True,
            record={"status": "shipped"},
            attempts=1,
            asked="email",
        ),
        options=("refund_request", "return_policy"),
        escalated=True,
        known=(("order_id", "100234"),),
        facts=(("track_order", (("status", "shipped"), ("carrier", "UPS"))),),
        abuse_warned=True,
    )
    assert load_state(json.loads(json.dumps(dump_state(state)))) == state


def test_an_empty_mapping_is_a_fresh_conversation() -> None:
    assert load_state({}) == AiState()
