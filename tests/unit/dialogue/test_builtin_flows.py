"""Every flow of every built-in pack runs to a complete reply on the demo connector's documented records."""

import pytest

from tandem.connectors import DemoConnector
from tandem.connectors.operations import OPERATION_PARAMS
from tandem.dialogue.flows import StepKind, advance
from tandem.domain.dialogue import FlowState
from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Flow
from tandem.domain.understanding import Entity, EntityKind, Understanding
from tandem.packs.catalog import find_pack, pack_names

DEMO = DemoConnector(size=20)
ANSWERS = {
    "order_id": "100234",
    "tracking_number": "1Z999AA10123456784",
    "phone": "+33612345678",
    "email": "jane.doe@example.com",
    "date": "2025-03-20",
    "amount": "10.00",
    "text": "12 rue de Rivoli, 75001 Paris",
}


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for name in pack_names():
        try:
            pack = find_pack(name)
        except InvalidInput:
            continue  # reported by test_pack_loader.test_every_builtin_pack_loads
        cases += [(name, flow, language) for flow in pack.flows for language in pack.languages]
    return cases


@pytest.mark.parametrize(("pack_name", "flow_id", "language"), _cases())
def test_builtin_flow_replies_in_full(pack_name: str, flow_id: str, language: str) -> None:
    pack = find_pack(pack_name)
    flow = pack.flows[flow_id]
    step = advance(flow, FlowState(flow_id), Understanding("hello", language, None, 1.0), DEMO, language, pack)
    for _ in range(len(flow.slots) + 1):
        if step.kind == StepKind.REPLY:
            assert "{" not in step.text and "}" not in step.text, step.text
            return
        assert step.kind == StepKind.ASK, step.text
        assert "{" not in step.text, step.text
        answer = _answer(flow, step.state.asked, step.state.slots)
        kind = next(slot.entity for slot in flow.slots if slot.name == step.state.asked)
        entities = () if kind == "text" else (Entity(EntityKind(kind), answer, answer, 0, len(answer)),)
        understanding = Understanding(answer, language, None, 1.0, entities=entities)
        step = advance(flow, step.state, understanding, DEMO, language, pack)
    pytest.fail(f"{flow_id} never replied")


def _answer(flow: Flow, asked: str, slots: dict[str, str]) -> str:
    """What the customer of the documented demo records answers to the question for slot `asked`."""
    check = flow.verification
    if check is not None and asked == check.slot:
        record = DEMO.call(flow.lookup, {name: slots[name] for name in OPERATION_PARAMS[flow.lookup]})
        return str(record[check.field])
    kind = next(slot.entity for slot in flow.slots if slot.name == asked)
    return ANSWERS[kind]
