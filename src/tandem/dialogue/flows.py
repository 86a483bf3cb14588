"""Action flows as a pure step function: one customer message in, the next thing to say out.

`advance` never keeps anything between calls: the caller stores the returned `FlowState` and gives it back
with the next message. It never shows a field of the looked-up record before the customer's identity is
verified: prompts are rendered from the customer's own answers only.
"""

import functools
import hmac
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from tandem.dialogue.dates import with_long_dates
from tandem.dialogue.numbers import with_local_decimals
from tandem.domain.dialogue import FlowState
from tandem.domain.errors import ConnectorError, InvalidInput, NotFound
from tandem.domain.packs import Flow, Localized, Pack, Slot, in_language
from tandem.domain.ports import Connector
from tandem.domain.understanding import EntityKind, Understanding
from tandem.packs.parsing import PATTERN_ENTITY, TEXT_ENTITY
from tandem.packs.templates import render

logger = logging.getLogger(__name__)

MAX_VERIFICATION_FAILURES = 2

Labels = Mapping[str, Mapping[str, Localized]]


class StepKind(StrEnum):
    ASK = "ask"  # a question for the next missing slot (or the identity check)
    REPLY = "reply"  # the flow's answer; the flow is over
    NOT_FOUND = "not_found"  # no such record; the id was forgotten so the customer may give another
    VERIFICATION_FAILED = "verification_failed"  # wrong answer to the identity check; asked again
    ESCALATE = "escalate"  # a person must take over; the flow is over


class EscalationReason(StrEnum):
    CONNECTOR_FAILURE = "connector_failure"
    VERIFICATION_FAILED = "verification_failed"


@dataclass(frozen=True, slots=True)
class FlowStep:
    """What to do after one message: say `text` (empty for ESCALATE) and store `state` for the next one."""

    kind: StepKind
    state: FlowState
    text: str = ""
    result: dict[str, Any] = field(default_factory=dict)  # the action's result fields (REPLY only)
    reason: EscalationReason | None = None  # ESCALATE only

    @property
    def done(self) -> bool:
        return self.kind in (StepKind.REPLY, StepKind.ESCALATE)


def advance(
    flow: Flow,
    state: FlowState,
    understanding: Understanding,
    connector: Connector,
    language: str,
    pack: Pack,
) -> FlowStep:
    """Take in one customer message and return the next step of `flow` (of `pack`: its operations and labels).

    Slots are filled from the message's entities (a `text` slot from the whole message, when it was the one
    asked); the lookup runs as soon as its id is known; the identity check compares the customer's answer
    with the record (case and spaces ignored) and escalates after two failures; connector failures escalate.
    """
    if state.flow_id != flow.id:
        raise InvalidInput(f"state of flow {state.flow_id!r} given to flow {flow.id!r}")
    params = {name: operation.params for name, operation in pack.operations.items()}
    state = _absorb(flow, state, understanding, params)
    check = flow.verification
    if flow.lookup and not state.record and all(name in state.slots for name in params[flow.lookup]):
        try:
            state = replace(state, record=connector.call(flow.lookup, _params(params[flow.lookup], state.slots)))
        except NotFound:
            return _not_found(flow, state, params[flow.lookup], language)
        except ConnectorError as exc:
            return _connector_failure(flow, state, flow.lookup, exc)
    if check is not None and state.record and not state.verified and check.slot in state.slots:
        if _same(state.slots[check.slot], state.record.get(check.field)):
            state = replace(state, verified=True)
        else:
            slots = {k: v for k, v in state.slots.items() if k != check.slot}
            state = replace(state, slots=slots, attempts=state.attempts + 1, asked=check.slot)
            if state.attempts >= MAX_VERIFICATION_FAILURES:
                return FlowStep(StepKind.ESCALATE, state, reason=EscalationReason.VERIFICATION_FAILED)
            text = render(in_language(check.failed, language), slots, f"flow {flow.id} verify.failed")
            return FlowStep(StepKind.VERIFICATION_FAILED, state, text)
    question = _next_question(flow, state)
    if question is not None:
        name, prompt = question
        text = render(in_language(prompt, language), state.slots, f"flow {flow.id} prompt {name}")
        return FlowStep(StepKind.ASK, replace(state, asked=name), text)
    if check is not None and not state.verified:
        # Unreachable for a pack the loader accepted (the lookup's id is a slot): refuse rather than leak.
        raise InvalidInput(f"flow {flow.id!r} cannot verify: its lookup never ran")
    return _run_action(flow, state, connector, language, pack)


