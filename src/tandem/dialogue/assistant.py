"""The AI side of a conversation: triage each message, then answer, ask back, run a flow, or hand over.

State lives in an immutable `AiState` the caller keeps (in memory for `tandem chat`, in the database for
the web service) and passes back with the next message.
"""

import copy
import re
from dataclasses import dataclass, field, replace

from tandem.dialogue.flows import FlowStep, StepKind, advance
from tandem.domain.dialogue import AiState, FlowState
from tandem.domain.meta import MessageMeta
from tandem.domain.packs import Flow, HandlerKind, Pack
from tandem.domain.ports import Connector
from tandem.domain.shielding import mask_terms
from tandem.domain.triage import Decision, Reason, TriageResult, Turn
from tandem.domain.understanding import Understanding
from tandem.i18n import t
from tandem.llm.assist import LlmAssist
from tandem.nlu.intent_model import IntentModel
from tandem.packs.knowledge import article_for_intent
from tandem.triage.policy import clarify_options
from tandem.triage.service import Triaged, TriageService

# Escalations the customer's own words cause: they interrupt a flow or a clarification.
SIGNAL_REASONS = frozenset(
    {Reason.ASKED_FOR_HUMAN, Reason.ABUSE, Reason.SENSITIVE_TOPIC, Reason.FRUSTRATION, Reason.REJECTED_ANSWER}
)
# What the AI does with a message once its insults are set aside and nothing meaningful is left.
_NOTHING_LEFT = frozenset({Reason.OUT_OF_SCOPE, Reason.LOW_CONFIDENCE})
_WORD = re.compile(r"\w{2,}")
_CHOICE = re.compile(r"^\s*(?:n[°o]\s*)?([1-3])\s*[.)]?\s*$")
_YES = re.compile(r"^\s*(?:yes|yeah|yep|oui|ouais|exactement|exactly|c'est ça|that's it)\b", re.IGNORECASE)


@dataclass(frozen=True)
class AiReply:
    triaged: Triaged
    text: str
    state: AiState
    # For the agent to check: the article a language model phrased this answer from. Empty for offline replies.
    meta: MessageMeta = field(default_factory=MessageMeta)
    # The optional language model, for the handoff summary when this reply hands the conversation over.
    llm: LlmAssist | None = field(default=None, repr=False, compare=False)
    # A hand-over only a supervisor may take (insults again after the AI's warning).
    for_supervisor: bool = False

    @property
    def decision(self) -> TriageResult:
        return self.triaged.result


