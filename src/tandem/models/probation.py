"""Which intents a newly trained model may answer on its own (`tandem.domain.probation`).

The checks are the approved lessons that check an intent (`LearnedAnswer.checks_intent`): a question the AI
would have answered with `suggested_intent`, which a person answered instead. The domain's built-in pack
vouches for its own intents; an intent learned from lessons starts with none.
"""

from collections.abc import Iterable, Sequence

from tandem.domain.learning import LearnedAnswer
from tandem.domain.probation import DEFAULT_PROBATION, Checks, ProbationRule
from tandem.domain.triage import OUT_OF_SCOPE_INTENT


def checks_of(learned: Iterable[LearnedAnswer]) -> dict[str, Checks]:
    """Per intent the AI would have answered with, the people's verdicts: right iff they approved that intent."""
    checks: dict[str, Checks] = {}
    for item in learned:
        guessed = item.suggested_intent
        if item.checks_intent and guessed:
            checks[guessed] = checks.get(guessed, Checks()).add(item.intent == guessed)
    return checks


def on_probation(
    labels: Sequence[str],
    checks: dict[str, Checks],
    vouched: Iterable[str],
    rule: ProbationRule = DEFAULT_PROBATION,
) -> frozenset[str]:
    """The intents among a model's `labels` it may not answer on its own yet (never the out-of-scope class)."""
    # Plain strings: a trained model's labels are numpy's, and the set is also recorded as JSON.
    intents = (str(label) for label in labels if label != OUT_OF_SCOPE_INTENT)
    return rule.on_probation(intents, checks, vouched)


def checks_record(checks: dict[str, Checks]) -> dict[str, list[int]]:
    """`checks` as a model version records them: intent -> [right, wrong]."""
    return {intent: [c.right, c.wrong] for intent, c in sorted(checks.items())}