def _run_action(flow: Flow, state: FlowState, connector: Connector, language: str, pack: Pack) -> FlowStep:
    labels: Labels = pack.labels
    params = pack.operations[flow.action].params
    if flow.action == flow.lookup:
        result = state.record
    else:
        try:
            result = connector.call(flow.action, _params(params, state.slots))
        except NotFound:
            return _not_found(flow, state, params, language)
        except ConnectorError as exc:
            return _connector_failure(flow, state, flow.action, exc)
    # Labels read the raw values; the customer reads dates and decimals written as their language writes them.
    values = _with_labels({**state.slots, **state.record, **result}, labels, language)
    values = with_local_decimals(with_long_dates(values, language), language)
    text = render(in_language(flow.reply, language), values, f"flow {flow.id} reply")
    return FlowStep(StepKind.REPLY, replace(state, asked=""), text, result=dict(result))


def _absorb(
    flow: Flow, state: FlowState, understanding: Understanding, params: Mapping[str, tuple[str, ...]]
) -> FlowState:
    """Fill slots from the message. A new value for the record's id forgets the record and its check."""
    slots, record, verified = dict(state.slots), state.record, state.verified
    answering_text = any(s.name == state.asked and s.entity == TEXT_ENTITY for s in flow.slots)
    lookup_ids = params.get(flow.lookup, ())
    verify_slot = flow.verification.slot if flow.verification else None
    values = {slot.name: v for slot in flow.slots if (v := _value_for(slot, state.asked, understanding)) is not None}
    # A free-text answer (an address) may contain look-alike ids: it corrects nothing.
    switched = not answering_text and any(
        name in slots and name in values and slots[name] != values[name] for name in lookup_ids
    )
    if switched:
        # Another record: the identity check starts over, and an answer given for the old one is not reused.
        record, verified = {}, False
        if verify_slot is not None and verify_slot not in values:
            slots.pop(verify_slot, None)
    for name, value in values.items():
        if name in slots and (answering_text or (name == verify_slot and verified)):
            continue  # a verified answer is never replaced by an unverified one
        slots[name] = value
    return replace(state, slots=slots, record=record, verified=verified)


def _value_for(slot: Slot, asked: str, understanding: Understanding) -> str | None:
    if slot.entity == TEXT_ENTITY:
        text = understanding.text.strip()
        return text if asked == slot.name and text else None
    if slot.entity == PATTERN_ENTITY:
        return _pattern_value(slot.pattern, understanding.text)
    entity = understanding.entity(EntityKind(slot.entity))
    return entity.value if entity is not None else None


def _next_question(flow: Flow, state: FlowState) -> tuple[str, Localized] | None:
    check = flow.verification
    if check is not None and state.record and not state.verified:
        return check.slot, check.prompt
    for slot in flow.slots:
        if slot.name not in state.slots:
            return slot.name, slot.prompt
    return None


def _pattern_value(pattern: str, text: str) -> str | None:
    """The first match of a slot's own pattern (its first group if it has one), spaces trimmed."""
    found = _compiled(pattern).search(text)
    if found is None:
        return None
    value = (found.group(1) if found.re.groups else found.group(0)) or ""
    return value.strip() or None


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _not_found(flow: Flow, state: FlowState, params: tuple[str, ...], language: str) -> FlowStep:
    text = render(in_language(flow.not_found, language), state.slots, f"flow {flow.id} not_found")
    record_id = params[:1]
    slots = {k: v for k, v in state.slots.items() if k not in record_id}
    asked = record_id[0] if record_id else ""
    return FlowStep(StepKind.NOT_FOUND, replace(state, slots=slots, record={}, verified=False, asked=asked), text)


def _connector_failure(flow: Flow, state: FlowState, operation: str, exc: ConnectorError) -> FlowStep:
    # The connector's message names host and operation only (no personal data), so it may be logged.
    logger.warning("flow %s: %s failed: %s", flow.id, operation, exc)
    return FlowStep(StepKind.ESCALATE, state, reason=EscalationReason.CONNECTOR_FAILURE)


def _with_labels(values: dict[str, Any], labels: Labels, language: str) -> dict[str, Any]:
    """Add `<field>_label` for every labelled field; an unlabelled value shows as itself."""
    for name in [n for n in values if n in labels]:
        texts = labels[name].get(str(values[name]))
        values[f"{name}_label"] = in_language(texts, language) if texts else str(values[name])
    return values


def _params(names: tuple[str, ...], slots: Mapping[str, str]) -> dict[str, str]:
    return {name: slots[name] for name in names}


def _same(answer: str, expected: Any) -> bool:
    if expected is None:
        return False
    a, b = ("".join(str(v).split()).casefold().encode() for v in (answer, expected))
    return hmac.compare_digest(a, b)