class Assistant:
    def __init__(self, pack: Pack, triage: TriageService, connector: Connector, llm: LlmAssist | None = None) -> None:
        self.pack = pack
        self._triage = triage
        self._connector = connector
        self._llm = llm  # phrases article answers and handoff summaries; never decides anything

    @property
    def model(self) -> IntentModel:
        return self._triage.model

    def retrained(self, pack: Pack, model: IntentModel) -> "Assistant":
        """This assistant with another model and the pack it was trained with (a new model version)."""
        clone = copy.copy(self)
        clone.pack = pack
        clone._triage = TriageService(model, [pack])
        return clone

    def read(self, text: str, language: str | None) -> Understanding:
        """What the AI understands of a message it will not answer (a person has the conversation)."""
        return self._triage.triage(text, (), language).understanding

    def respond(self, state: AiState, text: str) -> AiReply:
        """What the AI does with one customer message, and the conversation's next state.

        Triage decides whether the AI may answer a message; what a hand-over is, is decided here, once. The first
        insulting message gets a warning and the AI carries on with whatever else it asks; insults after that
        warning hand the conversation to a supervisor, not an agent.
        """
        reply = self._respond(state, text)
        if Reason.ABUSE not in reply.decision.reasons:
            return reply
        if state.abuse_warned:
            return self._for_supervisor(reply) if reply.state.escalated else reply
        return self._warn(state, text, reply.triaged.understanding)

    def _for_supervisor(self, reply: AiReply) -> AiReply:
        """A hand-over only a supervisor may take. The AI says why it stops and promises no one and no time: the
        queue's line that follows says a supervisor will read it, and that it is closed if no one can in time."""
        said = t("escalate_abuse", reply.triaged.understanding.language)
        return replace(reply, text=said, for_supervisor=True)

    def _warn(self, state: AiState, text: str, understanding: Understanding) -> AiReply:
        """A warning, then the message answered as if its insults were not there. Handed over anyway when what
        is left needs a person (the agent is told of the insult); just the warning when nothing is left."""
        language = understanding.language
        warning = t("abuse_warning", language)
        state = replace(state, abuse_warned=True)
        rest = mask_terms(text, understanding.signals.abuse_terms, mask=" ")
        carried = self._respond(state, rest) if _WORD.search(rest) else None
        if carried is None or (
            carried.decision.decision == Decision.ESCALATE and _NOTHING_LEFT.issuperset(carried.decision.reasons)
        ):
            result = TriageResult(Decision.CLARIFY, (Reason.ABUSE,), understanding.intent, understanding.confidence)
            said = f"{warning} {t('abuse_warning_ask', language)}"
            return AiReply(Triaged(understanding, result), said, replace(state, language=language))
        result = carried.decision
        if result.decision == Decision.ESCALATE:
            result = replace(result, reasons=(Reason.ABUSE, *result.reasons))
        said = f"{warning}\n\n{carried.text}"
        return AiReply(Triaged(understanding, result), said, carried.state, carried.meta, carried.llm)

    def _respond(self, state: AiState, text: str) -> AiReply:
        triaged = self._triage.triage(text, state.history, state.language)
        u, result = triaged.understanding, triaged.result
        state = replace(state, language=u.language)
        interrupted = result.decision == Decision.ESCALATE and SIGNAL_REASONS.intersection(result.reasons)
        if state.options and not interrupted:
            chosen = _chosen_option(text, state.options)
            if chosen is not None:
                state = replace(state, options=())
                return self._answer(state, Triaged(u, TriageResult(Decision.ANSWER, (Reason.CONFIDENT,), chosen, 1.0)))
        state = replace(state, options=())
        if state.flow is not None and not interrupted and not self._switches_topic(state.flow, u, result):
            return self._continue_flow(state, triaged)
        state = replace(state, flow=None)
        if result.decision == Decision.ANSWER:
            return self._answer(state, triaged)
        if result.decision == Decision.CLARIFY:
            return self._clarify(state, triaged)
        return self._escalate(state, triaged)

    def _answer(self, state: AiState, triaged: Triaged) -> AiReply:
        intent = triaged.result.intent
        lang = triaged.understanding.language
        spec = self.pack.intents.get(intent or "")
        if spec is None or spec.handler.kind == HandlerKind.HUMAN:
            return self._escalate(state, triaged)
        state = replace(state, history=(*state.history, Turn(intent, Decision.ANSWER)))
        if spec.handler.kind == HandlerKind.FLOW:
            flow = self.pack.flows[spec.handler.target]
            flow_state = FlowState(flow_id=flow.id, slots=_carried(flow, dict(state.known), triaged.understanding))
            return self._step(state, triaged, flow_state)
        if spec.handler.kind == HandlerKind.REPLY:
            return AiReply(triaged, self.pack.replies[spec.handler.target][lang], state)
        article = article_for_intent(self.pack, spec.name, lang)
        if article is None:
            return self._escalate(state, triaged)
        if self._llm is not None:  # triage already chose to answer: the model only words the article
            phrased = self._llm.phrase_answer(triaged.understanding.text, article, lang)
            if phrased is not None:
                return AiReply(triaged, phrased.text, state, phrased.meta)
        return AiReply(triaged, f"{article.title}\n{article.body}", state)

    def _continue_flow(self, state: AiState, triaged: Triaged) -> AiReply:
        assert state.flow is not None
        flow_intent = next((i.name for i in self.pack.intents.values() if i.handler.target == state.flow.flow_id), None)
        # The message answers the flow's question: it is part of the same request, not a new one.
        result = TriageResult(Decision.ANSWER, (Reason.CONFIDENT,), flow_intent, 1.0)
        return self._step(state, Triaged(triaged.understanding, result), state.flow)

    def _step(self, state: AiState, triaged: Triaged, flow_state: FlowState) -> AiReply:
        flow = self.pack.flows[flow_state.flow_id]
        lang = triaged.understanding.language
        step: FlowStep = advance(flow, flow_state, triaged.understanding, self._connector, lang, self.pack)
        if step.state.record:
            # The record is the customer's to see only once they proved it is theirs: until then the agent learns
            # that it exists, not what it holds (the packet says "identity not verified").
            trusted = flow.verification is None or step.state.verified
            state = replace(state, facts=_with_fact(state.facts, flow.id, step.state.record if trusted else {}))
        if step.kind == StepKind.ESCALATE:
            reason = Reason(step.reason.value if step.reason else Reason.CONNECTOR_FAILURE)
            result = TriageResult(Decision.ESCALATE, (reason,), triaged.result.intent, triaged.result.confidence)
            return self._escalate(replace(state, flow=None), Triaged(triaged.understanding, result))
        if step.kind == StepKind.REPLY:
            # The record's facts were given: asking the same intent again (about another order, say) is a new
            # request, not a sign the answer failed.
            state = replace(
                state,
                known=tuple({**dict(state.known), **step.state.slots}.items()),
                history=_resolved(state.history, triaged.result.intent),
            )
        return AiReply(triaged, step.text, replace(state, flow=None if step.done else step.state))

    def _clarify(self, state: AiState, triaged: Triaged) -> AiReply:
        u = triaged.understanding
        # The same options the policy counted before it chose to ask back.
        options = tuple(intent for intent in clarify_options(u) if intent in self.pack.intents)
        state = replace(state, history=(*state.history, Turn(u.intent, Decision.CLARIFY)), options=options)
        if not options:
            return AiReply(triaged, t("clarify_none", u.language), state)
        lines = [t("clarify_intro", u.language)]
        lines += [f"{n}) {self._describe(intent, u.language)}" for n, intent in enumerate(options, start=1)]
        lines.append(t("clarify_outro", u.language))
        return AiReply(triaged, "\n".join(lines), state)

    def _escalate(self, state: AiState, triaged: Triaged) -> AiReply:
        result = triaged.result
        if result.decision != Decision.ESCALATE:  # an answer the pack cannot give after all
            result = TriageResult(Decision.ESCALATE, (Reason.OUT_OF_SCOPE,), result.intent, result.confidence)
            triaged = Triaged(triaged.understanding, result)
        turn = Turn(result.intent, Decision.ESCALATE)
        state = replace(state, history=(*state.history, turn), flow=None, options=(), escalated=True)
        return AiReply(triaged, t("escalate", triaged.understanding.language), state, llm=self._llm)

    def _describe(self, intent: str, language: str) -> str:
        """How to name an intent to a customer: its article's title, else its first example in that language."""
        article = article_for_intent(self.pack, intent, language)
        if article is not None:
            return article.title
        examples = self.pack.intents[intent].examples.get(language) or ("?",)
        return f"« {examples[0]} »" if language == "fr" else f'"{examples[0]}"'

    def _switches_topic(self, flow: FlowState, u: Understanding, result: TriageResult) -> bool:
        """A confident question about something else, with nothing the flow asked for, leaves the flow."""
        if result.decision != Decision.ANSWER or result.intent is None:
            return False
        spec = self.pack.intents.get(result.intent)
        same_flow = spec is not None and spec.handler.target == flow.flow_id
        return not same_flow and not u.entities


