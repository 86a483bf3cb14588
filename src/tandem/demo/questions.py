"""The customers' questions of a history: the packs' own intent examples, in each of their languages, with what
the AI says back (the article, the flow's first question, the canned reply) and the customer's thanks."""

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from tandem.domain.packs import HandlerKind, Intent, Pack, in_language
from tandem.packs.catalog import find_pack

SMALL_TALK = ("greeting", "thanks", "goodbye")  # the common pack's intents, merged into every pack
# How often customers ask about each kind of intent: mostly "where is it" and "how do I", one in ten a person's job.
KIND_WEIGHTS = {HandlerKind.FLOW: 3.0, HandlerKind.ARTICLE: 1.6, HandlerKind.HUMAN: 1.0}


@dataclass(frozen=True, slots=True)
class Topic:
    """One intent of a pack, as the history uses it."""

    domain: str
    intent: str
    kind: HandlerKind
    examples: dict[str, tuple[str, ...]]  # language -> customer messages
    answer: dict[str, str]  # language -> the AI's reply to the first message ("" for a person's intent)
    done: dict[str, str]  # language -> a flow's result (its reply, the record's fields left as "…"); else `answer`
    weight: float


@dataclass(frozen=True)
class DomainQuestions:
    domain: str
    languages: tuple[str, ...]
    topics: tuple[Topic, ...]
    thanks: dict[str, tuple[str, ...]]  # what customers write to say it is solved
    thanks_reply: dict[str, str]
    out_of_scope: dict[str, tuple[str, ...]]  # questions the pack does not cover

    @functools.cached_property
    def cum_weights(self) -> list[float]:
        """The topics' cumulative weights, for `random.choices`."""
        return list(itertools.accumulate(t.weight for t in self.topics))


def _answer(pack: Pack, intent: Intent, language: str) -> str:
    handler = intent.handler
    if handler.kind == HandlerKind.ARTICLE:
        return in_language(pack.articles[handler.target].body, language)
    if handler.kind == HandlerKind.FLOW:
        flow = pack.flows[handler.target]
        return in_language(flow.slots[0].prompt, language) if flow.slots else in_language(flow.reply, language)
    if handler.kind == HandlerKind.REPLY:
        return in_language(pack.replies.get(handler.target, {}), language)
    return ""


class _Unknown(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def _done(pack: Pack, intent: Intent, language: str) -> str:
    if intent.handler.kind != HandlerKind.FLOW:
        return _answer(pack, intent, language)
    try:
        return in_language(pack.flows[intent.handler.target].reply, language).format_map(_Unknown())
    except (ValueError, IndexError, AttributeError):  # a template beyond plain fields: its text as written
        return in_language(pack.flows[intent.handler.target].reply, language)


def _topic(pack: Pack, intent: Intent) -> Topic:
    return Topic(
        domain=pack.name,
        intent=intent.name,
        kind=intent.handler.kind,
        examples={lang: intent.examples.get(lang, ()) for lang in pack.languages},
        answer={lang: _answer(pack, intent, lang) for lang in pack.languages},
        done={lang: _done(pack, intent, lang) for lang in pack.languages},
        weight=KIND_WEIGHTS.get(intent.handler.kind, 0.0),
    )


def domain_questions(pack: Pack) -> DomainQuestions:
    """A pack's questions: its own intents (small talk apart) with examples in every one of its languages."""
    topics = tuple(
        _topic(pack, intent)
        for intent in pack.intents.values()
        if intent.name not in SMALL_TALK and all(intent.examples.get(lang) for lang in pack.languages)
    )
    thanks = pack.intents.get("thanks")
    return DomainQuestions(
        domain=pack.name,
        languages=pack.languages,
        topics=tuple(t for t in topics if t.weight > 0),
        thanks={lang: thanks.examples.get(lang, ()) if thanks else () for lang in pack.languages},
        thanks_reply={lang: in_language(pack.replies.get("thanks", {}), lang) for lang in pack.languages},
        out_of_scope={lang: pack.out_of_scope.get(lang, ()) for lang in pack.languages},
    )


def question_bank(domains: Sequence[str]) -> tuple[DomainQuestions, ...]:
    """The questions of every pack in `domains` (packs found as the server finds them)."""
    return tuple(domain_questions(find_pack(domain)) for domain in domains)