def _resolved(history: tuple[Turn, ...], intent: str | None) -> tuple[Turn, ...]:
    """The history with the last answer to `intent` marked resolved."""
    for i in range(len(history) - 1, -1, -1):
        if history[i].intent == intent and history[i].decision == Decision.ANSWER:
            return (*history[:i], replace(history[i], resolved=True), *history[i + 1 :])
    return history


def _carried(flow: Flow, known: dict[str, str], u: Understanding) -> dict[str, str]:
    """What this flow can reuse from earlier flows, unless the message names another record (verify afresh)."""
    carried = {slot.name: known[slot.name] for slot in flow.slots if slot.name in known}
    for slot in flow.slots:
        given = next((e.value for e in u.entities if e.kind.value == slot.entity), None)
        if given is not None and slot.name in carried and carried[slot.name] != given:
            return {}
    return carried


def _with_fact(
    facts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...], source: str, record: dict[str, object]
) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """`facts` with `record` from `source`; an empty record stands for one withheld until the customer is verified,
    and is dropped once the verified one arrives."""
    fields = tuple((str(k), str(v)) for k, v in record.items())
    if (source, fields) in facts:
        return facts
    if fields:
        facts = tuple(fact for fact in facts if fact != (source, ()))
    return (*facts, (source, fields))


def _chosen_option(text: str, options: tuple[str, ...]) -> str | None:
    match = _CHOICE.match(text)
    if match and int(match.group(1)) <= len(options):
        return options[int(match.group(1)) - 1]
    if _YES.match(text):
        return options[0]
    return None
